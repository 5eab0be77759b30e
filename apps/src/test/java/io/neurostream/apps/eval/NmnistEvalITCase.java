package io.neurostream.apps.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI sizes of {@code neurostream eval nmnist-small} and {@code sim-nmnist}: real embedded broker,
 * dvs-classify on a MiniCluster, predictions read back read_committed; the learner must be far above
 * chance (10 %) and not below the 3-saccade-bin ridge baseline computed in the same run by more than
 * 3 points; the JSON holds the fields the issue asks for and the pictures exist.
 */
class NmnistEvalITCase {
    private static Path data() {
        return Path.of(System.getProperty("neurostream.data", "../../shared/data"));
    }

    private static EvalReport run(String name, Path pngs) throws Exception {
        EvalReport report = Experiments.named(name).run(new EvalSettings(EvalSettings.Size.CI, 7, data(), pngs,
                line -> System.out.println(line)));
        System.out.println(report.toTable());
        return report;
    }

    private static void assertJsonAndPictures(EvalReport report) throws Exception {
        Map<String, Object> json = report.toJsonMap();
        assertThat(json).containsKeys("experiment", "value", "metric", "baseline", "target", "met", "results");
        for (Path png : report.pictures()) {
            assertThat(Files.size(png)).as(png.toString()).isGreaterThan(1000);
        }
        assertThat(report.pictures()).hasSize(2);
    }

    @Test
    void nmnistSmallLearnsRealDigitsInTheJobAtLeastAsWellAsTheThreeBinRidge(@TempDir Path pngs) throws Exception {
        EvalReport report = run("nmnist-small", pngs);
        EvalResult test = report.results().get(0);
        EvalResult cv = report.results().get(1);
        // measured (seed 7, 300 train, 1,500 units): 92 % test vs 91 % baseline; 2-fold CV over 200: 86.5 % vs 82.5 %
        assertThat(test.value()).as(test.toString()).isGreaterThan(0.85).isGreaterThanOrEqualTo(test.baseline() - 0.03);
        assertThat(cv.value()).as(cv.toString()).isGreaterThan(0.75).isGreaterThanOrEqualTo(cv.baseline() - 0.03);
        assertThat(report.experiment()).isEqualTo("nmnist-small");
        assertJsonAndPictures(report);
    }

    @Test
    void simNmnistLearnsSimulatedDigitsInTheJobAtLeastAsWellAsTheThreeBinRidge(@TempDir Path pngs) throws Exception {
        EvalReport report = run("sim-nmnist", pngs);
        EvalResult heldOut = report.headline();
        assertThat(heldOut.value()).as(heldOut.toString()).isGreaterThan(0.75)
                .isGreaterThanOrEqualTo(heldOut.baseline() - 0.03);
        assertJsonAndPictures(report);
    }
}
