package io.neurostream.core.readout;

/**
 * Normalised least-mean-squares readout {@code y = W [x; 1]} (Widrow &amp; Hoff 1960; NLMS):
 * {@code W += mu e z' / (epsilon + ||z||^2)} with {@code e = target - y}. O(n) per output and
 * update, no allocation; slower to converge than {@link RlsReadout} but cheap and robust to drift.
 */
public final class LmsReadout {
    private final int featureCount;
    private final int outputCount;
    private final double mu;
    private final double epsilon;
    private final double[] w; // outputCount x (featureCount+1)
    private final double[] y;

    /**
     * @param mu step size in (0, 2) (NLMS is stable for 0 &lt; mu &lt; 2)
     * @param epsilon regulariser of the normalisation, &gt; 0
     */
    public LmsReadout(int featureCount, int outputCount, double mu, double epsilon) {
        if (featureCount < 1 || outputCount < 1) {
            throw new IllegalArgumentException("featureCount and outputCount must be >= 1, got " + featureCount
                    + ", " + outputCount);
        }
        if (!(mu > 0 && mu < 2) || !(epsilon > 0)) {
            throw new IllegalArgumentException("mu must be in (0, 2) and epsilon > 0, got " + mu + ", " + epsilon);
        }
        this.featureCount = featureCount;
        this.outputCount = outputCount;
        this.mu = mu;
        this.epsilon = epsilon;
        this.w = new double[outputCount * (featureCount + 1)];
        this.y = new double[outputCount];
    }

    /** A readout with learned weights (copied; layout of {@link #weights()}), e.g. from a checkpoint. */
    public static LmsReadout restore(int featureCount, int outputCount, double mu, double epsilon, double[] weights) {
        LmsReadout r = new LmsReadout(featureCount, outputCount, mu, epsilon);
        if (weights.length != r.w.length) {
            throw new IllegalArgumentException("weights must have " + r.w.length + " values, got " + weights.length);
        }
        System.arraycopy(weights, 0, r.w, 0, weights.length);
        return r;
    }

    public int featureCount() {
        return featureCount;
    }

    public int outputCount() {
        return outputCount;
    }

    public double mu() {
        return mu;
    }

    public double epsilon() {
        return epsilon;
    }

    public void predict(double[] x, double[] yOut) {
        int z = featureCount + 1;
        for (int o = 0; o < outputCount; o++) {
            int row = o * z;
            double s = w[row + featureCount];
            for (int j = 0; j < featureCount; j++) {
                s += w[row + j] * x[j];
            }
            yOut[o] = s;
        }
    }

    /** One NLMS step toward {@code target} (x and target not modified). */
    public void update(double[] x, double[] target) {
        predict(x, y);
        double norm = epsilon + 1.0;
        for (int j = 0; j < featureCount; j++) {
            norm += x[j] * x[j];
        }
        int z = featureCount + 1;
        for (int o = 0; o < outputCount; o++) {
            double g = mu * (target[o] - y[o]) / norm;
            int row = o * z;
            for (int j = 0; j < featureCount; j++) {
                w[row + j] += g * x[j];
            }
            w[row + featureCount] += g;
        }
    }

    /** Live weights, outputCount x (featureCount+1), bias last; do not modify. */
    public double[] weights() {
        return w;
    }
}
