package io.neurostream.jobs.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.connectors.kafka.AnalyticsTopics;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.core.analytics.AnalyticsParams;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.testing.TopologyUids;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/** spike-analytics keeps its operator uids (committed in uids/spike-analytics.txt) and checks its options up front. */
class SpikeAnalyticsJobTest {
    private static final List<String> COMMITTED = TopologyUids.committed("/uids/spike-analytics.txt");

    private static StreamGraph graph(DeliveryMode mode) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // nothing connects to Kafka while the topology is built
        SpikeAnalyticsJob.onKafka("127.0.0.1:9", NeurostreamTopics.defaults(2), AnalyticsTopics.defaults(2),
                SpikeAnalyticsJob.NAME, mode, false, SpikeAnalyticsJob.Settings.of(AnalyticsParams.defaults())).build(env);
        return env.getStreamGraph(false);
    }

    @Test
    void operatorUidsAreTheCommittedOnes() {
        for (DeliveryMode mode : DeliveryMode.values()) {
            assertThat(TopologyUids.of(graph(mode))).as(mode + ": " + TopologyUids.CHANGED).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(COMMITTED);
        }
        assertThat(SpikeAnalyticsJob.UIDS).as(TopologyUids.CHANGED).containsExactlyInAnyOrderElementsOf(
                COMMITTED.stream().filter(u -> !u.startsWith(TopologyUids.COMMITTER_PREFIX)).toList());
        assertThat(TopologyUids.statefulWithoutUid(graph(DeliveryMode.EXACTLY_ONCE))).isEmpty();
    }

    @Test
    void optionsReachTheKernelsAndWrongOnesFailNamingTheOption() {
        JobArguments a = JobArguments.parse(new String[] {"--bootstrap-servers", "k:9092", "--pairs", "3-8, 4-12",
                "--states", "4", "--stats-window-micros", "5000000", "--alpha", "0.001"}, SpikeAnalyticsJob.OPTIONS.keySet());
        AnalyticsParams p = SpikeAnalyticsJob.settingsFrom(a).analytics();
        assertThat(p.connectivity().configuredPairs()).containsExactly(3, 8, 4, 12);
        assertThat(p.states().states()).isEqualTo(4);
        assertThat(p.stats().windowMicros()).isEqualTo(5_000_000);
        assertThat(p.connectivity().alpha()).isEqualTo(0.001);
        assertThatThrownBy(() -> SpikeAnalyticsJob.settingsFrom(JobArguments.parse(new String[] {"--bootstrap-servers",
                "k:9092", "--pairs", "3:8"}, SpikeAnalyticsJob.OPTIONS.keySet()))).hasMessageContaining("--pairs");
        assertThatThrownBy(() -> SpikeAnalyticsJob.settingsFrom(JobArguments.parse(new String[] {"--bootstrap-servers",
                "k:9092", "--stats-window-micros", "1500000"}, SpikeAnalyticsJob.OPTIONS.keySet())))
                .hasMessageContaining("windowMicros must be a multiple");
        assertThatThrownBy(() -> SpikeAnalyticsJob.settingsFrom(JobArguments.parse(new String[] {"--bootstrap-servers",
                "k:9092", "--alpha", "x"}, SpikeAnalyticsJob.OPTIONS.keySet()))).hasMessageContaining("--alpha must be a number");
    }
}
