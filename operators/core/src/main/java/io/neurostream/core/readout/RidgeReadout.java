package io.neurostream.core.readout;

import io.neurostream.core.linalg.CholeskySolver;
import io.neurostream.core.linalg.LinearSolver;

/**
 * Ridge regression readout {@code y = W [x; 1]} (Tikhonov 1963; the standard reservoir readout,
 * Jaeger 2001, Lukosevicius 2012 "A practical guide to applying echo state networks").
 *
 * <p>It keeps the sufficient statistics {@code A = sum z z'} and {@code B = sum z y'} with
 * {@code z = [x; 1]}, so samples can be streamed in ({@link #accumulate}) and the closed form
 * {@code W' = (A + ridge I)^-1 B} refit at any time ({@link #fit}); an optional forgetting factor
 * ({@link #decay}) lets refits follow drift. The bias term is not penalised.
 * Accumulating allocates nothing; a fit solves through a {@link LinearSolver}
 * (plain-Java Cholesky by default, ND4J for large feature counts).
 */
public final class RidgeReadout {
    private final int featureCount;
    private final int outputCount;
    private final int z;
    private final double[] a;
    private final double[] b;
    private final double[] w;      // (featureCount+1) x outputCount, row-major (transposed weights)
    private final double[] reg;    // scratch: A + ridge I
    private final LinearSolver solver;
    private long samples;

    public RidgeReadout(int featureCount, int outputCount) {
        this(featureCount, outputCount, new CholeskySolver());
    }

    public RidgeReadout(int featureCount, int outputCount, LinearSolver solver) {
        if (featureCount < 1 || outputCount < 1) {
            throw new IllegalArgumentException("featureCount and outputCount must be >= 1, got "
                    + featureCount + ", " + outputCount);
        }
        this.featureCount = featureCount;
        this.outputCount = outputCount;
        this.z = featureCount + 1;
        this.a = new double[z * z];
        this.b = new double[z * outputCount];
        this.w = new double[z * outputCount];
        this.reg = new double[z * z];
        this.solver = solver;
    }

    /** Adds one sample to the statistics (x and y not modified). */
    public void accumulate(double[] x, double[] y) {
        if (x.length != featureCount || y.length != outputCount) {
            throw new IllegalArgumentException("expected x of length " + featureCount + " and y of length "
                    + outputCount + ", got " + x.length + " and " + y.length);
        }
        final int n = featureCount;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            if (xi == 0.0) {
                continue;
            }
            int row = i * z;
            for (int j = i; j < n; j++) {
                a[row + j] += xi * x[j];
            }
            a[row + n] += xi;
            for (int o = 0; o < outputCount; o++) {
                b[i * outputCount + o] += xi * y[o];
            }
        }
        a[n * z + n] += 1.0;
        for (int o = 0; o < outputCount; o++) {
            b[n * outputCount + o] += y[o];
        }
        samples++;
    }

    /** Multiplies the statistics by {@code factor} in (0, 1]: exponential forgetting between refits. */
    public void decay(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1], got " + factor);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] *= factor;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] *= factor;
        }
    }

    /** Refits the weights from the statistics with penalty {@code ridge} (&gt;= 0) on the non-bias weights. */
    public void fit(double ridge) {
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge must be in [0, inf), got " + ridge);
        }
        for (int i = 0; i < z; i++) {
            for (int j = i; j < z; j++) {
                double v = a[i * z + j];
                reg[i * z + j] = v;
                reg[j * z + i] = v;
            }
            if (i < featureCount) {
                reg[i * z + i] += ridge;
            }
        }
        // a tiny jitter on the bias pivot keeps an empty statistic solvable
        reg[z * z - 1] += 1e-12;
        solver.solveSpd(reg, b, z, outputCount, w);
    }

    /** {@code yOut = W [x; 1]} (x not modified, yOut modified). */
    public void predict(double[] x, double[] yOut) {
        for (int o = 0; o < outputCount; o++) {
            double sum = w[featureCount * outputCount + o];
            for (int i = 0; i < featureCount; i++) {
                sum += x[i] * w[i * outputCount + o];
            }
            yOut[o] = sum;
        }
    }

    public long samples() {
        return samples;
    }

    public int featureCount() {
        return featureCount;
    }

    /** Live weights, row-major {@code (featureCount+1) x outputCount}, bias last; do not modify. */
    public double[] weightsTransposed() {
        return w;
    }

    /** The accumulated statistics for a checkpoint: [A (z x z, upper triangle used), B (z x outputs)], a copy. */
    public double[] statistics() {
        double[] s = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, s, a.length, b.length);
        return s;
    }

    /** A readout holding {@code statistics} ({@link #statistics()}) and {@code samples}; fit it before predicting. */
    public static RidgeReadout restore(int featureCount, int outputCount, double[] statistics, long samples) {
        return restore(featureCount, outputCount, statistics, samples, null);
    }

    /**
     * As {@link #restore(int, int, double[], long)}, predicting with {@code fittedWeights} (as
     * {@link #weightsTransposed()} returned them at the last fit; null: zeros) until the next fit.
     */
    public static RidgeReadout restore(int featureCount, int outputCount, double[] statistics, long samples,
                                       double[] fittedWeights) {
        RidgeReadout r = new RidgeReadout(featureCount, outputCount);
        if (fittedWeights != null) {
            if (fittedWeights.length != r.w.length) {
                throw new IllegalArgumentException("fitted weights have " + fittedWeights.length + " values, expected "
                        + r.w.length);
            }
            System.arraycopy(fittedWeights, 0, r.w, 0, r.w.length);
        }
        if (statistics.length != r.a.length + r.b.length) {
            throw new IllegalArgumentException("statistics have " + statistics.length + " values, expected "
                    + (r.a.length + r.b.length));
        }
        System.arraycopy(statistics, 0, r.a, 0, r.a.length);
        System.arraycopy(statistics, r.a.length, r.b, 0, r.b.length);
        r.samples = samples;
        return r;
    }
}
