package io.neurostream.jobs.dvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.flink.dvs.ReadoutInput;
import io.neurostream.jobs.common.JobArguments;
import org.junit.jupiter.api.Test;

/** dvs-classify's {@code --readout-input} options: parsed into the learner's config, wrong values named. */
class ReadoutInputOptionsTest {
    private static DvsClassifyJob.Settings settings(String... args) {
        return DvsClassifyJob.Settings.from(JobArguments.parse(args, DvsClassifyJob.OPTIONS.keySet()));
    }

    @Test
    void theDefaultIsTheLiquidAsBefore() {
        DvsClassifyJob.Settings s = settings("--bootstrap-servers", "k:9092");
        assertThat(s.learner().readoutInput()).isEqualTo(ReadoutInput.liquid());
        assertThat(s.learner().readoutFeatureCount()).isEqualTo(s.learner().liquid().featureCount());
        assertThat(s.learner().rlsDelta()).isEqualTo(0.05);
    }

    @Test
    void countsWithRandomUnitsAndAnRlsPrior() {
        DvsClassifyJob.Settings s = settings("--bootstrap-servers", "k:9092", "--readout-input", "counts",
                "--count-pool", "2", "--count-bin-edges-micros", "100000,200000", "--random-units", "300",
                "--random-gamma", "0.001", "--rls-delta", "33.3");
        ReadoutInput r = s.learner().readoutInput();
        assertThat(r.kind()).isEqualTo(ReadoutInput.Kind.COUNTS);
        assertThat(r.countBinEdgesMicros()).containsExactly(100_000, 200_000);
        assertThat(r.randomUnits()).isEqualTo(300);
        assertThat(r.randomGamma()).isEqualTo(0.001);
        assertThat(s.learner().readoutFeatureCount()).isEqualTo(301);
        assertThat(s.learner().rlsDelta()).isEqualTo(33.3);
        assertThat(settings("--bootstrap-servers", "k", "--readout-input", "counts+liquid").learner()
                .readoutFeatureCount()).isEqualTo(17 * 17 * 2 * 3 + s.learner().liquid().featureCount());
    }

    @Test
    void sqrtCountsScaledToUnitLength() {
        ReadoutInput r = settings("--bootstrap-servers", "k", "--readout-input", "counts", "--random-units", "300",
                "--count-transform", "sqrt", "--count-normalize", "l2", "--random-gamma", "0.67").learner().readoutInput();
        assertThat(r.countTransform()).isEqualTo(io.neurostream.core.features.BinnedCounts.Transform.SQRT);
        assertThat(r.countNormalize()).isTrue();
        assertThat(r.randomGamma()).isEqualTo(0.67);
        ReadoutInput plain = settings("--bootstrap-servers", "k", "--readout-input", "counts").learner().readoutInput();
        assertThat(plain.countTransform()).isEqualTo(io.neurostream.core.features.BinnedCounts.Transform.LOG1P);
        assertThat(plain.countNormalize()).isFalse();
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--count-transform", "log"))
                .hasMessageContaining("--count-transform");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--count-normalize", "l1"))
                .hasMessageContaining("--count-normalize");
    }

    @Test
    void wrongValuesFailNamingTheOption() {
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--readout-input", "pixels"))
                .hasMessageContaining("--readout-input");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--rls-delta", "-1"))
                .hasMessageContaining("--rls-delta");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--count-bin-edges-micros", "200000,100000"))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> settings("--bootstrap-servers", "k", "--random-units", "-3"))
                .hasMessageContaining("random units");
    }
}
