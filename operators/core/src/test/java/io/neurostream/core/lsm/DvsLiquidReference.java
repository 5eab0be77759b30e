package io.neurostream.core.lsm;

import java.util.SplittableRandom;

/**
 * Pre-refactoring implementation of {@code DvsLiquid} (as of commit 571ed0f, last changed in
 * dcfc52f), before it was rebuilt on {@code CsrSynapses}, {@code Topologies} and the library LIF
 * kernel; kept verbatim but for the class name as the golden reference for
 * {@code DvsLiquidGoldenTest}. Not for production use: an input
 * earlier than a neuron's last update throws {@link ArrayIndexOutOfBoundsException} here.
 *
 * <p>Original documentation:
 * Event-driven liquid state machine for event-camera input (see {@link LiquidParams}).
 *
 * <p>Each LIF neuron integrates {@code tauMem dv/dt = -v} plus instantaneous jumps from inputs and
 * recurrent spikes; between events the membrane decays exactly, lazily, when the neuron is next
 * touched. A spike resets to rest, starts the refractory period and is delivered at once (no
 * delay) to the neuron's recurrent targets, depth first. The topology is immutable and shared
 * by all streams; the per-stream {@link LiquidState} is passed to every call.
 *
 * <p>No allocation per event: the spike stack and decay table are sized in the constructor.
 * Not thread-safe (the scratch stack is shared): one instance per operator subtask.
 */
public final class DvsLiquidReference {
    private static final int DECAY_TABLE_TAU_MULTIPLE = 12;

    private final LiquidParams params;
    private final long refractoryMicros;
    // Input CSR: channel (pixel * channelsPerPixel + channel of the pixel) -> target neurons.
    private final int[] inputRowStart;
    private final int[] inputTarget;
    // Recurrent CSR, outgoing: neuron -> targets, with the presynaptic sign folded into the weight.
    private final int[] recurrentRowStart;
    private final int[] recurrentTarget;
    private final double[] recurrentWeightMv;
    // exp(-dt/tau) for dt in whole microseconds; beyond the table the membrane is at rest.
    private final double[] decayByMicros;
    private final int[] spikeStack;

    public DvsLiquidReference(LiquidParams params) {
        this.params = params;
        this.refractoryMicros = Math.round(params.refractoryMs() * 1000);
        SplittableRandom random = new SplittableRandom(params.seed());
        int n = params.neuronCount();
        int perPixel = params.channelsPerPixel();
        int channels = params.inputChannels();

        // Neurons sit on a jittered grid covering the sensor, so receptive fields are local.
        double[] neuronX = new double[n];
        double[] neuronY = new double[n];
        for (int i = 0; i < n; i++) {
            neuronX[i] = random.nextDouble() * params.width();
            neuronY[i] = random.nextDouble() * params.height();
        }
        inputRowStart = new int[channels + 1];
        inputTarget = new int[channels * params.inputFanOut()];
        double twoSigmaSq = 2 * params.receptiveFieldSigmaPx() * params.receptiveFieldSigmaPx();
        double[] cumulative = new double[n];
        for (int pixel = 0; pixel < channels / perPixel; pixel++) {
            double px = pixel % params.width() + 0.5;
            double py = pixel / params.width() + 0.5;
            double total = 0;
            for (int i = 0; i < n; i++) {
                double dx = neuronX[i] - px;
                double dy = neuronY[i] - py;
                total += Math.exp(-(dx * dx + dy * dy) / twoSigmaSq) + 1e-9;
                cumulative[i] = total;
            }
            for (int c = 0; c < perPixel; c++) {
                int channel = pixel * perPixel + c;
                int base = channel * params.inputFanOut();
                inputRowStart[channel] = base;
                for (int k = 0; k < params.inputFanOut(); k++) {
                    inputTarget[base + k] = sampleIndex(cumulative, random.nextDouble() * total);
                }
            }
        }
        inputRowStart[channels] = inputTarget.length;

        // Fixed in-degree recurrence, transposed into outgoing rows for spike delivery.
        int inDegree = params.recurrentInDegree();
        int excitatory = params.excitatoryCount();
        int[] pre = new int[n * inDegree];
        int[] outDegree = new int[n];
        for (int post = 0; post < n; post++) {
            for (int k = 0; k < inDegree; k++) {
                int source;
                do {
                    source = random.nextInt(n);
                } while (source == post);
                pre[post * inDegree + k] = source;
                outDegree[source]++;
            }
        }
        recurrentRowStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            recurrentRowStart[i + 1] = recurrentRowStart[i] + outDegree[i];
        }
        recurrentTarget = new int[pre.length];
        recurrentWeightMv = new double[pre.length];
        int[] fill = new int[n];
        for (int post = 0; post < n; post++) {
            for (int k = 0; k < inDegree; k++) {
                int source = pre[post * inDegree + k];
                int slot = recurrentRowStart[source] + fill[source]++;
                recurrentTarget[slot] = post;
                recurrentWeightMv[slot] = source < excitatory ? params.excitatoryWeightMv() : params.inhibitoryWeightMv();
            }
        }

        int tableLength = (int) Math.ceil(params.tauMemMs() * 1000 * DECAY_TABLE_TAU_MULTIPLE);
        decayByMicros = new double[tableLength];
        for (int dt = 0; dt < tableLength; dt++) {
            decayByMicros[dt] = Math.exp(-dt / (params.tauMemMs() * 1000));
        }
        spikeStack = new int[n];
    }

    private static int sampleIndex(double[] cumulative, double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
     * feature index for FEAST features. Events of a window must come in non-decreasing time; events
     * outside {@code [windowStart, windowEnd)} of the state are ignored and reported.
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
        int bin = (int) ((tMicros - state.windowStartMicros) * params.timeBins()
                / (state.windowEndMicros - state.windowStartMicros));
        int spikes = 0;
        int top = 0;
        double inputWeight = params.inputWeightMv();
        for (int s = inputRowStart[channel], end = inputRowStart[channel + 1]; s < end; s++) {
            int target = inputTarget[s];
            if (integrate(state, target, tMicros, inputWeight)) {
                spikeStack[top++] = target;
            }
        }
        while (top > 0) {
            int neuron = spikeStack[--top];
            spikes++;
            state.spikeCounts[neuron * params.timeBins() + bin]++;
            for (int s = recurrentRowStart[neuron], end = recurrentRowStart[neuron + 1]; s < end; s++) {
                int target = recurrentTarget[s];
                if (integrate(state, target, tMicros, recurrentWeightMv[s])) {
                    spikeStack[top++] = target;
                }
            }
        }
        return spikes;
    }

    /** Decays the membrane to tMicros, adds the jump, and fires if it crosses threshold. */
    private boolean integrate(LiquidState state, int neuron, long tMicros, double jumpMv) {
        if (tMicros < state.refractoryUntilMicros[neuron]) {
            return false;
        }
        long dt = tMicros - state.lastUpdateMicros[neuron];
        double v = dt < decayByMicros.length ? state.vMv[neuron] * decayByMicros[(int) dt] : 0.0;
        v += jumpMv;
        state.lastUpdateMicros[neuron] = tMicros;
        if (v >= params.vThreshMv()) {
            state.vMv[neuron] = 0;
            state.refractoryUntilMicros[neuron] = tMicros + refractoryMicros;
            return true;
        }
        state.vMv[neuron] = v;
        return false;
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
