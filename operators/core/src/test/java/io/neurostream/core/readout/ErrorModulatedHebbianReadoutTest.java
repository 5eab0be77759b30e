package io.neurostream.core.readout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorModulatedHebbianReadoutTest {
    private static final int FEATURES = 40;
    private static final int CLASSES = 4;

    /** Class clusters on top of a large common drive, features on scales from 0.1 to 10 (as spike counts are). */
    private static final class Task {
        final double[][] centres = new double[CLASSES][FEATURES];
        final double[] scale = new double[FEATURES];

        Task(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int j = 0; j < FEATURES; j++) {
                scale[j] = Math.pow(10, -1 + 2 * r.nextDouble());
                for (int c = 0; c < CLASSES; c++) {
                    centres[c][j] = r.nextGaussian();
                }
            }
        }

        double[] sample(int c, SplittableRandom r) {
            double[] x = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                x[j] = scale[j] * (5 + centres[c][j] + 1.5 * r.nextGaussian());
            }
            return x;
        }
    }

    private interface Model {
        void predict(double[] x, double[] y);

        void update(double[] x, double[] t);
    }

    private static double accuracy(Task task, Model model, int train, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] t = new double[CLASSES];
        for (int i = 0; i < train; i++) {
            int c = r.nextInt(CLASSES);
            java.util.Arrays.fill(t, 0);
            t[c] = 1;
            model.update(task.sample(c, r), t);
        }
        double[] y = new double[CLASSES];
        int correct = 0;
        for (int i = 0; i < 1000; i++) {
            int c = r.nextInt(CLASSES);
            model.predict(task.sample(c, r), y);
            int best = 0;
            for (int o = 1; o < CLASSES; o++) {
                best = y[o] > y[best] ? o : best;
            }
            correct += best == c ? 1 : 0;
        }
        return correct / 1000.0;
    }

    @Test
    void learnsInOnePassWhereLmsOnRawFeaturesLagsBehind() {
        Task task = new Task(3);
        ErrorModulatedHebbianReadout emh = new ErrorModulatedHebbianReadout(FEATURES, CLASSES, 0.5, 0.01, 0.01);
        LmsReadout lms = new LmsReadout(FEATURES, CLASSES, 0.5, 1e-6);
        double hebbian = accuracy(task, new Model() {
            public void predict(double[] x, double[] y) { emh.predict(x, y); }
            public void update(double[] x, double[] t) { emh.update(x, t); }
        }, 400, 11);
        double plain = accuracy(task, new Model() {
            public void predict(double[] x, double[] y) { lms.predict(x, y); }
            public void update(double[] x, double[] t) { lms.update(x, t); }
        }, 400, 11);
        RidgeLike ridge = new RidgeLike();
        double rls = accuracy(task, ridge, 400, 11);
        assertThat(hebbian).isGreaterThan(0.9);
        assertThat(hebbian).isGreaterThan(plain + 0.05);
        assertThat(hebbian).isGreaterThan(rls - 0.03);
    }

    /** RLS, the second-order baseline. */
    private static final class RidgeLike implements Model {
        final RlsReadout rls = new RlsReadout(FEATURES + 1, CLASSES, 1.0, 1.0);
        final double[] z = new double[FEATURES + 1];

        private double[] withBias(double[] x) {
            System.arraycopy(x, 0, z, 0, FEATURES);
            z[FEATURES] = 1;
            return z;
        }

        public void predict(double[] x, double[] y) { rls.predict(withBias(x), y); }

        public void update(double[] x, double[] t) { rls.update(withBias(x), t); }
    }

    @Test
    void restoredReadoutGoesOnExactlyLikeTheOriginal() {
        Task task = new Task(5);
        SplittableRandom r = new SplittableRandom(7);
        ErrorModulatedHebbianReadout a = new ErrorModulatedHebbianReadout(FEATURES, CLASSES, 0.5, 0.01, 0.05);
        double[] t = new double[CLASSES];
        for (int i = 0; i < 50; i++) {
            int c = r.nextInt(CLASSES);
            java.util.Arrays.fill(t, 0);
            t[c] = 1;
            a.update(task.sample(c, r), t);
        }
        ErrorModulatedHebbianReadout b = ErrorModulatedHebbianReadout.restore(FEATURES, CLASSES, a.mu(), a.epsilon(),
                a.averageRate(), a.updates(), a.featureMeans(), a.featureVariances(), a.weights(), a.averageWeights());
        double[] x = task.sample(1, r);
        t[1] = 1;
        a.update(x, t);
        b.update(x, t);
        double[] ya = new double[CLASSES];
        double[] yb = new double[CLASSES];
        a.predict(x, ya);
        b.predict(x, yb);
        assertThat(yb).containsExactly(ya);
        assertThat(b.updates()).isEqualTo(51);
    }
}
