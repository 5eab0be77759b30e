package io.neurostream.jobs.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.flink.spikes.DecoderKind;
import io.neurostream.flink.learning.ReadoutKind;
import io.neurostream.flink.spikes.SpikeDecodeConfig;
import io.neurostream.flink.spikes.SpikeDecodeLearning;
import io.neurostream.jobs.common.JobArguments;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpikeDecodeJobArgumentsTest {
    private static final Set<String> KEYS = Set.of("decoders", "bin-micros", "step-micros", "allowed-lateness-micros",
            "smoothing-tau-ms", "outputs", "disorder-micros", "idle-millis");

    private static SpikeDecodeJob.Settings settings(String... args) {
        return SpikeDecodeJob.settingsFrom(JobArguments.parse(args, KEYS));
    }

    @Test
    void clusterArgumentsChooseDecodersAndBins() {
        SpikeDecodeJob.Settings s = settings("--bootstrap-servers", "k:9092", "--decoders", "kalman,esn",
                "--bin-micros", "50000", "--step-micros", "10000", "--outputs", "3", "--smoothing-tau-ms", "12.5",
                "--disorder-micros", "5000");
        assertThat(s.decoders()).extracting(SpikeDecodeConfig::decoder).containsExactly(DecoderKind.KALMAN, DecoderKind.ESN);
        assertThat(s.decoders()).allSatisfy(c -> {
            assertThat(c.binMicros()).isEqualTo(50_000);
            assertThat(c.stepMicros()).isEqualTo(10_000);
            assertThat(c.outputCount()).isEqualTo(3);
            assertThat(c.smoothingTauMs()).isEqualTo(12.5);
        });
        assertThat(s.disorderMicros()).isEqualTo(5_000);

        SpikeDecodeJob.Settings defaults = settings("--bootstrap-servers", "k:9092");
        assertThat(defaults.decoders()).containsExactly(SpikeDecodeConfig.defaults(DecoderKind.KALMAN));
    }

    @Test
    void wrongArgumentsFailBeforeAnythingStarts() {
        assertThatThrownBy(() -> SpikeDecodeJob.main(new String[] {"--bootstrap-servers", "k:9092", "--bins", "5"}))
                .hasMessageContaining("unknown argument --bins").hasMessageContaining("--bin-micros");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--decoders", "kalman,lstm"))
                .hasMessageContaining("unknown decoder 'lstm'");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--bin-micros", "15000", "--step-micros", "10000"))
                .hasMessageContaining("must be a positive multiple of stepMicros");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--decoders", "rls,rls"))
                .hasMessageContaining("each decoder kind may appear once");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--smoothing-tau-ms", "fast"))
                .hasMessageContaining("--smoothing-tau-ms must be a number");
    }

    @Test
    void readoutAndPlasticityOptionsParseAndFailFast() {
        String[] ok = {"--bootstrap-servers", "k:9092", "--decoders", "kalman,esn", "--readout", "lms", "--lms-mu", "0.1",
                "--plasticity", "oja", "--oja-eta", "0.002"};
        JobArguments arguments = JobArguments.parse(ok, SpikeDecodeJob.OPTIONS.keySet());
        SpikeDecodeLearning l = SpikeDecodeJob.learningFrom(arguments, SpikeDecodeJob.settingsFrom(arguments));
        assertThat(l.readout()).isEqualTo(ReadoutKind.LMS);
        assertThat(l.lmsMu()).isEqualTo(0.1);
        assertThat(l.plasticity()).isEqualTo(SpikeDecodeLearning.Plasticity.OJA);
        assertThat(l.ojaEta()).isEqualTo(0.002);
        assertThatThrownBy(() -> SpikeDecodeJob.main(new String[] {"--bootstrap-servers", "k:9092", "--decoders", "esn",
                "--readout", "three-factor"})).hasMessageContaining("classification-only");
        assertThatThrownBy(() -> SpikeDecodeJob.main(new String[] {"--bootstrap-servers", "k:9092", "--decoders", "esn",
                "--plasticity", "intrinsic"})).hasMessageContaining("tanh rate units");
        assertThatThrownBy(() -> SpikeDecodeJob.main(new String[] {"--bootstrap-servers", "k:9092", "--decoders", "kalman",
                "--plasticity", "oja"})).hasMessageContaining("add esn to --decoders");
        assertThatThrownBy(() -> SpikeDecodeJob.main(new String[] {"--bootstrap-servers", "k:9092", "--decoders", "kalman",
                "--readout", "lms"})).hasMessageContaining("rls and esn decoders only");
        // settingsFrom is what `neurostream run` and the cluster submitter validate with
        assertThatThrownBy(() -> SpikeDecodeJob.settingsFrom(JobArguments.parse(new String[] {"--bootstrap-servers", "k",
                "--decoders", "esn", "--lms-mu", "5"}, SpikeDecodeJob.OPTIONS.keySet()))).hasMessageContaining("--lms-mu");
    }
}
