package io.neurostream.jobs.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.dvs.EventStagesConfig;
import io.neurostream.jobs.testing.TopologyUids;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/** dvs-ingest keeps its operator uids (committed in {@code uids/dvs-ingest.txt}), whatever stages are on. */
class DvsIngestJobUidsTest {
    private static final List<String> COMMITTED = TopologyUids.committed("/uids/dvs-ingest.txt");

    private static StreamGraph graph(DeliveryMode mode, EventStagesConfig stages) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // nothing connects to Kafka while the topology is built
        DvsIngestJob.onKafka("127.0.0.1:9", NeurostreamTopics.defaults(2), DvsIngestJob.FILTERED_TOPIC,
                DvsIngestJob.NAME, mode, false, stages).build(env);
        return env.getStreamGraph(false);
    }

    @Test
    void operatorUidsAreTheCommittedOnes() {
        EventStagesConfig filters = EventStagesConfig.checkOnly(34, 34, 50_000).withBackgroundFilter(5_000, 1)
                .withRefractory(1_000).withRoi(0, 0, 20, 20, 2);
        for (DeliveryMode mode : DeliveryMode.values()) {
            for (EventStagesConfig stages : List.of(EventStagesConfig.none(), filters)) {
                assertThat(TopologyUids.of(graph(mode, stages))).as(mode + ": " + TopologyUids.CHANGED)
                        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(COMMITTED);
            }
        }
        assertThat(DvsIngestJob.UIDS).as(TopologyUids.CHANGED).containsExactlyInAnyOrderElementsOf(
                COMMITTED.stream().filter(u -> !u.startsWith(TopologyUids.COMMITTER_PREFIX)).toList());
    }

    @Test
    void everyStatefulOperatorHasAUid() {
        StreamGraph graph = graph(DeliveryMode.EXACTLY_ONCE, EventStagesConfig.none());
        assertThat(TopologyUids.stateful(graph)).contains("order check + event filters + ROI", "Source: dvs.events");
        assertThat(TopologyUids.statefulWithoutUid(graph)).as("stateful operators without a uid").isEmpty();
    }
}
