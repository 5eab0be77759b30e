package io.neurostream.core.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hidden-layer network protected by HLOP: what it keeps, its state, its limits (MNIST runs: bench). */
class HlopMlpTest {
    private static double[][] inputs(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void afterATaskEndsLaterLearningLeavesThatTasksOutputsUnchangedInTheStoredSubspace() {
        // task 0's inputs span 5 directions of 30: with 6 lateral neurons per layer the subspace is stored
        SplittableRandom r = new SplittableRandom(1);
        double[][] basis = inputs(5, 30, 2);
        double[][] task0 = new double[200][30];
        for (double[] x : task0) {
            for (double[] b : basis) {
                double a = r.nextGaussian();
                for (int j = 0; j < 30; j++) {
                    x[j] += a * b[j];
                }
            }
        }
        HlopMlp.Config c = new HlopMlp.Config(30, 16, 3, 0.05, 6, 12, 20, 0.05, true, 4);
        HlopMlp hlop = new HlopMlp(c);
        HlopMlp naive = new HlopMlp(c.naive());
        for (double[] x : task0) {
            int y = x[0] > 0 ? 0 : 1;
            hlop.learn(x, y);
            naive.learn(x, y);
        }
        hlop.endTask(task0);
        naive.endTask(task0);
        assertThat(hlop.inputLateral().components()).isEqualTo(6);
        assertThat(naive.inputLateral().components()).isZero();
        double[][] before = new double[task0.length][];
        for (int i = 0; i < task0.length; i++) {
            hlop.predict(task0[i]);
            before[i] = hlop.probabilities().clone();
        }
        for (double[] x : inputs(300, 30, 9)) {
            hlop.learn(x, 2);
            naive.learn(x, 2);
        }
        double hlopDrift = 0;
        int hlopChanged = 0;
        int naiveChanged = 0;
        for (int i = 0; i < task0.length; i++) {
            hlop.predict(task0[i]);
            for (int k = 0; k < 3; k++) {
                hlopDrift += Math.abs(hlop.probabilities()[k] - before[i][k]) / task0.length;
            }
            hlopChanged += hlop.predict(task0[i]) == 2 ? 1 : 0;
            naiveChanged += naive.predict(task0[i]) == 2 ? 1 : 0;
        }
        assertThat(naiveChanged).as("task-0 inputs the naive network now calls class 2").isGreaterThan(100);
        assertThat(hlopChanged).as("task-0 inputs the HLOP network now calls class 2").isLessThan(naiveChanged / 10);
    }

    @Test
    void stateRestoresToTheSamePredictions() {
        HlopMlp.Config c = new HlopMlp.Config(12, 8, 4, 0.05, 3, 3, 2, 0.05, true, 7);
        HlopMlp a = new HlopMlp(c);
        double[][] x = inputs(100, 12, 5);
        for (int i = 0; i < x.length; i++) {
            a.learn(x[i], i % 4);
        }
        a.endTask(x);
        HlopMlp b = new HlopMlp(c);
        b.restore(a.state());
        assertThat(b.tasks()).isEqualTo(1);
        assertThat(b.inputLateral().weights()).containsExactly(a.inputLateral().weights());
        for (double[] row : inputs(50, 12, 6)) {
            assertThat(b.predict(row)).isEqualTo(a.predict(row));
            assertThat(b.probabilities()).containsExactly(a.probabilities());
        }
        HlopMlp other = new HlopMlp(new HlopMlp.Config(12, 9, 4, 0.05, 3, 3, 2, 0.05, true, 7));
        assertThatThrownBy(() -> other.restore(a.state())).hasMessageContaining("different shape");
        assertThatThrownBy(() -> a.learn(x[0], 4)).hasMessageContaining("label 4");
    }

    @Test
    void lateralNeuronsStopAtCapacity() {
        HlopMlp m = new HlopMlp(new HlopMlp.Config(6, 4, 2, 0.05, 4, 2, 2, 0.05, true, 1));
        double[][] x = inputs(50, 6, 3);
        m.endTask(x);
        m.endTask(x);
        m.endTask(x);
        assertThat(m.inputLateral().components()).isEqualTo(7); // 6 inputs + bias
        assertThat(m.hiddenLateral().components()).isLessThanOrEqualTo(5);
        assertThat(m.tasks()).isEqualTo(3);
    }
}
