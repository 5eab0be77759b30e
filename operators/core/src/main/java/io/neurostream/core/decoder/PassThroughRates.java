package io.neurostream.core.decoder;

/**
 * The "decoder" of a recording without behaviour: outputs the rates themselves, in Hz
 * ({@code count / binSeconds}), and learns nothing. Lets a job publish per-unit firing rates.
 */
public final class PassThroughRates implements RateDecoder {
    private final int count;
    private final double perSecond;
    private final double binMs;

    /**
     * @param count rates per bin
     * @param binMs bin width; output = input * 1000 / binMs
     */
    public PassThroughRates(int count, double binMs) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        if (!(binMs > 0)) {
            throw new IllegalArgumentException("binMs must be > 0, got " + binMs);
        }
        this.count = count;
        this.perSecond = 1000.0 / binMs;
        this.binMs = binMs;
    }

    public double binMs() {
        return binMs;
    }

    @Override
    public int inputCount() {
        return count;
    }

    @Override
    public int outputCount() {
        return count;
    }

    @Override
    public void decode(double[] rates, double[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = rates[i] * perSecond;
        }
    }

    @Override
    public void learn(double[] rates, double[] target) {
        // nothing to learn
    }

    @Override
    public void setLearning(boolean enabled) {
        // nothing to learn
    }

    @Override
    public boolean isLearning() {
        return false;
    }

    @Override
    public long updates() {
        return 0;
    }
}
