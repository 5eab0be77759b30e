package io.neurostream.core.readout;

import java.util.SplittableRandom;

/**
 * Reward-modulated Hebbian readout, the "exploratory Hebbian" (EH) rule of Hoerzer, Legenstein
 * &amp; Maass (2014), "Emergence of complex computational structures from chaotic neural networks
 * through reward-modulated Hebbian learning", Cerebral Cortex 24:677 - a local, three-factor
 * alternative to FORCE (Sussillo &amp; Abbott 2009). The output explores with noise,
 * {@code z = W x + xi}; the third factor is a scalar modulator that signals improvement,
 * {@code M = P - Pbar} with performance {@code P = -(z - target)^2} and {@code Pbar} its running
 * mean; the update is Hebbian in the output's exploratory deviation: {@code dW = eta M xi x'}.
 * In expectation this is gradient descent on the squared error (node perturbation, Fiete &amp;
 * Seung 2006). Hoerzer et al. estimate {@code xi} as {@code z - zbar} with a running mean, which
 * assumes slowly varying inputs; with i.i.d. inputs that estimate contains the signal and diverges,
 * so the neuron's own noise-free drive is used. Only the scalar modulator reaches the synapses,
 * no error vector.
 */
public final class ThreeFactorHebbianReadout {
    private final int featureCount;
    private final int outputCount;
    private final double eta;
    private final double noiseStd;
    private final double alpha;
    private final double[] w; // outputCount x featureCount
    private final double[] zBar;
    private final double[] pBar;
    private final double[] z;
    private final SplittableRandom random;

    /**
     * @param eta learning rate, &gt; 0
     * @param noiseStd exploration noise standard deviation, &gt; 0
     * @param tauUpdates time constant of the running means, in updates, &gt;= 1
     * @param seed seed of the exploration noise
     */
    public ThreeFactorHebbianReadout(int featureCount, int outputCount, double eta, double noiseStd, double tauUpdates,
                                     long seed) {
        if (featureCount < 1 || outputCount < 1 || !(eta > 0) || !(noiseStd > 0) || !(tauUpdates >= 1)) {
            throw new IllegalArgumentException("need featureCount, outputCount >= 1, eta > 0, noiseStd > 0,"
                    + " tauUpdates >= 1; got " + featureCount + ", " + outputCount + ", " + eta + ", " + noiseStd
                    + ", " + tauUpdates);
        }
        this.featureCount = featureCount;
        this.outputCount = outputCount;
        this.eta = eta;
        this.noiseStd = noiseStd;
        this.alpha = 1.0 / tauUpdates;
        this.w = new double[outputCount * featureCount];
        this.zBar = new double[outputCount];
        this.pBar = new double[outputCount];
        this.z = new double[outputCount];
        this.random = new SplittableRandom(seed);
    }

    /** Noise-free output {@code W x}. */
    public void predict(double[] x, double[] yOut) {
        for (int o = 0; o < outputCount; o++) {
            double s = 0;
            int row = o * featureCount;
            for (int j = 0; j < featureCount; j++) {
                s += w[row + j] * x[j];
            }
            yOut[o] = s;
        }
    }

    /** One exploratory output and modulated Hebbian update toward {@code target}. */
    public void update(double[] x, double[] target) {
        predict(x, z);
        for (int o = 0; o < outputCount; o++) {
            double zo = z[o] + noiseStd * random.nextGaussian();
            double perf = -(zo - target[o]) * (zo - target[o]);
            double m = perf - pBar[o];
            double g = eta * m * (zo - z[o]);
            int row = o * featureCount;
            for (int j = 0; j < featureCount; j++) {
                w[row + j] += g * x[j];
            }
            zBar[o] += alpha * (zo - zBar[o]);
            pBar[o] += alpha * (perf - pBar[o]);
        }
    }

    /** Live weights, outputCount x featureCount; do not modify. */
    public double[] weights() {
        return w;
    }
}
