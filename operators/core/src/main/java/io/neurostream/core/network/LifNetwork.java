package io.neurostream.core.network;

import io.neurostream.core.neuron.LifKernel;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.neuron.LifState;
import io.neurostream.core.plasticity.SpikePlasticityRule;
import io.neurostream.core.synapse.CsrSynapses;

/**
 * A recurrent network of LIF neurons with delta synapses and axonal delays: neurons are advanced
 * clock-driven by {@link LifKernel} (exact integration), spikes are propagated event-driven
 * through the {@link CsrSynapses} into a ring buffer of future inputs, one slot per step of delay
 * (the scheme of NEST and Brian2's spike queue). A synaptic event is one delivery of one spike to
 * one target. Optional: a {@link SpikePlasticityRule} applied to the recurrent synapses.
 *
 * <p>{@link #step} allocates nothing.
 *
 * <p>Speed: the neuron update is split so that the common case runs as straight-line array
 * arithmetic the JIT turns into vector instructions: pass 1 adds the ring slot's input, clears the
 * slot and relaxes every neuron by the precomputed decay factor ({@code vInf + (v - vInf) decay},
 * the same expression as {@link LifKernel}); a refractory neuron is held by a 0/1 gate
 * ({@code x*1 + y*0 = x} exactly) and the step's highest potential is kept (minus the threshold); pass 2
 * finds the neurons at threshold testing the sign bits of eight at a time with one branch; those neurons,
 * and the refractory ones whose period ends in the step (a list), go through the exact
 * event-by-event code of {@link LifKernel#step}. Spikes are delivered in ascending neuron order
 * as before, so every sum of the ring buffer is formed in the same order: the network produces the
 * same spikes and potentials bit for bit as the previous implementation
 * ({@code LifNetworkGoldenTest}). The network's state is its own: change it only through this class.
 */
public final class LifNetwork {
    private final LifState state;
    private final CsrSynapses synapses;
    private final double[] driveMv;
    private final double[][] ring;     // [slot][neuron]: one array per slot keeps pass 1 vectorisable
    private final int slots;
    private final int n;
    private final long dtMicros;
    private final int[] spiked;
    private final int uniformDelaySteps; // > 0 if every synapse has this delay: the fast path
    private final LifParams params;
    private final double decay;          // exp(-dt / tauMem), as LifKernel caches it
    private final double dtMs;
    private final double[] gate;         // 1 = integrating, 0 = refractory at the start of the step
    private final double[] highest;      // scratch: max(v + input, v at the end of the step) - threshold
    private final double[] inputPotential; // scratch: v + input at the start of the step
    private final int[] candidates;      // scratch: neurons at or above threshold
    private int[] refractory;            // neurons refractory at the start of the next step
    private int[] refractoryNext;
    private int refractoryCount;
    private SpikePlasticityRule plasticity;
    private int slot;
    private long stepCount;
    private long synapticEvents;
    private int lastSpikeCount;

    /**
     * @param synapses recurrent synapses, n x n (kept; weights may be changed by plasticity)
     * @param driveMv steady drive per neuron, mV (kept, may be changed between steps)
     * @param dtMicros clock step
     */
    public LifNetwork(LifParams params, CsrSynapses synapses, double[] driveMv, long dtMicros) {
        if (synapses.preCount() != synapses.postCount()) {
            throw new IllegalArgumentException("recurrent synapses must be square, got "
                    + synapses.preCount() + " x " + synapses.postCount());
        }
        if (driveMv.length != synapses.preCount()) {
            throw new IllegalArgumentException("driveMv has length " + driveMv.length + ", expected " + synapses.preCount());
        }
        if (dtMicros <= 0) {
            throw new IllegalArgumentException("dtMicros must be > 0, got " + dtMicros);
        }
        this.n = synapses.preCount();
        this.state = new LifState(n, params);
        this.synapses = synapses;
        this.driveMv = driveMv;
        this.slots = synapses.maxDelaySteps() + 1;
        this.ring = new double[slots][n];
        this.dtMicros = dtMicros;
        this.spiked = new int[n];
        int d = synapses.synapseCount() == 0 ? 1 : synapses.delaySteps[0];
        for (int q = 1; q < synapses.synapseCount() && d > 0; q++) {
            if (synapses.delaySteps[q] != d) {
                d = 0;
            }
        }
        this.uniformDelaySteps = d;
        this.params = params;
        this.dtMs = dtMicros / 1000.0;
        this.decay = Math.exp(-dtMicros / 1000.0 / params.tauMemMs());
        this.gate = new double[n];
        java.util.Arrays.fill(gate, 1.0);
        this.inputPotential = new double[n];
        this.highest = new double[n];
        this.candidates = new int[n];
        this.refractory = new int[n];
        this.refractoryNext = new int[n];
    }

