package io.neurostream.core.decoder;

import io.neurostream.core.readout.LmsReadout;

/**
 * Linear decoder {@code y = W [r; 1]} learned by normalised least mean squares ({@link LmsReadout}):
 * O(n) per bin instead of RLS's O(n^2), slower to converge, no forgetting factor (the step size sets
 * how fast it tracks drift).
 *
 * <pre>{@code
 * LmsRateDecoder d = new LmsRateDecoder(256, 2, 0.5);
 * d.decode(rates, velocity);
 * d.learn(rates, trueVelocity);
 * }</pre>
 */
public final class LmsRateDecoder extends OnlineRateDecoder {
    /** The NLMS normalisation floor. */
    public static final double EPSILON = 1e-3;

    private final LmsReadout lms;
    private long updates;

    /**
     * @param inputCount rates per bin
     * @param outputCount decoded values
     * @param mu NLMS step size in (0, 2)
     */
    public LmsRateDecoder(int inputCount, int outputCount, double mu) {
        this(new LmsReadout(inputCount, outputCount, mu, EPSILON), 0, true);
    }

    private LmsRateDecoder(LmsReadout lms, long updates, boolean learning) {
        super(learning);
        this.lms = lms;
        this.updates = updates;
    }

    /** A decoder continuing from a checkpointed readout (used as is) after {@code updates} learned bins. */
    public static LmsRateDecoder restore(LmsReadout readout, long updates, boolean learning) {
        if (updates < 0) {
            throw new IllegalArgumentException("updates must be >= 0, got " + updates);
        }
        return new LmsRateDecoder(readout, updates, learning);
    }

    private void check(double[] rates) {
        if (rates.length != lms.featureCount()) {
            throw new IllegalArgumentException("expected " + lms.featureCount() + " rates, got " + rates.length);
        }
    }

    @Override
    public int inputCount() {
        return lms.featureCount();
    }

    @Override
    public int outputCount() {
        return lms.outputCount();
    }

    @Override
    public void decode(double[] rates, double[] out) {
        check(rates);
        lms.predict(rates, out);
    }

    @Override
    public void learn(double[] rates, double[] target) {
        check(rates);
        if (learning) {
            lms.update(rates, target);
            updates++;
        }
    }

    @Override
    public long updates() {
        return updates;
    }

    /** The underlying readout (features = the rates; it adds the bias itself), e.g. for checkpointing. */
    public LmsReadout readout() {
        return lms;
    }
}
