package io.neurostream.core.plasticity;

/**
 * Oja's rule (Oja 1982, "Simplified neuron model as a principal component analyzer", J Math Biol
 * 15:267): {@code dw_ij = eta y_i (x_j - y_i w_ij)} with {@code y = W x}. A single linear neuron
 * converges to the unit-norm leading eigenvector of the input covariance. With several outputs
 * and {@link Variant#SUBSPACE} the lateral term sums over all outputs (Oja's subspace rule,
 * {@code dW = eta (y x' - y y' W)}) and the rows converge to an orthonormal basis of the principal
 * subspace; {@link Variant#SANGER} uses the lower-triangular sum (Sanger 1989, generalized Hebbian
 * algorithm) and yields the ordered components.
 */
public final class OjaRule implements RatePlasticityRule {
    /** How outputs interact. */
    public enum Variant { SINGLE, SUBSPACE, SANGER }

    private final double eta;
    private final Variant variant;
    private double[] back = new double[0];

    public OjaRule(double eta, Variant variant) {
        if (!(eta > 0)) {
            throw new IllegalArgumentException("eta must be > 0, got " + eta);
        }
        this.eta = eta;
        this.variant = variant;
    }

    @Override
    public void update(double[] w, double[] x, double[] y) {
        int m = x.length;
        int k = y.length;
        if (variant == Variant.SINGLE) {
            for (int i = 0; i < k; i++) {
                int row = i * m;
                double yi = y[i];
                for (int j = 0; j < m; j++) {
                    w[row + j] += eta * yi * (x[j] - yi * w[row + j]);
                }
            }
            return;
        }
        if (back.length < m) {
            back = new double[m];
        }
        // back = sum over (all | first i) outputs of y_l w_l, accumulated row by row
        java.util.Arrays.fill(back, 0, m, 0.0);
        if (variant == Variant.SUBSPACE) {
            for (int l = 0; l < k; l++) {
                int row = l * m;
                for (int j = 0; j < m; j++) {
                    back[j] += y[l] * w[row + j];
                }
            }
            for (int i = 0; i < k; i++) {
                int row = i * m;
                double yi = y[i];
                for (int j = 0; j < m; j++) {
                    w[row + j] += eta * yi * (x[j] - back[j]);
                }
            }
        } else {
            for (int i = 0; i < k; i++) {
                int row = i * m;
                double yi = y[i];
                for (int j = 0; j < m; j++) {
                    back[j] += yi * w[row + j];
                }
                for (int j = 0; j < m; j++) {
                    w[row + j] += eta * yi * (x[j] - back[j]);
                }
            }
        }
    }
}
