package io.neurostream.core.readout;

import java.util.Arrays;

/**
 * Multi-output recursive least squares readout {@code y = W x}, learned one sample at a time
 * (Haykin, <i>Adaptive Filter Theory</i>, ch. 10; the FORCE learning of Sussillo &amp; Abbott 2009
 * uses the same update).
 *
 * <p>Per update: {@code k = P x / (lambda + x'P x)}, {@code W += (target - W x) k'},
 * {@code P = (P - k x'P) / lambda}. With {@code lambda = 1} the result equals ridge regression
 * with penalty {@code 1/delta} on all samples seen; {@code lambda < 1} forgets old samples with
 * time constant {@code 1/(1-lambda)} updates, which lets the readout follow drift.
 *
 * <p>State is two flat row-major arrays, exposed for checkpointing ({@link #weights()},
 * {@link #inverseCorrelation()}); updates allocate nothing. Cost: O(n^2) per update.
 *
 * <p>Speed: P is large (8 MB at n = 1,000) and an update used to stream it three times (P x by
 * row dot products, then read and write for the rank-1 step). Here P is kept by rows
 * ({@code double[][]}: the JIT vectorises {@code row[j]} but not {@code p[i * n + j]}) and only its
 * upper triangle is updated (P is symmetric); the rank-1 step of an update is kept pending
 * ({@code k} and {@code P x} are all it needs) and applied row by row during the next update's
 * single pass, which also forms {@code P x}: half of P read and written once per update. Every
 * kept element of P gets the same arithmetic as before ({@code (P_ij - k_i (Px)_j) / lambda});
 * the order of the sums in {@code P x} differs, and the lower triangle mirrors the upper one
 * (the previous kernel let them drift apart in rounding and averaged them every 64 updates when
 * forgetting), so weights agree with the previous implementation to rounding
 * ({@code RlsReadoutGoldenTest}). {@link #inverseCorrelation()} applies a pending step and writes
 * the full row-major P, so checkpoints keep their layout; {@link #restore} takes the upper triangle.
 */
public final class RlsReadout {
    private final int featureCount;
    private final int outputCount;
    private final double lambda;
    private final double[] w;   // outputCount x featureCount
    private final double[][] rows; // P by rows; only the upper triangle (j >= i) is kept current
    private double[] p;            // row-major copy of P for inverseCorrelation(), made on demand
    private double[] px;        // P x of the last update (pending rank-1 step: P -= k px')
    private double[] pxNext;    // scratch: P x of the update being computed
    private final double[] k;   // gain of the last update
    private boolean pending;    // P still lacks the last update's rank-1 step
    private long updates;