    /** Applies {@code rule} to the recurrent synapses from now on (null = none). */
    public void setPlasticity(SpikePlasticityRule rule) {
        this.plasticity = rule;
    }

    /**
     * Adds an external input of {@code jumpMv} to neuron {@code i} at the start of the next step.
     */
    public void inject(int i, double jumpMv) {
        ring[slot][i] += jumpMv;
    }

    /** Advances one clock step; returns the number of neurons that spiked (see {@link #spiked()}). */
    public int step() {
        long tMicros = stepCount * dtMicros;
        int count = advanceNeurons(tMicros, ring[slot]);
        final int[] rowStart = synapses.rowStart;
        final int[] post = synapses.post;
        final double[] w = synapses.weight;
        final int[] delay = synapses.delaySteps;
        long events = 0;
        if (uniformDelaySteps > 0) {
            int target = slot + uniformDelaySteps;
            if (target >= slots) {
                target -= slots;
            }
            final double[] into = ring[target];
            for (int k = 0; k < count; k++) {
                int i = spiked[k];
                int end = rowStart[i + 1];
                for (int s = rowStart[i]; s < end; s++) {
                    into[post[s]] += w[s];
                }
                events += end - rowStart[i];
            }
        }
        for (int k = 0; uniformDelaySteps == 0 && k < count; k++) {
            int i = spiked[k];
            int end = rowStart[i + 1];
            for (int s = rowStart[i]; s < end; s++) {
                int target = slot + delay[s];
                if (target >= slots) {
                    target -= slots;
                }
                ring[target][post[s]] += w[s];
            }
            events += end - rowStart[i];
        }
        if (plasticity != null) {
            // somatic spike times (located inside the step by the kernel); the rule sees the
            // presynaptic spike at the soma, not at its arrival after the axonal delay
            for (int k = 0; k < count; k++) {
                long tSpike = state.lastSpikeMicros[spiked[k]];
                plasticity.onPreSpike(synapses, spiked[k], tSpike);
                plasticity.onPostSpike(synapses, spiked[k], tSpike);
            }
        }
        synapticEvents += events;
        slot = slot + 1 == slots ? 0 : slot + 1;
        stepCount++;
        lastSpikeCount = count;
        return count;
    }

    /**
     * {@link LifKernel#step} for the whole population with the ring slot {@code r} as input
     * (cleared on the way), in straight vectorisable passes plus the exact code for the few neurons
     * that spike or end their refractory period. Returns the number of spiking neurons, in ascending order.
     */
    private int advanceNeurons(long tMicros, double[] r) {
        final double[] v = state.vMv;
        final double[] drive = driveMv;
        final double[] g = gate;
        final double[] vIn = inputPotential;
        final double[] hi = highest;
        final double vRest = params.vRestMv();
        final double vThresh = params.vThreshMv();
        relax(v, r, drive, g, vIn, hi, vRest, decay, vThresh, n);
        final int[] cand = candidates;
        int c = atThreshold(hi, cand, n);
        int count = 0;
        final double[] refLeft = state.refractoryLeftMs;
        int[] still = refractoryNext;
        int stillCount = 0;
        for (int q = 0; q < c; q++) {
            int i = cand[q];
            count = exact(i, vIn[i], tMicros, count);
            if (refLeft[i] > 0.0) {
                still[stillCount++] = i;
            }
        }
        // refractory neurons: a whole step of refractoriness is one subtraction (as in LifKernel);
        // the step in which the period ends goes through the exact code
        final double dt = dtMs;
        for (int q = 0; q < refractoryCount; q++) {
            int i = refractory[q];
            double ref = refLeft[i];
            if (ref >= dt) {
                ref -= dt;
                if (ref < 1e-9) {
                    ref = 0.0; // rounding residue of repeated subtraction: the period is over
                    g[i] = 1.0;
                } else {
                    still[stillCount++] = i;
                }
                refLeft[i] = ref;
            } else {
                count = exact(i, v[i], tMicros, count);
                if (refLeft[i] > 0.0) {
                    still[stillCount++] = i;
                }
            }
        }
        refractoryNext = refractory;
        refractory = still;
        refractoryCount = stillCount;
        // ascending order, as the clock-driven kernel emits them (delivery order fixes the sums)
        for (int a = 1; a < count; a++) {
            int key = spiked[a];
            int b = a - 1;
            while (b >= 0 && spiked[b] > key) {
                spiked[b + 1] = spiked[b];
                b--;
            }
            spiked[b + 1] = key;
        }
        return count;
    }

