package io.neurostream.core.lsm;

import io.neurostream.core.plasticity.InhibitoryRatePlasticity;
import io.neurostream.core.plasticity.IntrinsicPlasticity;
import io.neurostream.core.plasticity.PairStdpRule;
import io.neurostream.core.plasticity.SpikePlasticityRule;
import io.neurostream.core.plasticity.Traces;
import io.neurostream.core.plasticity.TripletStdpRule;
import io.neurostream.core.synapse.CsrSynapses;
import java.util.Locale;

/**
 * The plastic part of one stream's {@link DvsLiquid} (pass it to
 * {@link DvsLiquid#onInput(LiquidState, long, int, int, int, LiquidPlasticity)}): its own copy of the
 * recurrent weights, split into the rows of excitatory and of inhibitory presynaptic neurons, a per-neuron
 * input gain, and the rule that changes them.
 * <ul>
 *   <li>{@link Rule#STDP} / {@link Rule#TRIPLET_STDP}: {@link PairStdpRule} (Song et al. 2000) or
 *       {@link TripletStdpRule} (Pfister &amp; Gerstner 2006) on the excitatory recurrent synapses, at
 *       every spike (weights in {@code [0, 2 x excitatoryWeightMv]});</li>
 *   <li>{@link Rule#INTRINSIC}: {@link IntrinsicPlasticity} of each neuron's threshold toward
 *       {@code targetRateHz}, after every window; with rest = reset = 0 a threshold {@code vth + theta} is
 *       exactly an input gain {@code vth / (vth + theta)}, which is how it is applied;</li>
 *   <li>{@link Rule#EI_HOMEOSTASIS}: {@link InhibitoryRatePlasticity} of the inhibitory synapses onto each
 *       neuron toward {@code targetRateHz}, after every window (magnitudes in
 *       {@code [0, 4 x |inhibitoryWeightMv|]}).</li>
 * </ul>
 * While {@link #learning()} is off the plastic weights are used but not changed. The spike traces of
 * the STDP rules (tens of ms) are state too ({@link #traceValues()}, {@link #traceUpdateMicros()}): restored
 * with the weights, a stream goes on bit for bit as if it had not stopped.
 */
public final class LiquidPlasticity {

    /** Which rule adapts the liquid. */
    public enum Rule {
        NONE("none"), STDP("stdp"), TRIPLET_STDP("triplet-stdp"), INTRINSIC("intrinsic"), EI_HOMEOSTASIS("ei-homeostasis");

        private final String option;

        Rule(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        /** Parses {@code none|stdp|triplet-stdp|intrinsic|ei-homeostasis}; fails naming the choices. */
        public static Rule parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Rule r : values()) {
                if (r.option.equals(t)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("plasticity must be none, stdp, triplet-stdp, intrinsic or ei-homeostasis,"
                    + " got '" + text + "'");
        }
    }

    /**
     * @param rule the rule
     * @param amplitude scale of the STDP amplitudes (1 = the published values), &gt; 0
     * @param targetRateHz rate the homeostatic rules steer each neuron to, &gt;= 0
     * @param etaMvPerHz change per Hz of rate error and window of a threshold or an inhibitory weight, &gt; 0
     */
    public record Params(Rule rule, double amplitude, double targetRateHz, double etaMvPerHz)
            implements java.io.Serializable {
        public Params {
            if (rule == null || !(amplitude > 0) || !(targetRateHz >= 0) || !(etaMvPerHz > 0)) {
                throw new IllegalArgumentException("need a rule, amplitude > 0, targetRateHz >= 0, etaMvPerHz > 0; got "
                        + rule + ", " + amplitude + ", " + targetRateHz + ", " + etaMvPerHz);
            }
        }

        public static Params none() {
            return new Params(Rule.NONE, 1, 20, 0.01);
        }

        public static Params of(Rule rule) {
            return new Params(rule, 1, 20, 0.01);
        }

        public boolean enabled() {
            return rule != Rule.NONE;
        }
    }

    private final Params params;
    private final LiquidParams liquid;
    final CsrSynapses excitatory;
    final CsrSynapses inhibitory;
    final double[] gain;
    private final double[] thresholdOffsetMv;
    private final SpikePlasticityRule stdp;
    private final IntrinsicPlasticity intrinsic;
    private final InhibitoryRatePlasticity inhibitoryRule;
    private final long[] windowSpikes;
    private long windows;
    private boolean learning = true;

