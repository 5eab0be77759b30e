package io.neurostream.core.reservoir;

import io.neurostream.core.linalg.FastMath;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;

/**
 * Echo state network ({@link EsnParams}): sparse recurrent weights in CSR, drawn from the seed,
 * rescaled to the requested spectral radius estimated by power iteration
 * ({@link #spectralRadius(CsrSynapses, int, long)}). {@link #step} allocates nothing.
 *
 * <p>The step reads W row by row (a copy of the weights ordered by target, built once), four rows
 * at a time with one running sum each: every sum adds the same products in the same order as a
 * scatter through the CSR rows would, so the states are bit for bit those of the previous
 * implementation (with {@link Math#tanh}, the default), while four independent sums keep the core
 * busy. {@link #Esn(EsnParams, boolean)} can use {@link FastMath#tanh} instead (within 1e-14
 * relative of {@link Math#tanh} and about 7x faster on JDK 17, where {@link Math#tanh} is a JNI
 * call), for uses that do not need the previous numbers bit for bit (checkpoints restored from the
 * default kernel do not change by more than that).
 */
public final class Esn {
    private final EsnParams p;
    private final CsrSynapses w;
    private final double[] win;   // units x inputs, row-major
    private final double[] bias;
    private final double[] x;
    private final double[] pre;
    private final int[] inStart; // incoming synapses of unit i: inStart[i] .. inStart[i+1]-1
    private final int[] inPre;   // source unit of each, ascending within a row
    private final double[] inWeight;
    private final boolean fastTanh;

    public Esn(EsnParams params) {
        this(params, false);
    }

    /**
     * @param fastTanh true: {@link FastMath#tanh} (faster, within 1e-14 relative); false:
     *                 {@link Math#tanh}, the previous numbers bit for bit
     */
    public Esn(EsnParams params, boolean fastTanh) {
        this.fastTanh = fastTanh;
        this.p = params;
        SplittableRandom random = new SplittableRandom(params.seed());
        int n = params.units();
        CsrSynapses raw = Topologies.bernoulli(n, n, params.connectivity(), false,
                (i, j, r) -> r.nextDouble() * 2 - 1, 1, 1, random.nextLong());
        double rho = spectralRadius(raw, 1000, random.nextLong());
        double scale = rho > 0 ? params.spectralRadius() / rho : 1.0;
        for (int s = 0; s < raw.weight.length; s++) {
            raw.weight[s] *= scale;
        }
        this.w = raw;
        this.win = new double[n * params.inputs()];
        for (int k = 0; k < win.length; k++) {
            double v = random.nextDouble() * 2 - 1;
            win[k] = random.nextDouble() < params.inputConnectivity() ? v * params.inputScaling() : 0.0;
        }
        this.bias = new double[n];
        for (int i = 0; i < n; i++) {
            bias[i] = (random.nextDouble() * 2 - 1) * params.biasScaling();
        }
        this.x = new double[n];
        this.pre = new double[n];
        this.inStart = raw.inStart.clone();
        this.inPre = new int[raw.synapseCount()];
        this.inWeight = new double[raw.synapseCount()];
        for (int q = 0; q < inPre.length; q++) {
            int s = raw.inSynapse[q]; // ascending synapse index = ascending source unit
            inPre[q] = raw.pre[s];
            inWeight[q] = raw.weight[s];
        }
    }

    public EsnParams params() {
        return p;
    }

    /** Recurrent weights (for inspection and tests); do not modify. */
    public CsrSynapses recurrent() {
        return w;
    }

    /** Live state; do not modify. */
    public double[] state() {
        return x;
    }

    /** Sets the state (copied; length = units), e.g. a random start for an autonomous network. */
    public void setState(double[] state) {
        if (state.length != x.length) {
            throw new IllegalArgumentException("state has length " + state.length + ", expected " + x.length);
        }
        System.arraycopy(state, 0, x, 0, x.length);
    }

    public void reset() {
        java.util.Arrays.fill(x, 0.0);
    }

    /** Input weights, units x inputs row-major (0 where not connected); live, do not modify. */
    public double[] inputWeights() {
        return win;
    }

    /** One update with input {@code u} (not modified); returns the live state. */
    public double[] step(double[] u) {
        return step(u, win);
    }

