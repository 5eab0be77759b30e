package io.neurostream.core.readout;

import java.util.Arrays;

/** The previous {@link RlsReadout} kept as the golden baseline of {@code RlsReadoutGoldenTest} and the kernels benchmark.
 *
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
 */
public final class RlsReadoutReference {
    private static final int SYMMETRISE_EVERY_UPDATES = 64;
    private final int featureCount;
    private final int outputCount;
    private final double lambda;
    private final double[] w;   // outputCount x featureCount
    private final double[] p;   // featureCount x featureCount, symmetric
    private final double[] px;  // scratch: P x
    private final double[] k;   // scratch: gain
    private long updates;

    /**
     * @param featureCount length of x, at least 1
     * @param outputCount length of y, at least 1
     * @param lambda forgetting factor in (0, 1]; 1 = never forget
     * @param delta initial P = delta * I; the ridge penalty is 1/delta (larger = weaker prior)
     */
    public RlsReadoutReference(int featureCount, int outputCount, double lambda, double delta) {
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
        this.p = new double[featureCount * featureCount];
        this.px = new double[featureCount];
        this.k = new double[featureCount];
        for (int i = 0; i < featureCount; i++) {
            p[i * featureCount + i] = delta;
        }
    }

    /** Restores a readout from checkpointed arrays (copied). */
    public static RlsReadoutReference restore(int featureCount, int outputCount, double lambda, double[] weights,
                                     double[] inverseCorrelation, long updates) {
        RlsReadoutReference r = new RlsReadoutReference(featureCount, outputCount, lambda, 1.0);
        if (weights.length != r.w.length || inverseCorrelation.length != r.p.length) {
            throw new IllegalArgumentException("restored arrays have lengths " + weights.length + "/"
                    + inverseCorrelation.length + ", expected " + r.w.length + "/" + r.p.length);
        }
        System.arraycopy(weights, 0, r.w, 0, r.w.length);
        System.arraycopy(inverseCorrelation, 0, r.p, 0, r.p.length);
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
        double xpx = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                sum += p[row + j] * x[j];
            }
            px[i] = sum;
            xpx += x[i] * sum;
        }
        double denominator = lambda + xpx;
        for (int i = 0; i < n; i++) {
            k[i] = px[i] / denominator;
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
        // P is symmetric, so x'P = (P x)'.
        double inverseLambda = 1.0 / lambda;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double ki = k[i];
            for (int j = 0; j < n; j++) {
                p[row + j] = (p[row + j] - ki * px[j]) * inverseLambda;
            }
        }
        updates++;
        if (lambda < 1 && updates % SYMMETRISE_EVERY_UPDATES == 0) {
            symmetrise();
        }
    }

    /**
     * Rounding makes P drift from symmetric, and with forgetting (lambda &lt; 1) the drift grows
     * until the update diverges; averaging P with its transpose now and then keeps it in check.
     */
    private void symmetrise() {
        final int n = featureCount;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double mean = 0.5 * (p[i * n + j] + p[j * n + i]);
                p[i * n + j] = mean;
                p[j * n + i] = mean;
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

    /** Live row-major inverse correlation matrix P (featureCount x featureCount); do not modify. */
    public double[] inverseCorrelation() {
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RlsReadoutReference r && r.featureCount == featureCount && r.outputCount == outputCount
                && r.lambda == lambda && r.updates == updates && Arrays.equals(r.w, w) && Arrays.equals(r.p, p);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(w) * 31 + Long.hashCode(updates);
    }
}