    private LiquidPlasticity(DvsLiquid liquid, Params params, double[] excitatoryWeights, double[] inhibitoryWeights,
                             double[] thresholdOffsetMv, long windows) {
        if (!params.enabled()) {
            throw new IllegalArgumentException("no plasticity rule: use the liquid without LiquidPlasticity");
        }
        this.params = params;
        this.liquid = liquid.params();
        CsrSynapses recurrent = liquid.recurrentSynapses();
        int n = this.liquid.neuronCount();
        int e = this.liquid.excitatoryCount();
        this.excitatory = rows(recurrent, 0, e, excitatoryWeights);
        this.inhibitory = rows(recurrent, e, n, inhibitoryWeights);
        this.thresholdOffsetMv = thresholdOffsetMv == null ? new double[n] : thresholdOffsetMv.clone();
        if (this.thresholdOffsetMv.length != n) {
            throw new IllegalArgumentException("threshold offsets must have " + n + " values");
        }
        this.gain = new double[n];
        updateGains();
        double wMaxMv = 2 * this.liquid.excitatoryWeightMv();
        this.stdp = switch (params.rule()) {
            case STDP -> {
                PairStdpRule.Params s = PairStdpRule.Params.song2000(wMaxMv);
                yield new PairStdpRule(new PairStdpRule.Params(s.aPlus() * params.amplitude(),
                        s.aMinus() * params.amplitude(), s.tauPlusMs(), s.tauMinusMs(), wMaxMv), n, n);
            }
            case TRIPLET_STDP -> {
                TripletStdpRule.Params s = TripletStdpRule.Params.visualCortexMinimal(wMaxMv);
                double a = params.amplitude() * wMaxMv; // the published amplitudes are relative to a unit weight
                yield new TripletStdpRule(new TripletStdpRule.Params(s.a2Plus() * a, s.a3Plus() * a, s.a2Minus() * a,
                        s.a3Minus() * a, s.tauPlusMs(), s.tauMinusMs(), s.tauXMs(), s.tauYMs(), wMaxMv), n, n);
            }
            default -> null;
        };
        this.intrinsic = params.rule() == Rule.INTRINSIC
                ? new IntrinsicPlasticity(params.targetRateHz(), params.etaMvPerHz()) : null;
        this.inhibitoryRule = params.rule() == Rule.EI_HOMEOSTASIS
                ? new InhibitoryRatePlasticity(params.targetRateHz(), params.etaMvPerHz(),
                        4 * Math.abs(this.liquid.inhibitoryWeightMv())) : null;
        this.windowSpikes = new long[n];
        this.windows = windows;
    }

    /** The liquid's initial weights, adapted from now on by {@code params.rule()}. */
    public static LiquidPlasticity create(DvsLiquid liquid, Params params) {
        return new LiquidPlasticity(liquid, params, null, null, null, 0);
    }

    /**
     * Adapted weights from a checkpoint (copied; lengths of {@link #excitatoryWeights()} etc.), with empty spike
     * traces (a checkpoint that kept none).
     */
    public static LiquidPlasticity restore(DvsLiquid liquid, Params params, double[] excitatoryWeights,
                                           double[] inhibitoryWeights, double[] thresholdOffsetMv, long windows) {
        return new LiquidPlasticity(liquid, params, excitatoryWeights, inhibitoryWeights, thresholdOffsetMv, windows);
    }

    /**
     * As {@link #restore(DvsLiquid, Params, double[], double[], double[], long)}, with the rule's spike traces as
     * {@link #traceValues()} and {@link #traceUpdateMicros()} took them (copied; fails if they do not fit the rule).
     */
    public static LiquidPlasticity restore(DvsLiquid liquid, Params params, double[] excitatoryWeights,
                                           double[] inhibitoryWeights, double[] thresholdOffsetMv, long windows,
                                           double[][] traceValues, long[][] traceUpdateMicros) {
        LiquidPlasticity p = new LiquidPlasticity(liquid, params, excitatoryWeights, inhibitoryWeights,
                thresholdOffsetMv, windows);
        Traces[] traces = p.traces();
        if (traceValues.length != traces.length || traceUpdateMicros.length != traces.length) {
            throw new IllegalArgumentException(params.rule().option() + " keeps " + traces.length + " traces, got "
                    + traceValues.length + " and " + traceUpdateMicros.length + ": a checkpoint of another rule");
        }
        for (int k = 0; k < traces.length; k++) {
            traces[k].restore(traceValues[k], traceUpdateMicros[k]);
        }
        return p;
    }

