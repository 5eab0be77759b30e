package io.neurostream.apps.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI sizes of {@code eval pmnist} and {@code eval split-nmnist}: real MNIST / N-MNIST through an
 * embedded broker into the continual job on a MiniCluster, metrics read back from continual.metrics.
 * Both learners learn each task; HLOP forgets less than the naive learner of the same run.
 */
class ContinualEvalITCase {
    @TempDir
    Path pngs;

    private EvalReport run(String name) throws Exception {
        List<String> progress = new ArrayList<>();
        EvalSettings settings = new EvalSettings(EvalSettings.Size.CI, 42,
                Path.of(System.getProperty("neurostream.data", "../../shared/data")), pngs, progress::add);
        EvalReport report = Experiments.named(name).run(settings);
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("after task"));
        for (Path p : report.pictures()) {
            assertThat(Files.size(p)).isGreaterThan(1000);
        }
        assertThat(report.pictures()).hasSize(2);
        Map<String, Object> json = report.toJsonMap();
        assertThat(json).containsKeys("experiment", "value", "metric", "baseline", "target", "met", "results");
        return report;
    }

    @Test
    void permutedMnistIsLearnedAndHlopForgetsLessThanNaive() throws Exception {
        EvalReport report = run("pmnist");
        EvalResult acc = report.results().get(0);
        EvalResult bwt = report.results().get(1);
        assertThat(acc.metric()).isEqualTo("acc");
        assertThat(acc.value()).as("HLOP ACC over 3 tasks (chance 0.1)").isGreaterThan(0.8);
        assertThat(bwt.value()).as("HLOP BWT").isGreaterThan(-0.05);
        assertThat(bwt.baseline()).as("naive BWT is worse than HLOP's").isLessThan(bwt.value() - 0.03);
        @SuppressWarnings("unchecked")
        List<List<Double>> hlop = (List<List<Double>>) acc.details().get("hlopMatrix");
        assertThat(hlop.get(0).get(0)).as("task 0 right after training it").isGreaterThan(0.8);
        assertThat(acc.details().get("deadLetters")).isEqualTo(0L);
    }

    @Test
    void splitNmnistIsLearnedAndHlopForgetsLessThanNaive() throws Exception {
        EvalReport report = run("split-nmnist");
        EvalResult bwt = report.results().get(0);
        EvalResult acc = report.results().get(1);
        assertThat(bwt.metric()).isEqualTo("bwt");
        @SuppressWarnings("unchecked")
        List<List<Double>> hlop = (List<List<Double>>) bwt.details().get("hlopMatrix");
        @SuppressWarnings("unchecked")
        List<List<Double>> naive = (List<List<Double>>) bwt.details().get("naiveMatrix");
        for (int t = 0; t < hlop.size(); t++) {
            assertThat(hlop.get(t).get(t)).as("HLOP on digit pair " + t + " right after it").isGreaterThan(0.8);
            assertThat(naive.get(t).get(t)).as("naive on digit pair " + t + " right after it").isGreaterThan(0.8);
        }
        assertThat(bwt.baseline()).as("naive forgets (class-incremental)").isLessThan(-0.3);
        assertThat(bwt.value()).as("HLOP forgets much less").isGreaterThan(bwt.baseline() + 0.2);
    }
}
