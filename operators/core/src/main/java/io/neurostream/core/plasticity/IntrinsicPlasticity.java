package io.neurostream.core.plasticity;

/**
 * Homeostatic intrinsic plasticity of the firing threshold (Desai et al. 1999; the adaptive
 * threshold of Diehl &amp; Cook 2015): after each window, every neuron's threshold offset moves by
 * {@code eta (rate - targetRate)}, so that neurons firing too much become less excitable.
 * The offsets are added to the neurons' threshold by the caller (or subtracted from their drive).
 */
public final class IntrinsicPlasticity implements PlasticityRule {
    private final double targetRateHz;
    private final double etaMvPerHz;

    public IntrinsicPlasticity(double targetRateHz, double etaMvPerHz) {
        if (!(targetRateHz >= 0) || !(etaMvPerHz > 0)) {
            throw new IllegalArgumentException("targetRateHz must be >= 0 and etaMvPerHz > 0, got "
                    + targetRateHz + ", " + etaMvPerHz);
        }
        this.targetRateHz = targetRateHz;
        this.etaMvPerHz = etaMvPerHz;
    }

    /**
     * @param spikeCounts spikes per neuron in the window (not modified)
     * @param windowMs window length, ms
     * @param thresholdOffsetMv per-neuron threshold offsets (modified)
     */
    public void update(long[] spikeCounts, double windowMs, double[] thresholdOffsetMv) {
        for (int i = 0; i < spikeCounts.length; i++) {
            double rateHz = spikeCounts[i] * 1000.0 / windowMs;
            thresholdOffsetMv[i] += etaMvPerHz * (rateHz - targetRateHz);
        }
    }
}