    /**
     * @param featureCount length of x, at least 1
     * @param outputCount length of y, at least 1
     * @param lambda forgetting factor in (0, 1]; 1 = never forget
     * @param delta initial P = delta * I; the ridge penalty is 1/delta (larger = weaker prior)
     */
    public RlsReadout(int featureCount, int outputCount, double lambda, double delta) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1, got " + featureCount);
        }
        if (outputCount < 1) {
            throw new IllegalArgumentException("outputCount must be >= 1, got " + outputCount);
        }
        if (!(lambda > 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda (forgetting factor) must be in (0, 1], got " + lambda);
        }
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta (initial P scale) must be positive and finite, got " + delta);
        }
        this.featureCount = featureCount;
        this.outputCount = outputCount;
        this.lambda = lambda;
        this.w = new double[outputCount * featureCount];
        this.rows = new double[featureCount][featureCount];
        this.px = new double[featureCount];
        this.pxNext = new double[featureCount];
        this.k = new double[featureCount];
        for (int i = 0; i < featureCount; i++) {
            rows[i][i] = delta;
        }
    }

    /** Restores a readout from checkpointed arrays (copied). */
    public static RlsReadout restore(int featureCount, int outputCount, double lambda, double[] weights,
                                     double[] inverseCorrelation, long updates) {
        RlsReadout r = new RlsReadout(featureCount, outputCount, lambda, 1.0);
        int n = featureCount;
        if (weights.length != r.w.length || inverseCorrelation.length != n * n) {
            throw new IllegalArgumentException("restored arrays have lengths " + weights.length + "/"
                    + inverseCorrelation.length + ", expected " + r.w.length + "/" + n * n);
        }
        System.arraycopy(weights, 0, r.w, 0, r.w.length);
        for (int i = 0; i < n; i++) {
            // the upper triangle is P (a snapshot of the previous kernel may differ below it in rounding)
            System.arraycopy(inverseCorrelation, i * n + i, r.rows[i], i, n - i);
            for (int j = 0; j < i; j++) {
                r.rows[i][j] = inverseCorrelation[j * n + i];
            }
        }
        r.updates = updates;
        return r;
    }

    /**
     * Computes {@code yOut = W x}.
     *
     * @param x features, length featureCount (not modified)
     * @param yOut output, length outputCount (modified)
     */
    public void predict(double[] x, double[] yOut) {
        checkLengths(x, yOut);
        for (int o = 0; o < outputCount; o++) {
            double sum = 0;
            int row = o * featureCount;
            for (int j = 0; j < featureCount; j++) {
                sum += w[row + j] * x[j];
            }
            yOut[o] = sum;
        }
    }

    /**
     * Learns from one sample.
     *
     * @param x features, length featureCount (not modified)
     * @param target desired output, length outputCount (not modified)
     */
    public void update(double[] x, double[] target) {
        checkLengths(x, target);
        final int n = featureCount;
        final double[] next = pxNext;
        java.util.Arrays.fill(next, 0.0);
        if (pending) {
            // one pass over the upper triangle: finish the last update's P, and add row i's part of P x
            final double[] kl = k;
            final double[] pxl = px;
            final double inverseLambda = 1.0 / lambda;
            for (int i = 0; i < n; i++) {
                final double[] row = rows[i];
                final double ki = kl[i];
                final double xi = x[i];
                for (int j = i; j < n; j++) {
                    double v = (row[j] - ki * pxl[j]) * inverseLambda;
                    row[j] = v;
                    next[j] += xi * v;
                }
                next[i] += dotAbove(row, x, i, n);
            }
            pending = false;
        } else {
            for (int i = 0; i < n; i++) {
                final double[] row = rows[i];
                final double xi = x[i];
                for (int j = i; j < n; j++) {
                    next[j] += xi * row[j];
                }
                next[i] += dotAbove(row, x, i, n);
            }
        }
        double xpx = 0;
        for (int i = 0; i < n; i++) {
            xpx += x[i] * next[i];
        }
        double denominator = lambda + xpx;
        for (int i = 0; i < n; i++) {
            k[i] = next[i] / denominator;
        }
        for (int o = 0; o < outputCount; o++) {
            int row = o * n;
            double y = 0;
            for (int j = 0; j < n; j++) {
                y += w[row + j] * x[j];
            }
            double error = target[o] - y;
            for (int j = 0; j < n; j++) {
                w[row + j] += error * k[j];
            }
        }
        pxNext = px;
        px = next;
        pending = true;
        updates++;
    }

    /** {@code sum over j > i of row[j] x[j]}: the lower triangle's part of (P x)_i, by symmetry. */
    private static double dotAbove(double[] row, double[] x, int i, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = i + 1;
        for (; j + 4 <= n; j += 4) {
            s0 += row[j] * x[j];
            s1 += row[j + 1] * x[j + 1];
            s2 += row[j + 2] * x[j + 2];
            s3 += row[j + 3] * x[j + 3];
        }
        for (; j < n; j++) {
            s0 += row[j] * x[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Applies the pending rank-1 step of the last update to P's upper triangle. */
    private void applyPending() {
        if (!pending) {
            return;
        }
        final int n = featureCount;
        final double inverseLambda = 1.0 / lambda;
        for (int i = 0; i < n; i++) {
            final double[] row = rows[i];
            final double ki = k[i];
            for (int j = i; j < n; j++) {
                row[j] = (row[j] - ki * px[j]) * inverseLambda;
            }
        }
        pending = false;
    }

    private void checkLengths(double[] x, double[] y) {
        if (x.length != featureCount || y.length != outputCount) {
            throw new IllegalArgumentException("expected x of length " + featureCount + " and y of length "
                    + outputCount + ", got " + x.length + " and " + y.length);
        }
    }

    public int featureCount() {
        return featureCount;
    }

    public int outputCount() {
        return outputCount;
    }

    public double lambda() {
        return lambda;
    }

    /** Number of updates so far: the model version. */
    public long updates() {
        return updates;
    }

    /** Live row-major weights (outputCount x featureCount); do not modify. */
    public double[] weights() {
        return w;
    }

    /**
     * Live row-major inverse correlation matrix P (featureCount x featureCount), current as of the
     * last update (a pending rank-1 step is applied first); do not modify.
     */
    public double[] inverseCorrelation() {
        applyPending();
        final int n = featureCount;
        if (p == null) {
            p = new double[n * n];
        }
        for (int i = 0; i < n; i++) {
            final double[] row = rows[i];
            System.arraycopy(row, i, p, i * n + i, n - i);
            for (int j = i + 1; j < n; j++) {
                p[j * n + i] = row[j];
            }
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RlsReadout r && r.featureCount == featureCount && r.outputCount == outputCount
                && r.lambda == lambda && r.updates == updates && Arrays.equals(r.w, w)
                && Arrays.equals(r.inverseCorrelation(), inverseCorrelation());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(w) * 31 + Long.hashCode(updates);
    }
}
