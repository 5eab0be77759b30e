package io.neurostream.jobs.reservoir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.core.timeseries.OnlineReadout.ReadoutKind;
import io.neurostream.core.timeseries.ReservoirSpec;
import io.neurostream.flink.reservoir.ReservoirConfig;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.schemas.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservoirJobArgumentsTest {
    private static ReservoirJob.Settings settings(String... args) {
        return ReservoirJob.settingsFrom(JobArguments.parse(args, ReservoirJob.OPTIONS.keySet()));
    }

    @Test
    void clusterArgumentsChooseModelsAndReadouts() {
        ReservoirJob.Settings s = settings("--bootstrap-servers", "k:9092", "--models",
                "esn-1000-rls,esn-1000-ridge,spiking-ei-200-ridge+adapt,izhikevich-500-three-factor+feedback",
                "--ridge", "1e-6", "--outputs", "3", "--seed", "9", "--eta", "0.01");
        assertThat(s.models()).extracting(ReservoirConfig::id).containsExactly("esn-1000-rls", "esn-1000-ridge",
                "spiking-ei-200-ridge+adapt", "izhikevich-500-three-factor+feedback");
        ReservoirConfig izh = s.models().get(3);
        assertThat(izh.reservoir()).isEqualTo(ReservoirSpec.Kind.IZHIKEVICH);
        assertThat(izh.readout()).isEqualTo(ReadoutKind.THREE_FACTOR);
        assertThat(izh.feedback()).isTrue();
        assertThat(izh.outputs()).isEqualTo(3);
        assertThat(izh.params().eta()).isEqualTo(0.01);
        assertThat(s.models()).allSatisfy(m -> {
            assertThat(m.params().ridge()).isEqualTo(1e-6);
            assertThat(m.seed()).isEqualTo(9);
        });
        assertThat(settings("--bootstrap-servers", "k:9092").models()).extracting(ReservoirConfig::id)
                .containsExactly("esn-100-rls");
    }

    @Test
    void wrongArgumentsFailWithWhatToFix() {
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--models", "lstm-10-rls"))
                .hasMessageContaining("<reservoir>-<units>-<readout>");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--models", "esn-100-rls,esn-100-rls"))
                .hasMessageContaining("each model may appear once");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--ridge", "tiny"))
                .hasMessageContaining("--ridge");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--models", "esn-100-rls+fast"))
                .hasMessageContaining("+adapt or +feedback");
    }

    @Test
    void uidsStayStable() {
        assertThat(ReservoirJob.uids(List.of(ReservoirConfig.esn(100, ReadoutKind.RLS, 1),
                ReservoirConfig.esn(100, ReadoutKind.RIDGE, 1)))).containsExactly("samples-source", "decode-samples",
                "labels-source", "decode-labels", "control-source", "decode-control", "sample-watermarks",
                "labels-as-either", "control-as-either", "teaching-watermarks", "reservoir-esn-100-rls",
                "predictions-sink-esn-100-rls", "reservoir-esn-100-ridge", "predictions-sink-esn-100-ridge",
                "models-sink", "dead-letters-sink");
    }

    @Test
    void statelessSampleChecksRejectWhatNoStreamCanUse() {
        assertThatThrownBy(() -> ReservoirJob.check(new Sample("s", 0L, 5L, 5L, List.of(1f)), 10))
                .hasMessageContaining("not after");
        assertThatThrownBy(() -> ReservoirJob.check(new Sample("s", 0L, 0L, 5L, List.of(Float.POSITIVE_INFINITY)), 10))
                .hasMessageContaining("value 0");
        assertThatThrownBy(() -> ReservoirJob.check(new Sample("s", 0L, 0L, 5L, List.of()), 10))
                .hasMessageContaining("0 values");
        assertThatThrownBy(() -> ReservoirJob.check(new Sample("", 0L, 0L, 5L, List.of(1f)), 10))
                .hasMessageContaining("streamId");
    }
}
