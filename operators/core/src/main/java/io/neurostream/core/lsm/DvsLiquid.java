package io.neurostream.core.lsm;

import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.neuron.TabulatedLifKernel;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;

/**
 * Event-driven liquid state machine for event-camera input (see {@link LiquidParams}).
 *
 * <p>Each LIF neuron integrates {@code tauMem dv/dt = -v} plus instantaneous jumps from inputs and
 * recurrent spikes; between events the membrane decays lazily, when the neuron is next touched, by
 * a table of {@code exp(-dt/tauMem)} per whole microsecond ({@link TabulatedLifKernel}: rest = reset
 * = 0 mV, threshold {@code vThreshMv}; after 12 time constants of silence a neuron is at rest). A
 * spike resets to rest, starts the refractory period and is delivered at once (no delay) to the
 * neuron's recurrent targets, depth first. The topology ({@link CsrSynapses}: Gaussian receptive
 * fields from the input channels, fixed in-degree recurrence with the presynaptic sign folded into
 * the weight) is rebuilt from the seed, immutable and shared by all streams; the per-stream
 * {@link LiquidState} is passed to every call.
 *
 * <p>Input back in time: an input reaching a neuron earlier than the neuron's last update (e.g. two
 * packets out of order inside one window) is applied to it at its last update time: no negative
 * decay, no exception. The event is still counted, and the spikes it causes are counted in the time
 * bin of the event's own time.
 *
 * <p>No allocation per event: the spike stack and decay table are sized in the constructor.
 * Not thread-safe (the scratch stack is shared): one instance per operator subtask.
 */
public final class DvsLiquid {
    private static final int DECAY_TABLE_TAU_MULTIPLE = 12;

    private final LiquidParams params;
    // Input: channel (pixel * channelsPerPixel + channel of the pixel) -> target neurons.
    private final CsrSynapses input;
    // Recurrent, outgoing: neuron -> targets, with the presynaptic sign folded into the weight.
    private final CsrSynapses recurrent;
    private final TabulatedLifKernel neuron;
    private final int[] spikeStack;
    // The last input's time bin and the times that map to it (see bin): a cache, not state.
    private long binWindowStart = Long.MIN_VALUE;
    private long binWindowEnd = Long.MIN_VALUE;
    private long binFromMicros = Long.MAX_VALUE;
    private long binToMicros = Long.MIN_VALUE;
    private int binCached;

    public DvsLiquid(LiquidParams params) {
        this.params = params;
        int n = params.neuronCount();
        // One stream of draws, in this order: neuron positions and input targets, then the recurrence.
        SplittableRandom random = new SplittableRandom(params.seed());
        double inputWeightMv = params.inputWeightMv();
        input = Topologies.gaussianReceptiveFields(params.width(), params.height(), params.channelsPerPixel(), n,
                params.inputFanOut(), params.receptiveFieldSigmaPx(), (pre, post, r) -> inputWeightMv, 1, 1, random);
        int excitatory = params.excitatoryCount();
        double excitatoryMv = params.excitatoryWeightMv();
        double inhibitoryMv = params.inhibitoryWeightMv();
        recurrent = Topologies.fixedInDegreeWithRepeats(n, n, params.recurrentInDegree(), true,
                (pre, post, r) -> pre < excitatory ? excitatoryMv : inhibitoryMv, 1, 1, random);
        neuron = new TabulatedLifKernel(
                new LifParams(params.tauMemMs(), 0.0, 0.0, params.vThreshMv(), params.refractoryMs()),
                DECAY_TABLE_TAU_MULTIPLE);
        spikeStack = new int[n];
    }

    public LiquidParams params() {
        return params;
    }

    /** A fresh state for this liquid. */
    public LiquidState newState() {
        return new LiquidState(params.neuronCount(), params.timeBins());
    }

    /**
     * Feeds one raw ON/OFF event (channel 1 = ON, 0 = OFF); needs {@code channelsPerPixel == 2}.
     *
     * @see #onInput(LiquidState, long, int, int, int)
     */
    public int onEvent(LiquidState state, long tMicros, int x, int y, boolean on) {
        return onInput(state, tMicros, x, y, on ? 1 : 0);
    }

    /**
     * Feeds one input event on channel {@code c} of pixel (x, y): a polarity for raw events, a
     * feature index for FEAST features. Events of a window should come in non-decreasing time; one
     * that reaches a neuron earlier than the neuron's last update is applied to it at that last
     * update (see the class comment), never throws. Events outside {@code [windowStart, windowEnd)}
     * of the state are ignored and reported.
     *
     * @return number of reservoir spikes this event caused, or -1 if it was outside the window,
     *     outside the sensor or on a channel outside {@code [0, channelsPerPixel)}
     */
    public int onInput(LiquidState state, long tMicros, int x, int y, int c) {
        if (tMicros < state.windowStartMicros || tMicros >= state.windowEndMicros
                || x < 0 || y < 0 || x >= params.width() || y >= params.height()
                || c < 0 || c >= params.channelsPerPixel()) {
            return -1;
        }
        state.eventCount++;
        int channel = (y * params.width() + x) * params.channelsPerPixel() + c;
        int bin = bin(state.windowStartMicros, state.windowEndMicros, tMicros);
        int spikes = 0;
        int top = deliver(input, channel, state, tMicros, 0);
        while (top > 0) {
            int spiking = spikeStack[--top];
            spikes++;
            state.spikeCounts[spiking * params.timeBins() + bin]++;
            top = deliver(recurrent, spiking, state, tMicros, top);
        }
        return spikes;
    }

