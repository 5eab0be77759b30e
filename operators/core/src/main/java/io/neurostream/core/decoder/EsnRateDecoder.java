package io.neurostream.core.decoder;

import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import java.util.Arrays;

/**
 * Echo-state-network decoder: the binned rates drive an {@link Esn} (Jaeger 2001), and an
 * {@link RlsReadout} learns {@code y = W [x; g r; 1]} online from the reservoir state x and, if
 * {@link Params#directInputs()}, the scaled rates themselves (the usual input-to-output shortcut
 * of echo state networks, so the readout can fall back to a linear rate decoder).
 *
 * <p>The reservoir's fixed structure ({@link Esn}: weights drawn from its seed) is shared and not
 * stored; this decoder owns only its reservoir state vector and the readout, which is what a
 * checkpoint holds ({@link #reservoirState()}, {@link #readout()}, {@link #restore}). Several
 * decoders may share one {@link Esn} as long as they run in one thread: each {@link #decode}
 * loads the decoder's state into the ESN, steps it and stores the new state.
 *
 * <pre>{@code
 * EsnRateDecoder.Params p = EsnRateDecoder.Params.defaults(256, 2, 7L);
 * EsnRateDecoder d = new EsnRateDecoder(p, new Esn(p.esn()));
 * d.decode(rates, velocity);
 * d.learn(rates, trueVelocity);          // right after decode of the same bin
 * }</pre>
 */
public final class EsnRateDecoder extends OnlineRateDecoder {

    /**
     * @param esn reservoir; {@code esn.inputs()} is the number of rates
     * @param outputCount decoded values
     * @param inputGain rates are multiplied by this before entering the reservoir (and the readout)
     * @param directInputs readout also sees the scaled rates, not only the reservoir state
     * @param lambda RLS forgetting factor in (0, 1]
     * @param delta RLS initial inverse-correlation scale
     */
    public record Params(EsnParams esn, int outputCount, double inputGain, boolean directInputs, double lambda,
                         double delta) {
        public Params {
            if (esn == null) {
                throw new IllegalArgumentException("esn parameters are required");
            }
            if (outputCount < 1) {
                throw new IllegalArgumentException("outputCount must be >= 1, got " + outputCount);
            }
            if (!(inputGain > 0) || Double.isInfinite(inputGain)) {
                throw new IllegalArgumentException("inputGain must be in (0, inf), got " + inputGain);
            }
            if (!(lambda > 0 && lambda <= 1) || !(delta > 0)) {
                throw new IllegalArgumentException("lambda must be in (0, 1] and delta > 0, got " + lambda + ", "
                        + delta);
            }
        }

        /**
         * 200 leaky units (leak 0.5, spectral radius 0.9, 10 % recurrent and 10 % input
         * connectivity), rates scaled by 1/2 (20 ms counts are 0..3), direct inputs, RLS lambda 0.9995.
         */
        public static Params defaults(int rateCount, int outputCount, long seed) {
            return new Params(new EsnParams(200, rateCount, 0.9, 0.5, 0.5, 0.2, 0.1, 0.1, seed), outputCount, 0.5,
                    true, 0.9995, 1.0);
        }

        /** Readout features: reservoir units, rates if direct, then a constant 1. */
        public int featureCount() {
            return esn.units() + (directInputs ? esn.inputs() : 0) + 1;
        }
    }

    private final Params params;
    private final Esn esn;
    private final RlsReadout readout;
    private final double[] reservoirState;
    private final double[] features;
    private final double[] scaled;

    /** A fresh decoder on {@code esn}, which must have been built from {@code params.esn()}. */
    public EsnRateDecoder(Params params, Esn esn) {
        this(params, esn, new RlsReadout(params.featureCount(), params.outputCount(), params.lambda(), params.delta()),
                new double[params.esn().units()], new double[params.featureCount()], true);
    }

