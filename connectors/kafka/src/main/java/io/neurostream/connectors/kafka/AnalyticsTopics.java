package io.neurostream.connectors.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The output topics of spike-analytics beside {@link NeurostreamTopics}: unit statistics,
 * connectivity changes and population states, all keyed by session id.
 */
public record AnalyticsTopics(String stats, String connectivity, String states, int partitions) {

    public AnalyticsTopics {
        for (String name : new String[] {stats, connectivity, states}) {
            if (name == null || name.isBlank() || !name.matches("[a-zA-Z0-9._-]+")) {
                throw new IllegalArgumentException("invalid topic name '" + name
                        + "': use letters, digits, '.', '_' and '-' only");
            }
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
    }

    /** {@code neural.stats}, {@code neural.connectivity}, {@code neural.states}. */
    public static AnalyticsTopics defaults(int partitions) {
        return new AnalyticsTopics("neural.stats", "neural.connectivity", "neural.states", partitions);
    }

    /** Topic definitions with {@code replication} replicas; they keep the broker's append time (latency on one clock). */
    public List<NewTopic> definitions(short replication) {
        Map<String, String> arrivalTime = Map.of("message.timestamp.type", "LogAppendTime");
        return List.of(new NewTopic(stats, partitions, replication).configs(arrivalTime),
                new NewTopic(connectivity, partitions, replication).configs(arrivalTime),
                new NewTopic(states, partitions, replication).configs(arrivalTime));
    }
}
