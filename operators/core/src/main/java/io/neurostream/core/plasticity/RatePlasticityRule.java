package io.neurostream.core.plasticity;

/**
 * A rate-based rule on a dense weight matrix {@code w[post * preCount + pre]} given presynaptic
 * activity {@code x} and postsynaptic activity {@code y} (the caller computes {@code y}).
 */
public interface RatePlasticityRule extends PlasticityRule {
    /**
     * @param w weights, row-major postCount x preCount (modified)
     * @param x presynaptic activity, length preCount (not modified)
     * @param y postsynaptic activity, length postCount (not modified)
     */
    void update(double[] w, double[] x, double[] y);
}
