package io.neurostream.core.readout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.core.linalg.Nd4jSolver;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RidgeReadoutTest {

    private static double[] sample(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    @Test
    void recoversALinearMapWithBiasOnHeldOutData() {
        SplittableRandom r = new SplittableRandom(5);
        RidgeReadout ridge = new RidgeReadout(8, 2);
        double[] y = new double[2];
        for (int t = 0; t < 500; t++) {
            double[] x = sample(r, 8);
            y[0] = 2 * x[0] - x[3] + 0.5 + 0.01 * r.nextGaussian();
            y[1] = x[7] - 3;
            ridge.accumulate(x, y);
        }
        ridge.fit(1e-6);
        double[] x = sample(r, 8);
        ridge.predict(x, y);
        assertThat(y[0]).isCloseTo(2 * x[0] - x[3] + 0.5, within(0.01));
        assertThat(y[1]).isCloseTo(x[7] - 3, within(1e-4));
    }

    @Test
    void refitAfterMoreSamplesEqualsOneBatchFit() {
        SplittableRandom r = new SplittableRandom(6);
        RidgeReadout online = new RidgeReadout(5, 1);
        RidgeReadout batch = new RidgeReadout(5, 1);
        double[] y = new double[1];
        for (int t = 0; t < 200; t++) {
            double[] x = sample(r, 5);
            y[0] = x[1] * x[2] + x[4];
            online.accumulate(x, y);
            batch.accumulate(x, y);
            if (t == 50) {
                online.fit(0.1);
            }
        }
        online.fit(0.1);
        batch.fit(0.1);
        assertThat(online.weightsTransposed()).containsExactly(batch.weightsTransposed(), within(1e-12));
    }

    @Test
    void rlsWithUnitForgettingConvergesToTheRidgeSolution() {
        SplittableRandom r = new SplittableRandom(8);
        RidgeReadout ridge = new RidgeReadout(6, 1);
        RlsReadout rls = new RlsReadout(7, 1, 1.0, 10.0);   // penalty 1/delta = 0.1 on all 7 weights
        double[] y = new double[1];
        double[] z = new double[7];
        for (int t = 0; t < 300; t++) {
            double[] x = sample(r, 6);
            y[0] = x[0] - 2 * x[5] + 0.3 * r.nextGaussian();
            ridge.accumulate(x, y);
            System.arraycopy(x, 0, z, 0, 6);
            z[6] = 0.0; // no bias feature: compare the penalised weights only
            rls.update(z, y);
        }
        ridge.fit(0.1);
        for (int i = 0; i < 6; i++) {
            // ridge also fits a bias; with zero-mean data it is near 0 and the weights agree closely
            assertThat(rls.weights()[i]).isCloseTo(ridge.weightsTransposed()[i], within(0.01));
        }
    }

    @Test
    void nd4jSolverAgreesWithCholesky() {
        SplittableRandom r = new SplittableRandom(9);
        RidgeReadout plain = new RidgeReadout(20, 3);
        RidgeReadout nd4j = new RidgeReadout(20, 3, new Nd4jSolver());
        double[] y = new double[3];
        for (int t = 0; t < 100; t++) {
            double[] x = sample(r, 20);
            y[0] = x[0];
            y[1] = x[1] + x[2];
            y[2] = r.nextGaussian();
            plain.accumulate(x, y);
            nd4j.accumulate(x, y);
        }
        plain.fit(0.5);
        nd4j.fit(0.5);
        assertThat(nd4j.weightsTransposed()).containsExactly(plain.weightsTransposed(), within(1e-9));
    }
}
