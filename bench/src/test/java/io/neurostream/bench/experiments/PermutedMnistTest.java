package io.neurostream.bench.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.connectors.sim.Mnist;
import io.neurostream.core.continual.*;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small seeded version of the 10-task experiment (see bench/README.md for the full run):
 * 4 permuted-MNIST tasks, 1000 training and 500 held-out test images each.
 */
class PermutedMnistTest {
    private static Mnist mnist;

    @BeforeAll
    static void load() throws IOException {
        String data = System.getProperty("neurostream.data", "../../../shared/data");
        mnist = Mnist.load(Path.of(data, "mnist-10k"));
    }

    @Test
    void mnistReaderMatchesTheDocumentedHeaderAndLabels() {
        assertThat(mnist.size()).isEqualTo(10_000);
        assertThat(mnist.rows()).isEqualTo(28);
        assertThat(mnist.cols()).isEqualTo(28);
        assertThat(mnist.labels()).startsWith(8, 0, 2, 0, 0, 0, 9, 6, 4, 1);
        int ones = 0;
        for (int l : mnist.labels()) {
            ones += l == 1 ? 1 : 0;
        }
        assertThat(ones).isEqualTo(1127);
    }

    @Test
    void hlopForgetsLittleWhileNaiveSgdForgetsMuchMore() {
        PermutedMnist.Result naive = PermutedMnist.run(mnist, () -> new NaiveOnlineLearner(784, 10, 0.02),
                4, 1000, 500, 1, 7);
        PermutedMnist.Result hlop = PermutedMnist.run(mnist,
                () -> new HlopLearner(784, 10, 0.02, 40, 160, 5, 0.15, 3), 4, 1000, 500, 1, 7);
        // every task is learned (10 classes: chance is 0.1)
        for (int t = 0; t < 4; t++) {
            assertThat(hlop.accuracy()[t][t]).isGreaterThan(0.7);
            assertThat(naive.accuracy()[t][t]).isGreaterThan(0.7);
        }
        assertThat(hlop.bwt()).isGreaterThanOrEqualTo(-0.03);
        assertThat(naive.bwt()).isLessThan(hlop.bwt() - 0.03);
        assertThat(hlop.acc()).isGreaterThan(naive.acc());
    }

    @Test
    void hlopProtectsBothLayersOfTheHiddenLayerNetworkWhileTheSameNetworkForgetsNaively() {
        HlopMlp.Config c = new HlopMlp.Config(784, 64, 10, 0.02, 40, 12, 3, 0.05, true, 3);
        PermutedMnist.Result hlop = PermutedMnist.run(mnist, () -> new HlopMlp(c), 3, 1000, 500, 1, 7);
        PermutedMnist.Result naive = PermutedMnist.run(mnist, () -> new HlopMlp(c.naive()), 3, 1000, 500, 1, 7);
        for (int t = 0; t < 3; t++) {
            assertThat(hlop.accuracy()[t][t]).isGreaterThan(0.7); // 10 classes: chance 0.1
            assertThat(naive.accuracy()[t][t]).isGreaterThan(0.7);
        }
        assertThat(hlop.bwt()).isGreaterThanOrEqualTo(-0.03);
        assertThat(naive.bwt()).isLessThan(hlop.bwt() - 0.03);
        assertThat(hlop.acc()).isGreaterThan(naive.acc());
    }

    @Test
    void hebbianLateralNeuronsBecomeNearlyOrthonormalAndRemoveTheirSubspace() {
        Hlop hlop = new Hlop(785, 40);
        double[][] x = new double[1000][785];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(mnist.pixels()[i], 0, x[i], 0, 784);
            x[i][784] = 1.0;
        }
        hlop.learnSubspace(x, 20, 5, 0.15, 1);
        assertThat(hlop.orthonormalityError()).isLessThan(0.1);
        double before = 0;
        double after = 0;
        double[] out = new double[785];
        for (int i = 0; i < 1000; i++) {
            hlop.project(x[i], out);
            for (int j = 0; j < 785; j++) {
                before += x[i][j] * x[i][j];
                after += out[j] * out[j];
            }
        }
        // 20 components hold most of MNIST's (uncentred) energy
        assertThat(after / before).isLessThan(0.25);
    }

    @Test
    void metricsFollowTheirDefinitions() {
        double[][] r = {{0.9, 0.1, 0.1}, {0.8, 0.9, 0.1}, {0.7, 0.85, 0.95}};
        assertThat(ContinualMetrics.averageAccuracy(r)).isCloseTo((0.7 + 0.85 + 0.95) / 3, within(1e-12));
        assertThat(ContinualMetrics.backwardTransfer(r)).isCloseTo(((0.7 - 0.9) + (0.85 - 0.9)) / 2, within(1e-12));
    }
}
