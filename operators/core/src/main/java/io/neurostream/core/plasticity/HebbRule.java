package io.neurostream.core.plasticity;

/**
 * Plain Hebbian rule with passive decay (Hebb 1949): {@code dw_ij = eta (y_i x_j - decay w_ij)}.
 * Unbounded without decay; see {@link OjaRule} and {@link BcmRule} for the stable variants.
 */
public final class HebbRule implements RatePlasticityRule {
    private final double eta;
    private final double decay;

    public HebbRule(double eta, double decay) {
        if (!(eta > 0) || !(decay >= 0)) {
            throw new IllegalArgumentException("eta must be > 0 and decay >= 0, got " + eta + ", " + decay);
        }
        this.eta = eta;
        this.decay = decay;
    }

    @Override
    public void update(double[] w, double[] x, double[] y) {
        int m = x.length;
        for (int i = 0; i < y.length; i++) {
            int row = i * m;
            for (int j = 0; j < m; j++) {
                w[row + j] += eta * (y[i] * x[j] - decay * w[row + j]);
            }
        }
    }
}
