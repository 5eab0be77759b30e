package io.neurostream.core.plasticity;

/**
 * BCM rule (Bienenstock, Cooper &amp; Munro 1982, J Neurosci 2:32; sliding threshold as in
 * Intrator &amp; Cooper 1992): {@code dw_ij = eta x_j y_i (y_i - theta_i)}, with the modification
 * threshold tracking the mean of {@code y^2}: {@code theta_i += (y_i^2 - theta_i) / tauThetaUpdates}.
 * Selective for inputs: converges to a fixed point that responds to one of several input patterns.
 */
public final class BcmRule implements RatePlasticityRule {
    private final double eta;
    private final double tauThetaUpdates;
    private final double[] theta;

    public BcmRule(double eta, double tauThetaUpdates, int postCount, double theta0) {
        if (!(eta > 0) || !(tauThetaUpdates >= 1)) {
            throw new IllegalArgumentException("eta must be > 0 and tauThetaUpdates >= 1, got " + eta + ", "
                    + tauThetaUpdates);
        }
        this.eta = eta;
        this.tauThetaUpdates = tauThetaUpdates;
        this.theta = new double[postCount];
        java.util.Arrays.fill(theta, theta0);
    }

    @Override
    public void update(double[] w, double[] x, double[] y) {
        int m = x.length;
        for (int i = 0; i < y.length; i++) {
            int row = i * m;
            double g = eta * y[i] * (y[i] - theta[i]);
            for (int j = 0; j < m; j++) {
                double v = w[row + j] + g * x[j];
                w[row + j] = v < 0 ? 0 : v;
            }
            theta[i] += (y[i] * y[i] - theta[i]) / tauThetaUpdates;
        }
    }

    /** Live thresholds; do not modify. */
    public double[] theta() {
        return theta;
    }
}
