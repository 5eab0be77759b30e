package io.neurostream.core.plasticity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RateRulesTest {
    private static final int DIM = 8;

    /** Correlated Gaussian data x = M g with a fixed random mixing matrix. */
    private static double[][] data(int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] mix = new double[DIM * DIM];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = r.nextGaussian();
        }
        double[] scale = {3, 2, 1.2, 0.8, 0.5, 0.4, 0.3, 0.2};
        double[][] x = new double[samples][DIM];
        for (int t = 0; t < samples; t++) {
            double[] g = new double[DIM];
            for (int k = 0; k < DIM; k++) {
                g[k] = scale[k] * r.nextGaussian();
            }
            for (int i = 0; i < DIM; i++) {
                double s = 0;
                for (int k = 0; k < DIM; k++) {
                    s += mix[i * DIM + k] * g[k];
                }
                x[t][i] = s;
            }
        }
        return x;
    }

    /** Left singular vectors (columns of U) of the covariance matrix, by LAPACK gesvd through ND4J. */
    private static double[][] svdOfCovariance(double[][] x) {
        double[] c = new double[DIM * DIM];
        for (double[] row : x) {
            for (int i = 0; i < DIM; i++) {
                for (int j = 0; j < DIM; j++) {
                    c[i * DIM + j] += row[i] * row[j] / x.length;
                }
            }
        }
        INDArray a = Nd4j.create(c, new long[] {DIM, DIM}, DataType.DOUBLE).dup('f');
        INDArray s = Nd4j.create(DataType.DOUBLE, DIM);
        INDArray u = Nd4j.create(DataType.DOUBLE, new long[] {DIM, DIM}, 'f');
        INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {DIM, DIM}, 'f');
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, u, vt);
        double[][] cols = new double[DIM][DIM];
        for (int k = 0; k < DIM; k++) {
            for (int i = 0; i < DIM; i++) {
                cols[k][i] = u.getDouble(i, k);
            }
        }
        return cols;
    }

    private static double[] project(double[] w, int rows, double[] x) {
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < DIM; j++) {
                y[i] += w[i * DIM + j] * x[j];
            }
        }
        return y;
    }

    private static double[] randomWeights(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[rows * DIM];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.1 * r.nextGaussian();
        }
        return w;
    }

    @Test
    void ojaConvergesToTheLeadingPrincipalComponentOfAnSvd() {
        double[][] x = data(20_000, 1);
        double[] pc1 = svdOfCovariance(x)[0];
        double[] w = randomWeights(1, 2);
        OjaRule oja = new OjaRule(5e-4, OjaRule.Variant.SINGLE);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (double[] row : x) {
                oja.update(w, row, project(w, 1, row));
            }
        }
        double norm = 0;
        double dot = 0;
        for (int j = 0; j < DIM; j++) {
            norm += w[j] * w[j];
            dot += w[j] * pc1[j];
        }
        assertThat(Math.sqrt(norm)).isBetween(0.98, 1.02);
        assertThat(Math.abs(dot) / Math.sqrt(norm)).isGreaterThan(0.995);   // |cos| to the SVD direction
    }

    @Test
    void sangerRowsConvergeToTheFirstThreeComponentsInOrder() {
        double[][] x = data(30_000, 3);
        double[][] u = svdOfCovariance(x);
        double[] w = randomWeights(3, 4);
        OjaRule gha = new OjaRule(3e-4, OjaRule.Variant.SANGER);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (double[] row : x) {
                gha.update(w, row, project(w, 3, row));
            }
        }
        for (int k = 0; k < 3; k++) {
            double dot = 0;
            for (int j = 0; j < DIM; j++) {
                dot += w[k * DIM + j] * u[k][j];
            }
            assertThat(Math.abs(dot)).as("component %d", k).isGreaterThan(0.97);
        }
    }

    @Test
    void bcmBecomesSelectiveToOneOfTwoPatterns() {
        double[] a = {1, 1, 0, 0};
        double[] b = {0, 0, 1, 1};
        double[] w = {0.3, 0.31, 0.3, 0.29};
        BcmRule bcm = new BcmRule(0.002, 50, 1, 0.0);
        double[] y = new double[1];
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 20_000; t++) {
            double[] x = r.nextBoolean() ? a : b;
            y[0] = w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3];
            bcm.update(w, x, y);
        }
        double ya = w[0] + w[1];
        double yb = w[2] + w[3];
        // selective fixed point for two equiprobable patterns: y = theta = E[y^2] = y^2 / 2, so y = 2
        assertThat(Math.max(ya, yb)).isBetween(1.7, 2.3);
        assertThat(Math.min(ya, yb)).isLessThan(0.05);
    }

    @Test
    void hebbWithDecaySettlesAtTheCorrelationOverDecay() {
        // fixed postsynaptic activity y = 1 when x = (1, 0.5): w -> y x / decay
        HebbRule hebb = new HebbRule(0.01, 0.5);
        double[] w = new double[2];
        for (int t = 0; t < 5000; t++) {
            hebb.update(w, new double[] {1, 0.5}, new double[] {1});
        }
        assertThat(w[0]).isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(w[1]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
    }
}
