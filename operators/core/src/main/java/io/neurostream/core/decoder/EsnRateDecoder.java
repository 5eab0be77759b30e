package io.neurostream.core.decoder;

import io.neurostream.core.plasticity.OjaRule;
import io.neurostream.core.readout.LmsReadout;
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
 *
 * <p>{@link Adaptation} selects a normalised-LMS readout instead of RLS, and Oja's rule (Oja 1982) on the
 * reservoir's input weights: the decoder then owns a copy of them, which adapts online while
 * {@link #setAdapting adapting} is on (each connected weight {@code w_ij += eta y_i (u_j - y_i w_ij)} with
 * {@code y = W_in u} the units' input drive; unconnected inputs stay unconnected).
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

    /**
     * What adapts besides the RLS readout of the defaults.
     *
     * @param lmsMu &gt; 0: a normalised-LMS readout with this step size in (0, 2) instead of RLS; 0: RLS
     * @param ojaEta &gt; 0: Oja's rule on the input weights with this rate; 0: fixed input weights
     */
    public record Adaptation(double lmsMu, double ojaEta) {
        /** The NLMS normalisation floor. */
        public static final double LMS_EPSILON = 1e-3;

        public Adaptation {
            if (!(lmsMu == 0 || lmsMu > 0 && lmsMu < 2)) {
                throw new IllegalArgumentException("lmsMu must be 0 (RLS) or in (0, 2), got " + lmsMu);
            }
            if (!(ojaEta >= 0) || Double.isInfinite(ojaEta)) {
                throw new IllegalArgumentException("ojaEta must be 0 (none) or > 0, got " + ojaEta);
            }
        }

        /** RLS readout, fixed reservoir. */
        public static Adaptation none() {
            return new Adaptation(0, 0);
        }
    }

    private final Params params;
    private final Esn esn;
    private final RlsReadout readout;
    private final LmsReadout lms;
    private long lmsUpdates;
    /** The decoder's own input weights (Oja), null when they are the shared {@link Esn}'s. */
    private final double[] inputWeights;
    private final double ojaEta;
    private final OjaRule oja;
    private long plasticUpdates;
    private boolean adapting = true;
    private double[] drive;
    private final double[] reservoirState;
    private final double[] features;
    private final double[] scaled;

    /** A fresh decoder on {@code esn}, which must have been built from {@code params.esn()}. */
    public EsnRateDecoder(Params params, Esn esn) {
        this(params, esn, Adaptation.none());
    }

    /** A fresh decoder with an LMS readout and/or plastic input weights as {@code adaptation} says. */
    public EsnRateDecoder(Params params, Esn esn, Adaptation adaptation) {
        this(params, esn,
                adaptation.lmsMu() > 0 ? null
                        : new RlsReadout(params.featureCount(), params.outputCount(), params.lambda(), params.delta()),
                adaptation.lmsMu() > 0 ? new LmsReadout(params.featureCount(), params.outputCount(), adaptation.lmsMu(),
                        Adaptation.LMS_EPSILON) : null, 0,
                adaptation.ojaEta() > 0 ? esn.inputWeights().clone() : null, adaptation.ojaEta(), 0,
                new double[params.esn().units()], new double[params.featureCount()], true);
    }

    private EsnRateDecoder(Params params, Esn esn, RlsReadout readout, double[] reservoirState, double[] features,
                           boolean learning) {
        this(params, esn, readout, null, 0, null, 0, 0, reservoirState, features, learning);
    }

    private EsnRateDecoder(Params params, Esn esn, RlsReadout readout, LmsReadout lms, long lmsUpdates,
                           double[] inputWeights, double ojaEta, long plasticUpdates, double[] reservoirState,
                           double[] features, boolean learning) {
        super(learning);
        if ((readout == null) == (lms == null)) {
            throw new IllegalArgumentException("exactly one of an RLS and an LMS readout is required");
        }
        if (inputWeights != null && (inputWeights.length != esn.inputWeights().length || !(ojaEta > 0))) {
            throw new IllegalArgumentException("plastic input weights need " + esn.inputWeights().length
                    + " values and ojaEta > 0, got " + inputWeights.length + ", " + ojaEta);
        }
        this.lms = lms;
        this.lmsUpdates = lmsUpdates;
        this.inputWeights = inputWeights;
        this.ojaEta = inputWeights == null ? 0 : ojaEta;
        this.oja = inputWeights == null ? null : new OjaRule(ojaEta, OjaRule.Variant.SINGLE);
        this.plasticUpdates = plasticUpdates;
        int readoutFeatures = readout != null ? readout.featureCount() : lms.featureCount();
        int readoutOutputs = readout != null ? readout.outputCount() : lms.outputCount();
        if (!esn.params().equals(params.esn())) {
            throw new IllegalArgumentException("the Esn was built from " + esn.params() + ", not " + params.esn());
        }
        if (readoutFeatures != params.featureCount() || readoutOutputs != params.outputCount()) {
            throw new IllegalArgumentException("readout is " + readoutOutputs + " x " + readoutFeatures
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

    /**
     * A decoder with an LMS and/or plastic input weights continuing from checkpointed parts (arrays copied).
     *
     * @param readout the RLS readout (used as is), or null with {@code lms}
     * @param lms the LMS readout (used as is), or null with {@code readout}
     * @param inputWeights the adapted input weights, or null for the shared reservoir's (then ojaEta is ignored)
     */
    public static EsnRateDecoder restore(Params params, Esn esn, RlsReadout readout, LmsReadout lms, long lmsUpdates,
                                         double[] inputWeights, double ojaEta, long plasticUpdates,
                                         double[] reservoirState, double[] lastFeatures, boolean learning) {
        return new EsnRateDecoder(params, esn, readout, lms, lmsUpdates,
                inputWeights == null ? null : inputWeights.clone(), ojaEta, plasticUpdates, reservoirState.clone(),
                lastFeatures.clone(), learning);
    }

    /** A deep copy sharing the (stateless between calls) {@link Esn}. */
    public EsnRateDecoder copy() {
        EsnRateDecoder c = new EsnRateDecoder(params, esn, readout == null ? null
                : RlsReadout.restore(readout.featureCount(), readout.outputCount(),
                readout.lambda(), readout.weights(), readout.inverseCorrelation(), readout.updates()),
                lms == null ? null : LmsReadout.restore(lms.featureCount(), lms.outputCount(), lms.mu(), lms.epsilon(),
                        lms.weights()), lmsUpdates, inputWeights == null ? null : inputWeights.clone(), ojaEta,
                plasticUpdates, reservoirState.clone(), features.clone(), learning);
        c.adapting = adapting;
        return c;
    }

    /**
     * Switches the plasticity of the input weights on or off (FREEZE / UNFREEZE; not part of the checkpoint:
     * the caller sets it before every {@link #decode}). Decoding goes on either way.
     */
    public void setAdapting(boolean on) {
        adapting = on;
    }

    /** Whether the input weights are plastic (Oja). */
    public boolean isPlastic() {
        return inputWeights != null;
    }

    /** Live adapted input weights (units x inputs), null when not plastic; do not modify. */
    public double[] inputWeights() {
        return inputWeights;
    }

    /** Oja's rate, 0 when not plastic. */
    public double ojaEta() {
        return ojaEta;
    }

    /** Bins the input weights adapted on. */
    public long plasticUpdates() {
        return plasticUpdates;
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
        if (inputWeights != null && adapting) {
            adaptInputWeights();
        }
        double[] x = inputWeights == null ? esn.step(scaled) : esn.step(scaled, inputWeights);
        System.arraycopy(x, 0, reservoirState, 0, reservoirState.length);
        int units = reservoirState.length;
        System.arraycopy(reservoirState, 0, features, 0, units);
        int at = units;
        if (params.directInputs()) {
            System.arraycopy(scaled, 0, features, at, scaled.length);
            at += scaled.length;
        }
        features[at] = 1;
        if (readout != null) {
            readout.predict(features, out);
        } else {
            lms.predict(features, out);
        }
    }

    /** Oja on the connected input weights, from this bin's scaled rates (unsupervised: no label needed). */
    private void adaptInputWeights() {
        int n = params.esn().units();
        int m = scaled.length;
        if (drive == null) {
            drive = new double[n];
        }
        for (int i = 0; i < n; i++) {
            double y = 0;
            for (int j = 0; j < m; j++) {
                y += inputWeights[i * m + j] * scaled[j];
            }
            drive[i] = y;
        }
        oja.update(inputWeights, scaled, drive);
        double[] topology = esn.inputWeights();
        for (int k = 0; k < inputWeights.length; k++) {
            if (topology[k] == 0) {
                inputWeights[k] = 0; // the rule keeps the seeded sparsity: no new input connections
            }
        }
        plasticUpdates++;
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
            if (readout != null) {
                readout.update(learningInput, target);
            } else {
                lms.update(learningInput, target);
                lmsUpdates++;
            }
        }
    }

    @Override
    public long updates() {
        return readout != null ? readout.updates() : lmsUpdates;
    }

    /** Live reservoir state of this decoder; do not modify. */
    public double[] reservoirState() {
        return reservoirState;
    }

    /** Live readout features of the last decoded bin; do not modify. */
    public double[] lastFeatures() {
        return features;
    }

    /** Live RLS readout, null with an LMS one ({@link #lmsReadout()}); do not modify. */
    public RlsReadout readout() {
        return readout;
    }

    /** Live LMS readout, null with an RLS one; do not modify. */
    public LmsReadout lmsReadout() {
        return lms;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EsnRateDecoder e && e.params.equals(params) && java.util.Objects.equals(e.readout, readout)
                && (e.lms == null ? lms == null : lms != null && Arrays.equals(e.lms.weights(), lms.weights())
                        && e.lms.mu() == lms.mu())
                && e.lmsUpdates == lmsUpdates && Arrays.equals(e.inputWeights, inputWeights)
                && e.ojaEta == ojaEta && e.plasticUpdates == plasticUpdates
                && Arrays.equals(e.reservoirState, reservoirState) && Arrays.equals(e.features, features)
                && e.learning == learning;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(readout) * 31 + Arrays.hashCode(reservoirState);
    }
}
