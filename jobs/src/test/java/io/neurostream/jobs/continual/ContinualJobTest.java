package io.neurostream.jobs.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.testing.TopologyUids;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Sample;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/** The continual job's topology keeps its uids; its options fail fast; its decode checks reject bad records. */
class ContinualJobTest {
    private static StreamGraph graph(DeliveryMode mode) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ContinualJob.onKafka("127.0.0.1:9", NeurostreamTopics.defaults(2), "samples", "continual.metrics",
                ContinualJob.NAME, mode, false, ContinualJob.settingsFrom(args())).build(env);
        return env.getStreamGraph(false);
    }

    private static JobArguments args(String... extra) {
        String[] all = new String[extra.length + 2];
        all[0] = "--bootstrap-servers";
        all[1] = "127.0.0.1:9";
        System.arraycopy(extra, 0, all, 2, extra.length);
        return JobArguments.parse(all, ContinualJob.OPTIONS.keySet());
    }

    @Test
    void everyOperatorHasItsUidAndEveryStatefulOneHasOne() {
        for (DeliveryMode mode : DeliveryMode.values()) {
            StreamGraph graph = graph(mode);
            assertThat(TopologyUids.of(graph).stream().filter(u -> !u.startsWith(TopologyUids.COMMITTER_PREFIX)))
                    .as(TopologyUids.CHANGED).containsExactlyInAnyOrderElementsOf(ContinualJob.uids());
            assertThat(TopologyUids.statefulWithoutUid(graph)).isEmpty();
        }
    }

    @Test
    void wrongOptionsFailNamingWhatToFix() {
        assertThat(ContinualJob.settingsFrom(args("--hidden", "64", "--inputs", "1734")).learners().network().hidden())
                .isEqualTo(64);
        assertThatThrownBy(() -> ContinualJob.settingsFrom(args("--learning-rate", "fast")))
                .hasMessageContaining("--learning-rate");
        assertThatThrownBy(() -> ContinualJob.settingsFrom(args("--classes", "1"))).hasMessageContaining("classes >= 2");
        assertThatThrownBy(() -> ContinualJob.settingsFrom(args("--task-buffer", "0"))).hasMessageContaining("task-buffer");
    }

    @Test
    void decodeChecksRejectWrongLengthNonFiniteValuesAndForeignClasses() throws Exception {
        var samples = new ContinualJob.SampleCheck(3);
        samples.validate(new Sample("s", 0L, 0L, 10L, List.of(1f, 2f, 3f)));
        assertThatThrownBy(() -> samples.validate(new Sample("s", 0L, 0L, 10L, List.of(1f, 2f))))
                .isInstanceOf(DecodeFunction.InvalidRecordException.class).hasMessageContaining("2 values");
        assertThatThrownBy(() -> samples.validate(new Sample("s", 0L, 0L, 10L, List.of(1f, Float.NaN, 3f))))
                .hasMessageContaining("values[1] is NaN");
        assertThatThrownBy(() -> samples.validate(new Sample("s", 0L, 10L, 10L, List.of(1f, 2f, 3f))))
                .hasMessageContaining("endTimeMicros");
        assertThatThrownBy(() -> samples.validate(new Sample("s/test/x", 0L, 0L, 10L, List.of(1f, 2f, 3f))))
                .hasMessageContaining("no task number");
        var labels = new ContinualJob.LabelCheck(10);
        labels.validate(new Label("s", 0L, 0L, 10L, 9, List.of()));
        assertThatThrownBy(() -> labels.validate(new Label("s", 0L, 0L, 10L, 10, List.of())))
                .hasMessageContaining("classIndex 10");
        assertThatThrownBy(() -> labels.validate(new Label("s", 0L, 0L, 10L, null, List.of())))
                .hasMessageContaining("classIndex null");
    }
}
