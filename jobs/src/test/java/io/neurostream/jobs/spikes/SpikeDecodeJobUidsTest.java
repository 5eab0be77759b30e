package io.neurostream.jobs.spikes;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.spikes.DecoderKind;
import io.neurostream.flink.spikes.SpikeDecodeConfig;
import io.neurostream.flink.spikes.SpikeDecodeLearning;
import io.neurostream.jobs.testing.TopologyUids;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/**
 * spike-decode keeps its operator uids: savepoints of older versions restore only into a topology
 * with the same uids. The list for decoders kalman,rls is committed in
 * {@code uids/spike-decode-kalman-rls.txt}; each decoder adds its own operator and sink, so adding or
 * dropping one leaves the others' uids (and state) alone.
 */
class SpikeDecodeJobUidsTest {
    private static final List<DecoderKind> DECODERS = List.of(DecoderKind.KALMAN, DecoderKind.RLS);
    private static final List<String> COMMITTED = TopologyUids.committed("/uids/spike-decode-kalman-rls.txt");

    private static StreamGraph graph(DeliveryMode mode, List<DecoderKind> decoders) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SpikeDecodeJob.Settings settings = SpikeDecodeJob.Settings.of(
                decoders.stream().map(SpikeDecodeConfig::defaults).toList());
        // nothing connects to Kafka while the topology is built
        SpikeDecodeJob.onKafka("127.0.0.1:9", NeurostreamTopics.defaults(2), SpikeDecodeJob.NAME, mode, false, settings)
                .build(env);
        return env.getStreamGraph(false);
    }

    @Test
    void operatorUidsAreTheCommittedOnes() {
        for (DeliveryMode mode : DeliveryMode.values()) {
            List<String> uids = TopologyUids.of(graph(mode, DECODERS));
            assertThat(uids).as(mode + ": " + TopologyUids.CHANGED).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(COMMITTED);
        }
        // the job's own list names every uid it sets (the committers' uids are derived by Flink)
        assertThat(SpikeDecodeJob.uids(DECODERS)).as(TopologyUids.CHANGED).containsExactlyInAnyOrderElementsOf(
                COMMITTED.stream().filter(u -> !u.startsWith(TopologyUids.COMMITTER_PREFIX)).toList());
    }

    @Test
    void everyStatefulOperatorHasAUid() {
        StreamGraph graph = graph(DeliveryMode.EXACTLY_ONCE, DECODERS);
        assertThat(TopologyUids.stateful(graph)).contains("bins + kalman decoder", "bins + rls decoder",
                "Source: neural.spikes", "Source: labels", "Source: control");
        assertThat(TopologyUids.statefulWithoutUid(graph)).as("stateful operators without a uid").isEmpty();
    }

    @Test
    void aPlasticEsnAddsOnlyTheModelsSink() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        List<DecoderKind> decoders = List.of(DecoderKind.KALMAN, DecoderKind.ESN);
        SpikeDecodeJob.onKafka("127.0.0.1:9", NeurostreamTopics.defaults(2), SpikeDecodeJob.NAME,
                DeliveryMode.EXACTLY_ONCE, false, SpikeDecodeJob.Settings.of(decoders.stream()
                        .map(SpikeDecodeConfig::defaults).toList()))
                .withLearning(SpikeDecodeLearning.defaults().withPlasticity(SpikeDecodeLearning.Plasticity.OJA, 1e-3))
                .build(env);
        StreamGraph graph = env.getStreamGraph(false);
        assertThat(TopologyUids.of(graph)).doesNotHaveDuplicates()
                .containsAll(SpikeDecodeJob.uids(decoders, true)).contains("models-sink");
        assertThat(SpikeDecodeJob.uids(decoders, true)).containsAll(SpikeDecodeJob.uids(decoders))
                .hasSize(SpikeDecodeJob.uids(decoders).size() + 1);
        assertThat(TopologyUids.statefulWithoutUid(graph)).as("stateful operators without a uid").isEmpty();
    }

    @Test
    void droppingADecoderLeavesTheOthersUids() {
        List<String> kalmanOnly = new ArrayList<>(COMMITTED);
        kalmanOnly.removeIf(u -> u.endsWith("-rls"));
        assertThat(TopologyUids.of(graph(DeliveryMode.EXACTLY_ONCE, List.of(DecoderKind.KALMAN))))
                .as(TopologyUids.CHANGED).containsExactlyInAnyOrderElementsOf(kalmanOnly);
    }
}
