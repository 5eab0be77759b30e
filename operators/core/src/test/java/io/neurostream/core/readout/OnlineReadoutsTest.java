package io.neurostream.core.readout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnlineReadoutsTest {
    private static final int N = 10;

    private static double[] features(SplittableRandom r) {
        double[] x = new double[N];
        for (int j = 0; j < N; j++) {
            x[j] = r.nextGaussian();
        }
        return x;
    }

    private static double target(double[] x) {
        return 0.8 * x[0] - 0.5 * x[3] + 0.3 * x[9];
    }

    private static double heldOutMse(java.util.function.BiConsumer<double[], double[]> predict) {
        SplittableRandom r = new SplittableRandom(999);
        double[] y = new double[1];
        double mse = 0;
        for (int t = 0; t < 500; t++) {
            double[] x = features(r);
            predict.accept(x, y);
            mse += (y[0] - target(x)) * (y[0] - target(x));
        }
        return mse / 500;
    }

    @Test
    void lmsLearnsALinearMap() {
        LmsReadout lms = new LmsReadout(N, 1, 0.2, 1e-3);
        double before = heldOutMse(lms::predict);
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 3000; t++) {
            double[] x = features(r);
            lms.update(x, new double[] {target(x)});
        }
        assertThat(heldOutMse(lms::predict)).isLessThan(1e-4 * before);
    }

    @Test
    void rewardModulatedHebbianReadoutLearnsWithoutAnErrorVector() {
        ThreeFactorHebbianReadout eh = new ThreeFactorHebbianReadout(N, 1, 0.01, 0.1, 10, 5);
        double before = heldOutMse(eh::predict);
        SplittableRandom r = new SplittableRandom(2);
        for (int t = 0; t < 60_000; t++) {
            double[] x = features(r);
            eh.update(x, new double[] {target(x)});
        }
        assertThat(heldOutMse(eh::predict)).isLessThan(0.01 * before);
    }
}
