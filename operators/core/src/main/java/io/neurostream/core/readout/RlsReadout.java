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
 * <p>Speed, with the same numbers bit for bit: P is large (8 MB at n = 1,000) and an update used
 * to stream it three times (P x by row dot products, then read and write for the rank-1 step),
 * in loops the JIT could not vectorise ({@code p[i * n + j]}). Here P is kept by rows
 * ({@code double[][]}, whose {@code row[j]} loops the JIT does vectorise); the rank-1 step of an
 * update is kept pending ({@code k} and {@code P x} are all it needs) and applied to four rows at
 * a time during the next update's single pass, which then forms those rows' dot products with
 * {@code x}, four independent sums each added in the same order as before. Every element gets
 * the same arithmetic in the same order, so weights, P and predictions are identical to the
 * previous implementation ({@code RlsReadoutGoldenTest}, the Flink migration tests).
 * {@link #inverseCorrelation()} returns the row-major P with a pending step applied to the copy
 * (never to the readout), so checkpoints keep their layout and reading never changes the model.
 */
public final class RlsReadout {
    private final int featureCount;
    private final int outputCount;
    private final double lambda;
    private final double[] w;   // outputCount x featureCount
    private static final int SYMMETRISE_EVERY_UPDATES = 64;
    private final double[][] rows; // P by rows
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
            System.arraycopy(inverseCorrelation, i * n, r.rows[i], 0, n);
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
        if (pending && symmetriseDue()) {
            applyPending(); // the periodic symmetrisation needs all of P before P x
        }
        final boolean fused = pending;
        final double[] kl = k;
        final double[] pxl = px;
        final double inverseLambda = 1.0 / lambda;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            final double[] r0 = rows[i];
            final double[] r1 = rows[i + 1];
            final double[] r2 = rows[i + 2];
            final double[] r3 = rows[i + 3];
            if (fused) {
                rankOne(r0, kl[i], pxl, inverseLambda, n);
                rankOne(r1, kl[i + 1], pxl, inverseLambda, n);
                rankOne(r2, kl[i + 2], pxl, inverseLambda, n);
                rankOne(r3, kl[i + 3], pxl, inverseLambda, n);
            }
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < n; j++) {
                double xj = x[j];
                s0 += r0[j] * xj;
                s1 += r1[j] * xj;
                s2 += r2[j] * xj;
                s3 += r3[j] * xj;
            }
            next[i] = s0;
            next[i + 1] = s1;
            next[i + 2] = s2;
            next[i + 3] = s3;
        }
        for (; i < n; i++) {
            final double[] r0 = rows[i];
            if (fused) {
                rankOne(r0, kl[i], pxl, inverseLambda, n);
            }
            double s0 = 0;
            for (int j = 0; j < n; j++) {
                s0 += r0[j] * x[j];
            }
            next[i] = s0;
        }
        pending = false;
        double xpx = 0;
        for (int q = 0; q < n; q++) {
            xpx += x[q] * next[q];
        }
        double denominator = lambda + xpx;
        for (int q = 0; q < n; q++) {
            k[q] = next[q] / denominator;
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

    /** {@code row = (row - ki px) / lambda}: one row of the rank-1 step, exactly as before. */
    private static void rankOne(double[] row, double ki, double[] px, double inverseLambda, int n) {
        for (int j = 0; j < n; j++) {
            row[j] = (row[j] - ki * px[j]) * inverseLambda;
        }
    }

    /** Applies the pending rank-1 step of the last update to P (and the symmetrisation due after it). */
    private void applyPending() {
        if (!pending) {
            return;
        }
        final int n = featureCount;
        final double inverseLambda = 1.0 / lambda;
        for (int i = 0; i < n; i++) {
            rankOne(rows[i], k[i], px, inverseLambda, n);
        }
        pending = false;
        if (symmetriseDue()) {
            symmetrise();
        }
    }

    private boolean symmetriseDue() {
        return lambda < 1 && updates % SYMMETRISE_EVERY_UPDATES == 0;
    }

    /**
     * Rounding makes P drift from symmetric, and with forgetting (lambda &lt; 1) the drift grows
     * until the update diverges; averaging P with its transpose now and then keeps it in check.
     */
    private void symmetrise() {
        final int n = featureCount;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double mean = 0.5 * (rows[i][j] + rows[j][i]);
                rows[i][j] = mean;
                rows[j][i] = mean;
            }
        }
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
     * A new row-major copy of the inverse correlation matrix P (featureCount x featureCount), current
     * as of the last update: a pending rank-1 step (and the symmetrisation due with it) is applied to
     * the copy, never to this readout. Reading therefore does not change the readout, so a checkpoint
     * may serialise it on another thread while the task copies it (Flink's heap state backend does
     * both at once after a barrier); an earlier version applied the pending step here, and two
     * readers could apply it twice.
     */
    public double[] inverseCorrelation() {
        final int n = featureCount;
        double[] out = new double[n * n];
        if (!pending) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows[i], 0, out, i * n, n);
            }
            return out;
        }
        final double inverseLambda = 1.0 / lambda;
        for (int i = 0; i < n; i++) {
            final double[] row = rows[i];
            final double ki = k[i];
            for (int j = 0, base = i * n; j < n; j++) {
                out[base + j] = (row[j] - ki * px[j]) * inverseLambda; // exactly rankOne's arithmetic
            }
        }
        if (symmetriseDue()) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double mean = 0.5 * (out[i * n + j] + out[j * n + i]);
                    out[i * n + j] = mean;
                    out[j * n + i] = mean;
                }
            }
        }
        return out;
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