    /**
     * Pass 1, kept small so the JIT vectorises it: input (gated off while refractory), relaxation
     * by the decay factor, and the highest potential of the step (v moves monotonically, so it
     * reached threshold iff max(start, end) &gt;= threshold), stored minus the threshold: a - b &gt;= 0
     * exactly when a &gt;= b (a difference rounds to zero only when a = b), and pass 2 reads the sign.
     */
    private static void relax(double[] v, double[] r, double[] drive, double[] g, double[] vIn, double[] hi,
                              double vRest, double d, double vThresh, int size) {
        for (int i = 0; i < size; i++) {
            double gi = g[i];
            double vi = v[i] + r[i] * gi;              // input ignored while refractory
            r[i] = 0.0;
            double vInf = vRest + drive[i];
            double vEnd = vInf + (vi - vInf) * d;
            vIn[i] = vi;
            double vOut = vEnd * gi + vi * (1.0 - gi); // refractory: v stays (at reset)
            v[i] = vOut;
            hi[i] = Math.max(vi, vOut) - vThresh;
        }
    }

    /**
     * Pass 2: the neurons with {@code margin >= 0}, ascending. Eight at a time with one branch on the
     * AND of their raw bits: its sign bit is set only if all eight margins are negative (the common
     * case), which costs a move and an AND per neuron instead of a compare and a flag.
     */
    private static int atThreshold(double[] margin, int[] cand, int size) {
        int c = 0;
        int i = 0;
        for (; i + 8 <= size; i += 8) {
            if ((bits(margin[i]) & bits(margin[i + 1]) & bits(margin[i + 2]) & bits(margin[i + 3])
                    & bits(margin[i + 4]) & bits(margin[i + 5]) & bits(margin[i + 6]) & bits(margin[i + 7])) >= 0) {
                for (int j = i; j < i + 8; j++) {
                    if (margin[j] >= 0.0) {
                        cand[c++] = j;
                    }
                }
            }
        }
        for (; i < size; i++) {
            if (margin[i] >= 0.0) {
                cand[c++] = i;
            }
        }
        return c;
    }

    private static long bits(double x) {
        return Double.doubleToRawLongBits(x);
    }

    /** The event-by-event part of {@link LifKernel#step} for neuron i from potential vi (input added). */
    private int exact(int i, double vi, long tMicros, int count) {
        final double vInf = params.vRestMv() + driveMv[i];
        final double vThresh = params.vThreshMv();
        final double tau = params.tauMemMs();
        double ref = state.refractoryLeftMs[i];
        double rem = dtMs;
        int spikes = 0;
        double firstSpikeMs = 0;
        while (true) {
            if (ref > 0.0) {
                if (ref >= rem) {
                    ref -= rem;
                    if (ref < 1e-9) {
                        ref = 0.0; // rounding residue of repeated subtraction: the period is over
                    }
                    break;
                }
                rem -= ref;
                ref = 0.0;
            }
            if (vi >= vThresh) {
                if (spikes == 0) {
                    firstSpikeMs = dtMs - rem;
                }
                spikes++;
                vi = params.vResetMv();
                ref = params.refractoryMs();
                continue;
            }
            if (vInf > vThresh) {
                double tCrossMs = tau * Math.log((vi - vInf) / (vThresh - vInf));
                if (tCrossMs < rem) {
                    rem -= tCrossMs;
                    vi = vThresh;
                    continue;
                }
            }
            vi = vInf + (vi - vInf) * (rem == dtMs ? decay : Math.exp(-rem / tau));
            break;
        }
        state.vMv[i] = vi;
        state.refractoryLeftMs[i] = ref;
        gate[i] = ref > 0.0 ? 0.0 : 1.0;
        if (spikes > 0) {
            state.spikeCount[i] += spikes;
            state.lastSpikeMicros[i] = tMicros + Math.round(firstSpikeMs * 1000.0);
            spiked[count++] = i;
        }
        return count;
    }

    /** Indices of the neurons that spiked in the last step: the first {@link #lastSpikeCount()} entries. */
    public int[] spiked() {
        return spiked;
    }

    public int lastSpikeCount() {
        return lastSpikeCount;
    }

    public LifState state() {
        return state;
    }

    public CsrSynapses synapses() {
        return synapses;
    }

    public double[] driveMv() {
        return driveMv;
    }

    public long stepCount() {
        return stepCount;
    }

    public long synapticEvents() {
        return synapticEvents;
    }

    public long dtMicros() {
        return dtMicros;
    }

    public int size() {
        return n;
    }
}