    private Traces[] traces() {
        return stdp == null ? new Traces[0] : stdp.traces();
    }

    /** Copies of the rule's spike trace values as of their last updates, one array per trace (none without STDP). */
    public double[][] traceValues() {
        Traces[] traces = traces();
        double[][] out = new double[traces.length][];
        for (int k = 0; k < traces.length; k++) {
            out[k] = new double[traces[k].size()];
            traces[k].copyInto(out[k], new long[traces[k].size()]);
        }
        return out;
    }

    /** Copies of the times (µs) of the traces' last updates, in the order of {@link #traceValues()}. */
    public long[][] traceUpdateMicros() {
        Traces[] traces = traces();
        long[][] out = new long[traces.length][];
        for (int k = 0; k < traces.length; k++) {
            out[k] = new long[traces[k].size()];
            traces[k].copyInto(new double[traces[k].size()], out[k]);
        }
        return out;
    }

    /** Rows {@code [from, to)} of {@code all}, other rows empty; weights copied from {@code all} or {@code weights}. */
    private static CsrSynapses rows(CsrSynapses all, int from, int to, double[] weights) {
        int pre = all.preCount();
        int[] rowStart = new int[pre + 1];
        int first = all.rowStart[from];
        int last = all.rowStart[to];
        for (int i = 0; i <= pre; i++) {
            rowStart[i] = Math.min(Math.max(all.rowStart[i], first), last) - first;
        }
        int count = last - first;
        int[] post = java.util.Arrays.copyOfRange(all.post, first, last);
        double[] w = weights == null ? java.util.Arrays.copyOfRange(all.weight, first, last) : weights.clone();
        if (w.length != count) {
            throw new IllegalArgumentException("expected " + count + " weights for presynaptic rows [" + from + ", " + to
                    + "), got " + w.length + ": a checkpoint of another liquid");
        }
        return new CsrSynapses(pre, all.postCount(), rowStart, post, w, java.util.Arrays.copyOfRange(all.delaySteps, first, last));
    }

    private void updateGains() {
        double vth = liquid.vThreshMv();
        for (int i = 0; i < gain.length; i++) {
            gain[i] = vth / Math.max(0.1 * vth, vth + thresholdOffsetMv[i]);
        }
    }

    /** Neuron {@code neuron} spiked at {@code tMicros} (called by the liquid). */
    void onSpike(int neuron, long tMicros) {
        if (stdp != null && learning) {
            stdp.onPostSpike(excitatory, neuron, tMicros);
            if (neuron < liquid.excitatoryCount()) {
                stdp.onPreSpike(excitatory, neuron, tMicros);
            }
        }
    }

    /** The window of {@code state} is over: the homeostatic rules take its spike counts. */
    public void endWindow(LiquidState state) {
        if (!learning || (intrinsic == null && inhibitoryRule == null)) {
            return;
        }
        int bins = state.spikeCounts.length / gain.length;
        for (int i = 0; i < gain.length; i++) {
            long s = 0;
            for (int b = 0; b < bins; b++) {
                s += state.spikeCounts[i * bins + b];
            }
            windowSpikes[i] = s;
        }
        double windowMs = (state.windowEndMicros - state.windowStartMicros) / 1000.0;
        if (!(windowMs > 0)) {
            return;
        }
        if (intrinsic != null) {
            intrinsic.update(windowSpikes, windowMs, thresholdOffsetMv);
            updateGains();
        }
        if (inhibitoryRule != null) {
            inhibitoryRule.update(inhibitory, windowSpikes, windowMs, liquid.excitatoryCount());
        }
        windows++;
    }

    /** Whether the rule changes the weights (control FREEZE turns it off, UNFREEZE on). */
    public boolean learning() {
        return learning;
    }

    public void setLearning(boolean on) {
        this.learning = on;
    }

    public Params params() {
        return params;
    }

    /** Windows the homeostatic rules have adapted on. */
    public long windows() {
        return windows;
    }

    /** Live weights of the excitatory recurrent synapses, in the order of the liquid's rows; do not modify. */
    public double[] excitatoryWeights() {
        return excitatory.weight;
    }

    /** Live weights of the inhibitory recurrent synapses (negative), in row order; do not modify. */
    public double[] inhibitoryWeights() {
        return inhibitory.weight;
    }

    /** Live per-neuron threshold offsets of intrinsic plasticity, mV; do not modify. */
    public double[] thresholdOffsetMv() {
        return thresholdOffsetMv;
    }
}
