package io.neurostream.core.timeseries;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The echo state network of the fixed Mackey-Glass task (issue 11):
 * {@code x(t) = (1 - a) x(t-1) + a tanh(W x(t-1) + Win u(t) + b)}, where W (rows = post) has exactly
 * {@code round(density n^2)} nonzero N(0, 1) entries at uniformly drawn positions, rescaled to the
 * given spectral radius (the largest eigenvalue modulus, computed exactly: commons-math's
 * Hessenberg-QR eigenvalues, not power iteration, which converges badly on the disc-shaped
 * spectrum of a random matrix); Win and b each have exactly {@code round(inputDensity count)}
 * nonzero entries of +-1, b drawn independently of Win. The same seed always gives the same
 * network. Unlike {@link io.neurostream.core.reservoir.Esn} (Bernoulli connectivity, uniform
 * weights, power iteration), every count here is exact so figures compare with other libraries.
 */
public final class SparseEsn implements Reservoir {
    /** The fixed topology and its parameters; immutable, shared by every reservoir built from the same spec. */
    public record Topology(Spec spec, int[] rowStart, int[] cols, double[] weights, double[] win, double[] bias,
                           double measuredRadius) {
    }

    /**
     * @param units reservoir size n
     * @param inputs input vector length
     * @param spectralRadius target largest |eigenvalue| of W
     * @param leakRate a in (0, 1]
     * @param density fraction of W's n^2 entries that are nonzero
     * @param inputDensity fraction of Win's and of b's entries that are nonzero (+-1)
     * @param inputScaling multiplies Win
     * @param seed seeds every draw
     */
    public record Spec(int units, int inputs, double spectralRadius, double leakRate, double density,
                       double inputDensity, double inputScaling, long seed) {
        public Spec {
            if (units < 1 || inputs < 1) {
                throw new IllegalArgumentException("units and inputs must be >= 1, got " + units + ", " + inputs);
            }
            if (!(spectralRadius > 0) || !(leakRate > 0 && leakRate <= 1) || !(density > 0 && density <= 1)
                    || !(inputDensity > 0 && inputDensity <= 1) || !(inputScaling >= 0)) {
                throw new IllegalArgumentException("need spectralRadius > 0, leakRate and densities in (0, 1],"
                        + " inputScaling >= 0; got " + spectralRadius + ", " + leakRate + ", " + density + ", "
                        + inputDensity + ", " + inputScaling);
            }
        }

        /** The Mackey-Glass task's reservoir: radius 1.25, leak 0.3, 10% W, 10% Win and b. */
        public static Spec mackeyGlass(int units, int inputs, long seed) {
            return new Spec(units, inputs, 1.25, 0.3, 0.1, 0.1, 1.0, seed);
        }
    }

    private final Topology t;
    private final double[] x;
    private final double[] pre;

    public SparseEsn(Topology topology) {
        this.t = topology;
        this.x = new double[topology.spec().units()];
        this.pre = new double[x.length];
    }

    public SparseEsn(Spec spec) {
        this(build(spec));
    }

    /** Draws the topology of {@code spec} (O(n^3) for the eigenvalues: about a second for n = 1,000). */
    public static Topology build(Spec spec) {
        SplittableRandom random = new SplittableRandom(spec.seed());
        int n = spec.units();
        int m = spec.inputs();
        int[] positions = choose(n * n, (int) Math.round(spec.density() * n * n), random);
        Arrays.sort(positions); // row-major: post * n + pre
        int[] rowStart = new int[n + 1];
        int[] cols = new int[positions.length];
        double[] weights = new double[positions.length];
        for (int k = 0; k < positions.length; k++) {
            rowStart[positions[k] / n + 1]++;
            cols[k] = positions[k] % n;
            weights[k] = random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        double radius = spectralRadius(n, rowStart, cols, weights);
        double scale = radius > 0 ? spec.spectralRadius() / radius : 1.0;
        for (int k = 0; k < weights.length; k++) {
            weights[k] *= scale;
        }
        double[] win = new double[n * m];
        for (int k : choose(n * m, (int) Math.round(spec.inputDensity() * n * m), random)) {
            win[k] = (random.nextBoolean() ? 1.0 : -1.0) * spec.inputScaling();
        }
        double[] bias = new double[n];
        for (int k : choose(n, (int) Math.round(spec.inputDensity() * n), random)) {
            bias[k] = random.nextBoolean() ? 1.0 : -1.0;
        }
        return new Topology(spec, rowStart, cols, weights, win, bias, radius);
    }

    /** {@code k} distinct indices of [0, range), uniformly (partial Fisher-Yates). */
    static int[] choose(int range, int k, SplittableRandom random) {
        int[] all = new int[range];
        for (int i = 0; i < range; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(range - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return Arrays.copyOf(all, k);
    }

    private static double spectralRadius(int n, int[] rowStart, int[] cols, double[] weights) {
        double[][] dense = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int s = rowStart[i]; s < rowStart[i + 1]; s++) {
                dense[i][cols[s]] = weights[s];
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(dense, false));
        double[] re = eig.getRealEigenvalues();
        double[] im = eig.getImagEigenvalues();
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.hypot(re[i], im[i]));
        }
        return max;
    }

    public Topology topology() {
        return t;
    }

    @Override
    public int inputCount() {
        return t.spec().inputs();
    }

    @Override
    public int featureCount() {
        return x.length;
    }

    @Override
    public double[] step(double[] u) {
        int n = x.length;
        int m = t.spec().inputs();
        if (u.length != m) {
            throw new IllegalArgumentException("input has length " + u.length + ", the reservoir takes " + m);
        }
        double[] win = t.win();
        double[] b = t.bias();
        int[] rowStart = t.rowStart();
        int[] cols = t.cols();
        double[] w = t.weights();
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < m; k++) {
                s += win[i * m + k] * u[k];
            }
            for (int q = rowStart[i]; q < rowStart[i + 1]; q++) {
                s += w[q] * x[cols[q]]; // x is still x(t-1): pre is kept apart
            }
            pre[i] = s;
        }
        double a = t.spec().leakRate();
        for (int i = 0; i < n; i++) {
            x[i] = (1 - a) * x[i] + a * Math.tanh(pre[i]);
        }
        return x;
    }

    @Override
    public Reservoir fresh() {
        return new SparseEsn(t);
    }

    @Override
    public double[] saveState() {
        return x.clone();
    }

    @Override
    public void restoreState(double[] state) {
        if (state.length != x.length) {
            throw new IllegalArgumentException("state has length " + state.length + ", expected " + x.length);
        }
        System.arraycopy(state, 0, x, 0, x.length);
    }
}
