package io.neurostream.operators.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeastKernelTest {

    @Test
    void winnerMovesTowardTheContextAndRaisesOnlyItsThreshold() {
        FeastParams p = new FeastParams(3, 4, 0.5, 0.01, 0.02);
        FeastKernel k = new FeastKernel(p);
        FeastState s = new FeastState(3, 4);
        setRow(s, 0, 1, 0, 0, 0);
        setRow(s, 1, 0, 1, 0, 0);
        setRow(s, 2, 0, 0, 1, 0);
        double[] c = {2, 0.2, 0, 0}; // closest to neuron 0 (not normalised on purpose)
        assertThat(k.learn(s, c)).isEqualTo(0);
        assertThat(c).containsExactly(2, 0.2, 0, 0); // not modified
        // golden: w = normalise(0.5 * e0 + 0.5 * c/|c|)
        double norm = Math.sqrt(4.04);
        double a = 0.5 + 0.5 * 2 / norm;
        double b = 0.5 * 0.2 / norm;
        double len = Math.hypot(a, b);
        assertThat(s.weights[0]).isCloseTo(a / len, within(1e-12));
        assertThat(s.weights[1]).isCloseTo(b / len, within(1e-12));
        assertThat(s.thresholds).containsExactly(new double[] {0.01, 0, 0}, within(0.0));
    }

    @Test
    void aMissLowersEveryThresholdByThresholdClose() {
        FeastParams p = new FeastParams(2, 2, 0.1, 0.01, 0.02);
        FeastKernel k = new FeastKernel(p);
        FeastState s = new FeastState(2, 2);
        setRow(s, 0, 1, 0);
        setRow(s, 1, 1, 0);
        s.thresholds[0] = 0.9;
        s.thresholds[1] = 0.95;
        assertThat(k.learn(s, new double[] {0, 1})).isEqualTo(FeastKernel.NONE); // dot 0 < thresholds
        assertThat(s.thresholds).containsExactly(new double[] {0.88, 0.93}, within(1e-15));
        double[] before = s.weights.clone();
        assertThat(k.learn(s, new double[] {0, 0})).as("zero context is ignored").isEqualTo(FeastKernel.NONE);
        assertThat(s.thresholds).containsExactly(new double[] {0.88, 0.93}, within(1e-15));
        assertThat(s.weights).isEqualTo(before);
    }

    @Test
    void weightsStayUnitLengthAndLearningIsDeterministic() {
        FeastParams p = new FeastParams(8, 25, 0.01, 0.001, 0.003);
        FeastKernel k = new FeastKernel(p);
        FeastState a = FeastState.random(p, new SplittableRandom(42));
        FeastState b = FeastState.random(p, new SplittableRandom(42));
        SplittableRandom inputs = new SplittableRandom(7);
        double[] c = new double[25];
        for (int step = 0; step < 5_000; step++) {
            for (int i = 0; i < c.length; i++) {
                c[i] = inputs.nextDouble();
            }
            int wa = k.learn(a, c);
            int wb = new FeastKernel(p).learn(b, c);
            assertThat(wa).isEqualTo(wb);
            if (step % 500 == 0) {
                for (int n = 0; n < p.neurons(); n++) {
                    double sq = 0;
                    for (int i = 0; i < 25; i++) {
                        sq += a.weights[n * 25 + i] * a.weights[n * 25 + i];
                    }
                    assertThat(sq).isCloseTo(1.0, within(1e-9));
                }
            }
        }
        assertThat(a).isEqualTo(b);
    }

    @Test
    void neuronsSpecialiseOnDistinctPatterns() {
        // two noisy, orthogonal 3x3 patterns: a horizontal and a vertical bar
        double[] horizontal = {0, 0, 0, 1, 1, 1, 0, 0, 0};
        double[] vertical = {0, 1, 0, 0, 1, 0, 0, 1, 0};
        FeastParams p = new FeastParams(4, 9, 0.05, 0.002, 0.01);
        FeastKernel k = new FeastKernel(p);
        FeastState s = FeastState.random(p, new SplittableRandom(1));
        SplittableRandom r = new SplittableRandom(2);
        double[] c = new double[9];
        for (int step = 0; step < 20_000; step++) {
            double[] base = r.nextBoolean() ? horizontal : vertical;
            for (int i = 0; i < 9; i++) {
                c[i] = base[i] * (0.8 + 0.2 * r.nextDouble()) + 0.05 * r.nextDouble();
            }
            k.learn(s, c);
        }
        int h = k.infer(s, horizontal);
        int v = k.infer(s, vertical);
        assertThat(h).isNotEqualTo(FeastKernel.NONE);
        assertThat(v).isNotEqualTo(FeastKernel.NONE).isNotEqualTo(h);
        assertThat(cosine(s, h, horizontal)).isGreaterThan(0.95);
        assertThat(cosine(s, v, vertical)).isGreaterThan(0.95);
    }

    private static double cosine(FeastState s, int n, double[] x) {
        double dot = 0;
        double xx = 0;
        for (int i = 0; i < x.length; i++) {
            dot += s.weights[n * s.contextSize + i] * x[i];
            xx += x[i] * x[i];
        }
        return dot / Math.sqrt(xx); // weights are unit length
    }

    private static void setRow(FeastState s, int n, double... w) {
        System.arraycopy(w, 0, s.weights, n * s.contextSize, w.length);
    }
}
