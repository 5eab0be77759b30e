package io.neurostream.core.decoder;

import io.neurostream.core.readout.RlsReadout;

/**
 * Linear decoder {@code y = W [r; 1]} learned by recursive least squares with a forgetting
 * factor ({@link RlsReadout}); with {@code lambda < 1} it tracks drifting tuning with memory
 * {@code 1 / (1 - lambda)} labelled bins.
 *
 * <pre>{@code
 * RlsRateDecoder d = new RlsRateDecoder(256, 2, 0.9995, 1.0);
 * d.decode(rates, velocity);
 * d.learn(rates, trueVelocity);
 * }</pre>
 */
public final class RlsRateDecoder extends OnlineRateDecoder {
    private final int inputCount;
    private final RlsReadout rls;
    private final double[] features;

    /**
     * @param inputCount rates per bin
     * @param outputCount decoded values
     * @param lambda forgetting factor in (0, 1]
     * @param delta initial inverse-correlation scale (ridge penalty 1/delta)
     */
    public RlsRateDecoder(int inputCount, int outputCount, double lambda, double delta) {
        super(true);
        if (inputCount < 1) {
            throw new IllegalArgumentException("inputCount must be >= 1, got " + inputCount);
        }
        this.inputCount = inputCount;
        this.rls = new RlsReadout(inputCount + 1, outputCount, lambda, delta);
        this.features = new double[inputCount + 1];
    }

    private RlsRateDecoder(RlsReadout readout, boolean learning) {
        super(learning);
        this.inputCount = readout.featureCount() - 1;
        this.rls = readout;
        this.features = new double[inputCount + 1];
    }

    /**
     * A decoder continuing from a checkpointed readout (used as is, not copied).
     *
     * @param readout features = rates then a constant 1, so featureCount = inputCount + 1 &gt;= 2
     */
    public static RlsRateDecoder restore(RlsReadout readout, boolean learning) {
        if (readout.featureCount() < 2) {
            throw new IllegalArgumentException("readout needs >= 2 features (rates + bias), got "
                    + readout.featureCount());
        }
        return new RlsRateDecoder(readout, learning);
    }

    private double[] features(double[] rates) {
        if (rates.length != inputCount) {
            throw new IllegalArgumentException("expected " + inputCount + " rates, got " + rates.length);
        }
        System.arraycopy(rates, 0, features, 0, inputCount);
        features[inputCount] = 1;
        return features;
    }

    @Override
    public int inputCount() {
        return inputCount;
    }

    @Override
    public int outputCount() {
        return rls.outputCount();
    }

    @Override
    public void decode(double[] rates, double[] out) {
        rls.predict(features(rates), out);
    }

    @Override
    public void learn(double[] rates, double[] target) {
        if (learning) {
            rls.update(features(rates), target);
        }
    }

    @Override
    public long updates() {
        return rls.updates();
    }

    /** The underlying readout (features = rates then a constant 1), e.g. for checkpointing. */
    public RlsReadout readout() {
        return rls;
    }
}