    private EsnRateDecoder(Params params, Esn esn, RlsReadout readout, double[] reservoirState, double[] features,
                           boolean learning) {
        super(learning);
        if (!esn.params().equals(params.esn())) {
            throw new IllegalArgumentException("the Esn was built from " + esn.params() + ", not " + params.esn());
        }
        if (readout.featureCount() != params.featureCount() || readout.outputCount() != params.outputCount()) {
            throw new IllegalArgumentException("readout is " + readout.outputCount() + " x " + readout.featureCount()
                    + ", expected " + params.outputCount() + " x " + params.featureCount());
        }
        if (reservoirState.length != params.esn().units() || features.length != params.featureCount()) {
            throw new IllegalArgumentException("reservoir state / features have lengths " + reservoirState.length
                    + "/" + features.length + ", expected " + params.esn().units() + "/" + params.featureCount());
        }
        this.params = params;
        this.esn = esn;
        this.readout = readout;
        this.reservoirState = reservoirState;
        this.features = features;
        this.scaled = new double[params.esn().inputs()];
    }

    /**
     * A decoder continuing from checkpointed parts (arrays copied, readout used as is).
     *
     * @param lastFeatures readout features of the last decoded bin (what {@link #learn} uses)
     */
    public static EsnRateDecoder restore(Params params, Esn esn, double[] reservoirState, RlsReadout readout,
                                         double[] lastFeatures, boolean learning) {
        return new EsnRateDecoder(params, esn, readout, reservoirState.clone(), lastFeatures.clone(), learning);
    }

    /** A deep copy sharing the (stateless between calls) {@link Esn}. */
    public EsnRateDecoder copy() {
        return new EsnRateDecoder(params, esn, RlsReadout.restore(readout.featureCount(), readout.outputCount(),
                readout.lambda(), readout.weights(), readout.inverseCorrelation(), readout.updates()),
                reservoirState.clone(), features.clone(), learning);
    }

    public Params params() {
        return params;
    }

    @Override
    public int inputCount() {
        return params.esn().inputs();
    }

    @Override
    public int outputCount() {
        return params.outputCount();
    }

    @Override
    public void decode(double[] rates, double[] out) {
        if (rates.length != scaled.length) {
            throw new IllegalArgumentException("expected " + scaled.length + " rates, got " + rates.length);
        }
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = rates[i] * params.inputGain();
        }
        // Esn keeps its state inside; it is shared structure here, so load ours, step, store ours.
        double[] live = esn.state();
        System.arraycopy(reservoirState, 0, live, 0, reservoirState.length);
        double[] x = esn.step(scaled);
        System.arraycopy(x, 0, reservoirState, 0, reservoirState.length);
        int units = reservoirState.length;
        System.arraycopy(reservoirState, 0, features, 0, units);
        int at = units;
        if (params.directInputs()) {
            System.arraycopy(scaled, 0, features, at, scaled.length);
            at += scaled.length;
        }
        features[at] = 1;
        readout.predict(features, out);
    }

    /** Learns the bin decoded last ({@code rates} only checked for length: the features were kept). */
    @Override
    public void learn(double[] rates, double[] target) {
        if (rates.length != scaled.length) {
            throw new IllegalArgumentException("expected " + scaled.length + " rates, got " + rates.length);
        }
        learnFrom(features, target);
    }

    /** The readout features of the bin just decoded (the reservoir state depends on all bins before). */
    @Override
    public double[] learningInput(double[] rates) {
        return features.clone();
    }

    @Override
    public void learnFrom(double[] learningInput, double[] target) {
        if (learningInput.length != features.length) {
            throw new IllegalArgumentException("expected " + features.length + " features, got "
                    + learningInput.length);
        }
        if (learning) {
            readout.update(learningInput, target);
        }
    }

    @Override
    public long updates() {
        return readout.updates();
    }

    /** Live reservoir state of this decoder; do not modify. */
    public double[] reservoirState() {
        return reservoirState;
    }

    /** Live readout features of the last decoded bin; do not modify. */
    public double[] lastFeatures() {
        return features;
    }

    /** Live readout; do not modify. */
    public RlsReadout readout() {
        return readout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EsnRateDecoder e && e.params.equals(params) && e.readout.equals(readout)
                && Arrays.equals(e.reservoirState, reservoirState) && Arrays.equals(e.features, features)
                && e.learning == learning;
    }

    @Override
    public int hashCode() {
        return readout.hashCode() * 31 + Arrays.hashCode(reservoirState);
    }
}