    /**
     * {@code (t - start) * timeBins / (end - start)}, the time bin of an input; the bin of the previous
     * input is reused while t stays in the span of times that map to it (most inputs: no division).
     */
    int bin(long windowStart, long windowEnd, long tMicros) {
        if (tMicros >= binFromMicros && tMicros < binToMicros && windowStart == binWindowStart
                && windowEnd == binWindowEnd) {
            return binCached;
        }
        long span = windowEnd - windowStart;
        int bins = params.timeBins();
        int bin = (int) ((tMicros - windowStart) * bins / span);
        binWindowStart = windowStart;
        binWindowEnd = windowEnd;
        binCached = bin;
        // times t with floor((t - start) * bins / span) == bin: [start + ceil(bin * span / bins), start + ceil((bin + 1) * span / bins))
        binFromMicros = windowStart + (bin * span + bins - 1) / bins;
        binToMicros = windowStart + ((bin + 1) * span + bins - 1) / bins;
        return bin;
    }

    /**
     * As {@link #onInput(LiquidState, long, int, int, int)}, on the stream's own adapted weights: recurrent
     * spikes travel over {@code plastic}'s weights, every input is scaled by its per-neuron gain, and
     * every reservoir spike is reported to its rule at spike time. With {@code plastic == null} this is
     * the fixed liquid.
     */
    public int onInput(LiquidState state, long tMicros, int x, int y, int c, LiquidPlasticity plastic) {
        if (plastic == null) {
            return onInput(state, tMicros, x, y, c);
        }
        if (tMicros < state.windowStartMicros || tMicros >= state.windowEndMicros
                || x < 0 || y < 0 || x >= params.width() || y >= params.height()
                || c < 0 || c >= params.channelsPerPixel()) {
            return -1;
        }
        state.eventCount++;
        int channel = (y * params.width() + x) * params.channelsPerPixel() + c;
        int bin = bin(state.windowStartMicros, state.windowEndMicros, tMicros);
        int spikes = 0;
        int top = deliver(input, channel, state, tMicros, 0, plastic.gain);
        while (top > 0) {
            int spiking = spikeStack[--top];
            spikes++;
            state.spikeCounts[spiking * params.timeBins() + bin]++;
            plastic.onSpike(spiking, tMicros);
            top = deliver(plastic.excitatory, spiking, state, tMicros, top, plastic.gain);
            top = deliver(plastic.inhibitory, spiking, state, tMicros, top, plastic.gain);
        }
        return spikes;
    }

    /** As {@link #deliver(CsrSynapses, int, LiquidState, long, int)} with a gain per target neuron. */
    private int deliver(CsrSynapses synapses, int pre, LiquidState state, long tMicros, int top, double[] gain) {
        int[] post = synapses.post;
        double[] weightMv = synapses.weight;
        for (int s = synapses.rowStart[pre], end = synapses.rowStart[pre + 1]; s < end; s++) {
            int target = post[s];
            if (neuron.onInput(state.vMv, state.lastUpdateMicros, state.refractoryUntilMicros, target, tMicros,
                    weightMv[s] * gain[target])) {
                spikeStack[top++] = target;
            }
        }
        return top;
    }

    /** Sends the row {@code pre} of {@code synapses} at tMicros; pushes the targets that spike. */
    private int deliver(CsrSynapses synapses, int pre, LiquidState state, long tMicros, int top) {
        int[] post = synapses.post;
        double[] weightMv = synapses.weight;
        for (int s = synapses.rowStart[pre], end = synapses.rowStart[pre + 1]; s < end; s++) {
            int target = post[s];
            if (neuron.onInput(state.vMv, state.lastUpdateMicros, state.refractoryUntilMicros, target, tMicros,
                    weightMv[s])) {
                spikeStack[top++] = target;
            }
        }
        return top;
    }

    /** Input channel to neuron synapses (for tests; do not modify). */
    CsrSynapses inputSynapses() {
        return input;
    }

    /** Recurrent synapses (for tests; do not modify). */
    CsrSynapses recurrentSynapses() {
        return recurrent;
    }

    /**
     * Writes the readout features of the window: per neuron and time bin {@code log1p(count)}
     * (compresses bursty neurons), then a constant 1 for the bias.
     *
     * @param featuresOut length {@link LiquidParams#featureCount()} (modified)
     */
    public void features(LiquidState state, double[] featuresOut) {
        int[] counts = state.spikeCounts;
        if (featuresOut.length != counts.length + 1) {
            throw new IllegalArgumentException("featuresOut must have length " + (counts.length + 1));
        }
        for (int i = 0; i < counts.length; i++) {
            featuresOut[i] = Math.log1p(counts[i]);
        }
        featuresOut[counts.length] = 1.0;
    }
}
