package io.neurostream.connectors.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topic names a deployment uses (defaults from DESIGN.md) and their partition count.
 *
 * @param partitions partitions of the keyed data topics; at least the job parallelism
 */
public record NeurostreamTopics(String dvsEvents, String neuralSpikes, String labels, String control,
                                String predictions, String models, String deadLetters, int partitions) {

    public NeurostreamTopics {
        for (String name : new String[] {dvsEvents, neuralSpikes, labels, control, predictions, models, deadLetters}) {
            if (name == null || name.isBlank() || !name.matches("[a-zA-Z0-9._-]+")) {
                throw new IllegalArgumentException("invalid topic name '" + name
                        + "': use letters, digits, '.', '_' and '-' only");
            }
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
    }

    public static NeurostreamTopics defaults(int partitions) {
        return new NeurostreamTopics("dvs.events", "neural.spikes", "labels", "control", "predictions", "models",
                "dead-letters", partitions);
    }

    /**
     * Topic definitions: data topics with {@code partitions}; models compacted. Sensor inputs and
     * predictions keep the broker's append time as their Kafka timestamp, so a record's
     * {@code ingestTimeMillis} is when it arrived in Kafka (not a producer's clock) and a
     * prediction's timestamp is when it became readable: latency is measured on one clock.
     */
    public List<NewTopic> definitions() {
        return definitions((short) 1);
    }

    /** As {@link #definitions()}, each topic with {@code replication} replicas (a production cluster: 3). */
    public List<NewTopic> definitions(short replication) {
        if (replication < 1) {
            throw new IllegalArgumentException("replication factor must be >= 1, got " + replication);
        }
        Map<String, String> arrivalTime = Map.of("message.timestamp.type", "LogAppendTime");
        return List.of(
                new NewTopic(dvsEvents, partitions, replication).configs(arrivalTime),
                new NewTopic(neuralSpikes, partitions, replication).configs(arrivalTime),
                new NewTopic(labels, partitions, replication).configs(arrivalTime),
                new NewTopic(control, 1, replication),
                new NewTopic(predictions, partitions, replication).configs(arrivalTime),
                new NewTopic(models, 1, replication).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(deadLetters, 1, replication));
    }
}
