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
 * to stream it three times (P x by row dot products, then read and write for the rank-1 step).
 * Here P is kept by columns ({@code cols[j][i] = P[i][j]}); the rank-1 step of an update is kept
 * pending ({@code k} and {@code P x} are all it needs) and applied during the next update's single
 * pass over P, which takes three columns at a time (two when lambda &lt; 1: C2 vectorises no more),
 * applies their pending step and adds their terms to all of {@code P x} at once
 * ({@code px[i] += P[i][j] x[j]} for all i, in one loop the JIT vectorises). Each {@code px[i]}
 * still adds its products in ascending j from 0, exactly as the row dot product did, but the sums
 * of all rows now advance together instead of as one chain of dependent additions per row (which
 * had bound the update by the adder's latency, not by its throughput). Every element gets the same
 * arithmetic in the same order, so weights, P and predictions are identical to the previous
 * implementations ({@code RlsReadoutGoldenTest}, the Flink migration tests).
 * {@link #inverseCorrelation()} returns the row-major P with a pending step applied to the copy
 * (never to the readout), so checkpoints keep their layout and reading never changes the model.
 */
public final class RlsReadout {
    private final int featureCount;
    private final int outputCount;
    private final double lambda;
    private final double[] w;   // outputCount x featureCount
    private static final int SYMMETRISE_EVERY_UPDATES = 64;
    private final double[][] cols; // P by columns: cols[j][i] = P[i][j]
    private double[] px;        // P x of the last update (pending rank-1 step: P -= k px')
    private double[] pxNext;    // scratch: P x of the update being computed
    private final double[] k;   // gain of the last update
    private final double[] y;   // scratch: W x of the update being computed
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
        this.cols = new double[featureCount][featureCount];
        this.px = new double[featureCount];
        this.pxNext = new double[featureCount];
        this.k = new double[featureCount];
        this.y = new double[outputCount];
        for (int i = 0; i < featureCount; i++) {
            cols[i][i] = delta;
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
            for (int j = 0; j < n; j++) {
                r.cols[j][i] = inverseCorrelation[i * n + j];
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
        if (pending && symmetriseDue()) {
            applyPending(); // the periodic symmetrisation needs all of P before P x
        }
        final boolean fused = pending;
        final double[] kl = k;
        final double[] pxl = px;
        final double inverseLambda = 1.0 / lambda;
        final boolean unitLambda = lambda == 1.0; // (a - b) * 1 = a - b exactly: skip the multiplication
        final int outputs = outputCount;
        final double[] ys = y;
        java.util.Arrays.fill(next, 0.0);
        java.util.Arrays.fill(ys, 0.0);
        // one pass over P by columns: the pending rank-1 step of a column and its terms of P x in
        // one loop (vectorised over rows; C2 vectorises three columns per loop, not four); W x,
        // each output's sum in ascending feature order as before, is independent of P, so its short
        // chains run in the shadow of those loops
        int c = 0;
        if (!fused) {
            for (; c + 4 <= n; c += 4) {
                final double[] c0 = cols[c];
                final double[] c1 = cols[c + 1];
                final double[] c2 = cols[c + 2];
                final double[] c3 = cols[c + 3];
                final double x0 = x[c];
                final double x1 = x[c + 1];
                final double x2 = x[c + 2];
                final double x3 = x[c + 3];
                for (int i = 0; i < n; i++) {
                    next[i] = next[i] + c0[i] * x0 + c1[i] * x1 + c2[i] * x2 + c3[i] * x3; // ascending column
                }
                addWx(x, c, 4);
            }
        } else if (unitLambda) {
            for (; c + 3 <= n; c += 3) {
                stepUnit3(cols[c], cols[c + 1], cols[c + 2], kl, pxl[c], pxl[c + 1], pxl[c + 2], x[c], x[c + 1],
                        x[c + 2], next, n);
                addWx(x, c, 3);
            }
        } else {
            for (; c + 2 <= n; c += 2) {
                step2(cols[c], cols[c + 1], kl, pxl[c], pxl[c + 1], x[c], x[c + 1], inverseLambda, next, n);
                addWx(x, c, 2);
            }
        }
        for (; c < n; c++) {
            final double[] c0 = cols[c];
            if (fused) {
                rankOne(c0, kl, pxl[c], inverseLambda, n);
            }
            final double x0 = x[c];
            for (int i = 0; i < n; i++) {
                next[i] += c0[i] * x0;
            }
            addWx(x, c, 1);
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
        for (int o = 0; o < outputs; o++) {
            int row = o * n;
            double error = target[o] - ys[o];
            for (int j = 0; j < n; j++) {
                w[row + j] += error * k[j];
            }
        }
        pxNext = px;
        px = next;
        pending = true;
        updates++;
    }

    /** Adds features c .. c + count - 1 (count 1 to 4) to every output's {@code W x} sum, in ascending order. */
    private void addWx(double[] x, int c, int count) {
        final int n = featureCount;
        for (int o = 0, row = c; o < outputCount; o++, row += n) {
            double s = y[o] + w[row] * x[c];
            for (int q = 1; q < count; q++) {
                s += w[row + q] * x[c + q];
            }
            y[o] = s;
        }
    }

    /**
     * Three columns with lambda = 1 (dividing by 1 changes nothing): the pending rank-1 step
     * {@code P[i][j] -= k[i] px[j]} and the terms {@code P[i][j] x[j]} of the next P x, in order.
     */
    private static void stepUnit3(double[] c0, double[] c1, double[] c2, double[] k, double p0, double p1, double p2,
                                  double x0, double x1, double x2, double[] next, int n) {
        for (int i = 0; i < n; i++) {
            final double ki = k[i];
            final double v0 = c0[i] - ki * p0;
            final double v1 = c1[i] - ki * p1;
            final double v2 = c2[i] - ki * p2;
            c0[i] = v0;
            c1[i] = v1;
            c2[i] = v2;
            next[i] = next[i] + v0 * x0 + v1 * x1 + v2 * x2;
        }
    }

    /** {@link #stepUnit3} for two columns and any lambda: {@code P[i][j] = (P[i][j] - k[i] px[j]) / lambda}. */
    private static void step2(double[] c0, double[] c1, double[] k, double p0, double p1, double x0, double x1,
                              double inverseLambda, double[] next, int n) {
        for (int i = 0; i < n; i++) {
            final double ki = k[i];
            final double v0 = (c0[i] - ki * p0) * inverseLambda;
            final double v1 = (c1[i] - ki * p1) * inverseLambda;
            c0[i] = v0;
            c1[i] = v1;
            next[i] = next[i] + v0 * x0 + v1 * x1;
        }
    }

    /** {@code P[i][j] = (P[i][j] - k[i] px[j]) / lambda} for column j: the rank-1 step, exactly as before. */
    private static void rankOne(double[] col, double[] k, double pxj, double inverseLambda, int n) {
        for (int i = 0; i < n; i++) {
            col[i] = (col[i] - k[i] * pxj) * inverseLambda;
        }
    }

    /** Applies the pending rank-1 step of the last update to P (and the symmetrisation due after it). */
    private void applyPending() {
        if (!pending) {
            return;
        }
        final int n = featureCount;
        final double inverseLambda = 1.0 / lambda;
        for (int j = 0; j < n; j++) {
            rankOne(cols[j], k, px[j], inverseLambda, n);
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
                double mean = 0.5 * (cols[j][i] + cols[i][j]); // P[i][j] + P[j][i]
                cols[j][i] = mean;
                cols[i][j] = mean;
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
            for (int j = 0; j < n; j++) {
                final double[] col = cols[j];
                for (int i = 0; i < n; i++) {
                    out[i * n + j] = col[i];
                }
            }
            return out;
        }
        final double inverseLambda = 1.0 / lambda;
        for (int j = 0; j < n; j++) {
            final double[] col = cols[j];
            final double pxj = px[j];
            for (int i = 0; i < n; i++) {
                out[i * n + j] = (col[i] - k[i] * pxj) * inverseLambda; // exactly rankOne's arithmetic
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
