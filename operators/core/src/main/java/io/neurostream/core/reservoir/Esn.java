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
 * <p>The step reads W by target rows from a copy built once in sliced ELLPACK order (SELL-8): rows
 * sorted by length and taken eight at a time, their entries interleaved so that one loop advances
 * eight running sums with no per-row tails, each shorter row of a slice padded at its end with
 * zero weights. Every sum adds the same products in the same order as a scatter through the CSR
 * rows would, then only exact zeros (which cannot change a nonzero sum, and a zero sum only in the
 * sign of zero, which the leaky update from a zero state never lets through to the state), so the
 * states are bit for bit those of the previous implementation (with {@link Math#tanh}, the
 * default). {@link #Esn(EsnParams, boolean)} can use the vectorised
 * {@link FastMath#tanh(double[], double[], int)} instead (within 2e-15 relative of
 * {@link Math#tanh}, which is a JNI call on JDK 17, about 37 ns), for uses that do not need the
 * previous numbers bit for bit (checkpoints restored from the default kernel do not change by more
 * than that).
 */
public final class Esn {
    private final EsnParams p;
    private final CsrSynapses w;
    private final double[] win;   // units x inputs, row-major
    private final double[] bias;
    private final double[] x;
    private final double[] pre;
    private final double[] scratch;
    private static final int SLICE = 8;
    private final int[] sliceRows;   // SLICE rows per slice, longest first; n.. = dummy rows (pre is padded)
    private final int[] sliceStart;  // first entry of each slice
    private final int[] sliceLength; // entries per row of each slice (its longest row)
    private final int[] slicePre;    // source unit of entry q of row r of slice g at sliceStart[g] + q * SLICE + r
    private final double[] sliceWeight; // 0 where a row is padded
    private final boolean fastTanh;

    public Esn(EsnParams params) {
        this(params, false);
    }

    /**
     * @param fastTanh true: the vectorised {@link FastMath#tanh(double[], double[], int)} (faster, within 2e-15 relative); false:
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
        this.pre = new double[n + SLICE];
        this.scratch = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        final int[] inStart = raw.inStart;
        java.util.Arrays.sort(order, (p1, p2) -> Integer.compare(inStart[p2 + 1] - inStart[p2],
                inStart[p1 + 1] - inStart[p1]));
        int slices = (n + SLICE - 1) / SLICE;
        this.sliceRows = new int[slices * SLICE];
        this.sliceStart = new int[slices];
        this.sliceLength = new int[slices];
        int total = 0;
        for (int g = 0; g < slices; g++) {
            int length = 0;
            for (int r = 0; r < SLICE; r++) {
                int t = g * SLICE + r;
                int row = t < n ? order[t] : n + r;
                sliceRows[t] = row;
                if (row < n) {
                    length = Math.max(length, inStart[row + 1] - inStart[row]);
                }
            }
            sliceStart[g] = total;
            sliceLength[g] = length;
            total += length * SLICE;
        }
        this.slicePre = new int[total];
        this.sliceWeight = new double[total];
        for (int g = 0; g < slices; g++) {
            for (int r = 0; r < SLICE; r++) {
                int row = sliceRows[g * SLICE + r];
                for (int q = row < n ? inStart[row] : 0; row < n && q < inStart[row + 1]; q++) {
                    int s = raw.inSynapse[q]; // ascending synapse index = ascending source unit
                    int at = sliceStart[g] + (q - inStart[row]) * SLICE + r;
                    slicePre[at] = raw.pre[s];
                    sliceWeight[at] = raw.weight[s];
                }
            }
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
        if (m == 1) { // one input (a time series): the same sum, in a loop the JIT vectorises
            final double u0 = u[0];
            for (int i = 0; i < n; i++) {
                pre[i] = bias[i] + win[i] * u0;
            }
        }
        for (int i = 0; m != 1 && i < n; i++) {
            double sum = bias[i];
            int row = i * m;
            for (int k = 0; k < m; k++) {
                sum += win[row + k] * u[k];
            }
            pre[i] = sum;
        }
        recurrentInput();
        if (fastTanh) {
            FastMath.tanh(pre, scratch, n);
            for (int i = 0; i < n; i++) {
                x[i] = (1 - a) * x[i] + a * pre[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                x[i] = (1 - a) * x[i] + a * Math.tanh(pre[i]);
            }
        }
        return x;
    }

    /** {@code pre += W x}, a slice of eight target rows at a time, each summed in ascending source order. */
    private void recurrentInput() {
        final double[] xs = x;
        final double[] p = pre;
        final int[] rows = sliceRows;
        final int[] col = slicePre;
        final double[] val = sliceWeight;
        for (int g = 0; g < sliceStart.length; g++) {
            final int t = g * SLICE;
            final int r0 = rows[t];
            final int r1 = rows[t + 1];
            final int r2 = rows[t + 2];
            final int r3 = rows[t + 3];
            final int r4 = rows[t + 4];
            final int r5 = rows[t + 5];
            final int r6 = rows[t + 6];
            final int r7 = rows[t + 7];
            double s0 = p[r0];
            double s1 = p[r1];
            double s2 = p[r2];
            double s3 = p[r3];
            double s4 = p[r4];
            double s5 = p[r5];
            double s6 = p[r6];
            double s7 = p[r7];
            final int end = sliceStart[g] + sliceLength[g] * SLICE;
            for (int q = sliceStart[g]; q < end; q += SLICE) {
                s0 += xs[col[q]] * val[q];
                s1 += xs[col[q + 1]] * val[q + 1];
                s2 += xs[col[q + 2]] * val[q + 2];
                s3 += xs[col[q + 3]] * val[q + 3];
                s4 += xs[col[q + 4]] * val[q + 4];
                s5 += xs[col[q + 5]] * val[q + 5];
                s6 += xs[col[q + 6]] * val[q + 6];
                s7 += xs[col[q + 7]] * val[q + 7];
            }
            p[r0] = s0;
            p[r1] = s1;
            p[r2] = s2;
            p[r3] = s3;
            p[r4] = s4;
            p[r5] = s5;
            p[r6] = s6;
            p[r7] = s7;
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