    /**
     * One update with input {@code u} through {@code inputWeights} (units x inputs row-major, e.g. a caller's
     * plastic copy of {@link #inputWeights()}) instead of this network's own; returns the live state.
     */
    public double[] step(double[] u, double[] inputWeights) {
        if (inputWeights.length != win.length) {
            throw new IllegalArgumentException("inputWeights has " + inputWeights.length + " values, expected "
                    + win.length);
        }
        final double[] win = inputWeights;
        final int n = p.units();
        final int m = p.inputs();
        final double a = p.leakRate();
        for (int i = 0; i < n; i++) {
            double sum = bias[i];
            int row = i * m;
            for (int k = 0; k < m; k++) {
                sum += win[row + k] * u[k];
            }
            pre[i] = sum;
        }
        recurrentInput();
        if (fastTanh) {
            for (int i = 0; i < n; i++) {
                x[i] = (1 - a) * x[i] + a * FastMath.tanh(pre[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                x[i] = (1 - a) * x[i] + a * Math.tanh(pre[i]);
            }
        }
        return x;
    }

    /** {@code pre += W x}, four target rows at a time, each summed in ascending source order. */
    private void recurrentInput() {
        final int n = x.length;
        final int[] start = inStart;
        final int[] col = inPre;
        final double[] val = inWeight;
        final double[] xs = x;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int a0 = start[i];
            int a1 = start[i + 1];
            int a2 = start[i + 2];
            int a3 = start[i + 3];
            int e3 = start[i + 4];
            int len = Math.min(Math.min(a1 - a0, a2 - a1), Math.min(a3 - a2, e3 - a3));
            double s0 = pre[i];
            double s1 = pre[i + 1];
            double s2 = pre[i + 2];
            double s3 = pre[i + 3];
            for (int q = 0; q < len; q++) {
                s0 += xs[col[a0 + q]] * val[a0 + q];
                s1 += xs[col[a1 + q]] * val[a1 + q];
                s2 += xs[col[a2 + q]] * val[a2 + q];
                s3 += xs[col[a3 + q]] * val[a3 + q];
            }
            for (int q = a0 + len; q < a1; q++) {
                s0 += xs[col[q]] * val[q];
            }
            for (int q = a1 + len; q < a2; q++) {
                s1 += xs[col[q]] * val[q];
            }
            for (int q = a2 + len; q < a3; q++) {
                s2 += xs[col[q]] * val[q];
            }
            for (int q = a3 + len; q < e3; q++) {
                s3 += xs[col[q]] * val[q];
            }
            pre[i] = s0;
            pre[i + 1] = s1;
            pre[i + 2] = s2;
            pre[i + 3] = s3;
        }
        for (; i < n; i++) {
            double s0 = pre[i];
            for (int q = start[i]; q < start[i + 1]; q++) {
                s0 += xs[col[q]] * val[q];
            }
            pre[i] = s0;
        }
    }

    /**
     * Spectral radius of a square sparse matrix by power iteration: the average log growth of
     * {@code ||W^k v||} over {@code iterations} steps after a burn-in, which also converges when
     * the dominant eigenvalues are a complex pair (where a plain Rayleigh quotient oscillates).
     */
    public static double spectralRadius(CsrSynapses m, int iterations, long seed) {
        if (m.preCount() != m.postCount()) {
            throw new IllegalArgumentException("matrix must be square, got " + m.postCount() + " x " + m.preCount());
        }
        int n = m.preCount();
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        double[] next = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() - 0.5;
        }
        normalise(v);
        int burnIn = iterations / 5;
        double logSum = 0;
        for (int it = 0; it < iterations + burnIn; it++) {
            java.util.Arrays.fill(next, 0.0);
            // y = W v with W[post][pre]: out[post] += v[pre] w
            m.multiplyAdd(v, next);
            double norm = normalise(next);
            if (norm == 0) {
                return 0.0;
            }
            if (it >= burnIn) {
                logSum += Math.log(norm);
            }
            double[] t = v;
            v = next;
            next = t;
        }
        return Math.exp(logSum / iterations);
    }

    private static double normalise(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        double norm = Math.sqrt(s);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
        return norm;
    }
}
