package io.neurostream.bench.kernels;

import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.blas.Level2;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Decides plain Java against ND4J (OpenBLAS) for the RLS update: {@link RlsReadout} against the
 * same update written with BLAS level 2 on ND4J arrays, at the best BLAS can do for it (P
 * symmetric: {@code dsymv} for P x and {@code dsyr} for the rank-1 step, both on the upper
 * triangle only; W and the gain with level 1). Same features (ESN states, [1, x]), same number
 * of updates; CPU time of this thread, rounds alternated, median of {@code rounds}.
 *
 * <p>Usage: {@code OMP_NUM_THREADS=1 java -cp ... io.neurostream.bench.kernels.RlsBlasComparison
 * [rounds]} (one BLAS thread, as one Flink task has; with more threads OpenBLAS's CPU time would
 * not be comparable).
 */
public final class RlsBlasComparison {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private RlsBlasComparison() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (int n : new int[] {101, 1001}) {
            int updates = n <= 101 ? 5000 : 200;
            Esn esn = new Esn(new EsnParams(n - 1, 1, 1.25, 0.3, 1.0, 1.0, 0.1, 0.1, 1));
            double[][] x = new double[updates][n];
            double[] targets = new double[updates];
            for (int t = 0; t < updates; t++) {
                x[t][0] = 1;
                System.arraycopy(esn.step(new double[] {Math.sin(0.1 * t)}), 0, x[t], 1, n - 1);
                targets[t] = Math.sin(0.1 * t + 0.1);
            }
            double[] java = new double[rounds];
            double[] blas = new double[rounds];
            double[] wJava = null;
            double[] wBlas = null;
            for (int r = -1; r < rounds; r++) { // r = -1 warms up
                RlsReadout rls = new RlsReadout(n, 1, 1.0, 1e6);
                double[] y = new double[1];
                long t0 = CPU.getCurrentThreadCpuTime();
                for (int t = 0; t < updates; t++) {
                    y[0] = targets[t];
                    rls.update(x[t], y);
                }
                long t1 = CPU.getCurrentThreadCpuTime();
                Nd4jRls nd = new Nd4jRls(n, 1e6);
                long t2 = CPU.getCurrentThreadCpuTime();
                for (int t = 0; t < updates; t++) {
                    nd.update(x[t], targets[t]);
                }
                long t3 = CPU.getCurrentThreadCpuTime();
                if (r >= 0) {
                    java[r] = updates / ((t1 - t0) / 1e9);
                    blas[r] = updates / ((t3 - t2) / 1e9);
                }
                wJava = rls.weights();
                wBlas = nd.weights();
            }
            Arrays.sort(java);
            Arrays.sort(blas);
            double diff = 0;
            double scale = 0;
            for (int j = 0; j < n; j++) {
                diff = Math.max(diff, Math.abs(wJava[j] - wBlas[j]));
                scale = Math.max(scale, Math.abs(wJava[j]));
            }
            System.out.printf(Locale.ROOT, "RLS n=%-5d plain Java %,10.0f updates/s   ND4J dsymv+dsyr %,10.0f updates/s"
                            + "   Java/ND4J %.2f   (weights agree to %.1e relative)%n", n, java[rounds / 2],
                    blas[rounds / 2], java[rounds / 2] / blas[rounds / 2], diff / scale);
        }
    }

    /** The RLS update with BLAS level 2 on the upper triangle of P (lambda = 1, one output). */
    static final class Nd4jRls {
        private final int n;
        private final INDArray p;
        private final INDArray x;
        private final INDArray px;
        private final INDArray w;
        private final Level1 l1 = Nd4j.getBlasWrapper().level1();
        private final Level2 l2 = Nd4j.getBlasWrapper().level2();

        Nd4jRls(int n, double delta) {
            this.n = n;
            this.p = Nd4j.eye(n).castTo(DataType.DOUBLE).muli(delta);
            this.x = Nd4j.zeros(DataType.DOUBLE, n);
            this.px = Nd4j.zeros(DataType.DOUBLE, n);
            this.w = Nd4j.zeros(DataType.DOUBLE, n);
        }

        void update(double[] features, double target) {
            x.data().setData(features);
            l2.symv('c', 'U', 1.0, p, x, 0.0, px);
            double xpx = l1.dot(n, 1.0, x, px);
            double denominator = 1.0 + xpx;
            double error = target - l1.dot(n, 1.0, w, x);
            l1.axpy(n, error / denominator, px, w);
            l2.syr('c', 'U', n, -1.0 / denominator, px, p);
        }

        double[] weights() {
            return w.data().asDouble();
        }
    }
}
