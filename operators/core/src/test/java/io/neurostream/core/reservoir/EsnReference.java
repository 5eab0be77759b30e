package io.neurostream.core.reservoir;

import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;

/** The previous {@link Esn} kept as the golden baseline of {@code EsnGoldenTest} and the kernels benchmark.
 *
 * Echo state network ({@link EsnParams}): sparse recurrent weights in CSR, drawn from the seed,
 * rescaled to the requested spectral radius estimated by power iteration
 * ({@link #spectralRadius(CsrSynapses, int, long)}). {@link #step} allocates nothing.
 */
public final class EsnReference {
    private final EsnParams p;
    private final CsrSynapses w;
    private final double[] win;   // units x inputs, row-major
    private final double[] bias;
    private final double[] x;
    private final double[] pre;

    public EsnReference(EsnParams params) {
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

    /** One update with input {@code u} (not modified); returns the live state. */
    public double[] step(double[] u) {
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
        w.multiplyAdd(x, pre);
        for (int i = 0; i < n; i++) {
            x[i] = (1 - a) * x[i] + a * Math.tanh(pre[i]);
        }
        return x;
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
