package io.neurostream.apps.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neurostream eval three-factor --size ci}: the three readouts learn inside dvs-classify through a
 * real broker; the local readout learns (five times chance at least) and stays within reach of RLS on the same
 * split. At this size (300 labelled samples, 2,401 features) a first-order readout still lags RLS by ~20
 * points; the 3-point target is the full size's (README, "Learning results").
 */
class ThreeFactorExperimentITCase {

    @Test
    void threeFactorReadoutLearnsCloseToRlsThroughThePipeline(@TempDir Path dir) throws Exception {
        List<String> progress = new ArrayList<>();
        EvalSettings settings = new EvalSettings(EvalSettings.Size.CI, 42, Path.of("../shared/data"), dir, progress::add);
        EvalReport report = Experiments.named("three-factor").run(settings);

        EvalResult headline = report.headline();
        assertThat(headline.baseline()).as("RLS held-out accuracy").isGreaterThan(0.5);
        assertThat(headline.value()).as("three-factor held-out accuracy").isGreaterThan(0.5)
                .isGreaterThan(headline.baseline() - 0.3);
        assertThat(report.results().get(1).value()).as("NLMS learned something").isGreaterThan(0.2);
        assertThat(report.toJsonMap()).containsKeys("experiment", "value", "metric", "baseline", "target", "met");
        assertThat(report.toJsonMap().get("experiment")).isEqualTo("three-factor");
        assertThat(report.pictures()).hasSize(2).allSatisfy(p -> assertThat(Files.size(p)).isGreaterThan(5_000));
        assertThat(progress).isNotEmpty();
        System.out.println(report.toTable());
    }
}
