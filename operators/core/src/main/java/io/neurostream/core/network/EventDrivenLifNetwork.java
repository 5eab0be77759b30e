package io.neurostream.core.network;

import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import java.util.Arrays;

/**
 * Event-driven LIF network for sparse input: neurons have no steady drive and are touched only
 * when a synaptic event reaches them; each then decays lazily from its last update by a table of
 * {@code exp(-k dt / tauMem)} (exact on the time grid, no {@code Math.exp} per event). Time is a
 * grid of {@code dtMicros} steps; every synapse has the same delay (one spike list per future
 * step). Per step, {@link #step} delivers the spikes due now through the CSR rows of their
 * sources. Work is proportional to the number of synaptic events, not to the network size.
 *
 * <p>Semantics equal {@link LifNetwork} with zero drive: input arriving during the refractory
 * period is ignored, the membrane is held at reset. {@link #step} allocates nothing once the
 * spike lists have grown to their working size.
 *
 * <p>Per step the delivery runs in three passes over the due spikes, so that the per-event
 * work has no data-dependent branch and touches only small arrays (the arithmetic, and so every
 * potential and spike, is the same bit for bit as the former one-pass version kept in the tests):
 * <ol>
 *   <li>mark: a byte per neuron (L1-resident) says "untouched", "touched in this step" or
 *       "refractory"; the first input of a step appends the neuron to {@code touched} (branch-free);</li>
 *   <li>decay: each newly touched neuron decays lazily from its last update (table of
 *       {@code exp(-k dt / tauMem)}), once;</li>
 *   <li>scatter: {@code v[post[s]] += w[s]} for every synapse of the due rows, in the original
 *       order. Refractory targets receive the add too, into a value that is dead: it is
 *       overwritten by the reset potential when their refractory period ends.</li>
 * </ol>
 * Refractory periods end through a ring of per-step lists (one slot per step of the period).
 */
public final class EventDrivenLifNetwork {
    private static final byte UNTOUCHED = 0;
    private static final byte TOUCHED = 1;
    private static final byte REFRACTORY = 3;   // bit 0 set: a first-input test (== UNTOUCHED) fails

    private final LifParams p;
    private final CsrSynapses syn;
    private final int n;
    private final int delaySteps;
    private final int slots;
    private final int refractorySteps;
    private final int refractorySlots;
    private final double[] decayTable;
    private final double[] vMv;          // potential as of stepStamp (dead while refractory)
    private final long[] stepStamp;      // step of the last update, or the step the refractory period ended
    private final byte[] mark;           // UNTOUCHED, TOUCHED (in the current step) or REFRACTORY
    private final long[] spikeCount;
    private final int[][] due;           // per slot: neurons whose spikes are delivered at that step
    private final int[] dueCount;
    private final int[][] refractoryEnds; // per slot: neurons whose refractory period ends at that step
    private final int[] refractoryEndCount;
    private final int[] touched;         // neurons that received input in the current step (+1 spare entry)
    private int touchedCount;
    private final long dtMicros;
    private final double vRestMv;
    private final double vResetMv;
    private int slot;                    // step % slots
    private long step;
    private long synapticEvents;

    public EventDrivenLifNetwork(LifParams params, CsrSynapses synapses, long dtMicros) {
        if (synapses.preCount() != synapses.postCount()) {
            throw new IllegalArgumentException("recurrent synapses must be square, got "
                    + synapses.preCount() + " x " + synapses.postCount());
        }
        if (dtMicros <= 0) {
            throw new IllegalArgumentException("dtMicros must be > 0, got " + dtMicros);
        }
        int d = synapses.synapseCount() == 0 ? 1 : synapses.delaySteps[0];
        for (int s = 1; s < synapses.synapseCount(); s++) {
            if (synapses.delaySteps[s] != d) {
                throw new IllegalArgumentException("all synapses must share one delay; synapse " + s + " has "
                        + synapses.delaySteps[s] + " steps, synapse 0 has " + d);
            }
        }
        this.p = params;
        this.syn = synapses;
        this.n = synapses.preCount();
        this.delaySteps = d;
        this.slots = d + 1;
        this.dtMicros = dtMicros;
        this.refractorySteps = (int) Math.round(params.refractoryMs() * 1000.0 / dtMicros);
        if (refractorySteps < 1) {
            throw new IllegalArgumentException("refractoryMs must cover at least one step (dtMicros=" + dtMicros
                    + "), got " + params.refractoryMs() + " ms");
        }
        this.refractorySlots = refractorySteps + 1;
        double dtMs = dtMicros / 1000.0;
        int tableSize = (int) Math.min(1 << 16, Math.ceil(40 * params.tauMemMs() / dtMs) + 1);
        this.decayTable = new double[tableSize];
        for (int k = 0; k < tableSize; k++) {
            decayTable[k] = Math.exp(-k * dtMs / params.tauMemMs());
        }
        this.vRestMv = params.vRestMv();
        this.vResetMv = params.vResetMv();
        this.vMv = new double[n];
        Arrays.fill(vMv, params.vRestMv());
        this.stepStamp = new long[n];
        Arrays.fill(stepStamp, -1);            // never updated: decays from rest anyway
        this.mark = new byte[n];
        this.spikeCount = new long[n];
        this.touched = new int[n + 1];
        this.due = new int[slots][Math.min(16, n)];
        this.dueCount = new int[slots];
        this.refractoryEnds = new int[refractorySlots][Math.min(16, n)];
        this.refractoryEndCount = new int[refractorySlots];
    }

    /** Input of {@code jumpMv} to neuron {@code i} at the current step (external synaptic event). */
    public void inject(int i, double jumpMv) {
        synapticEvents++;
        byte m = mark[i];
        if (m == UNTOUCHED) {
            decay(i);
            mark[i] = TOUCHED;
            touched[touchedCount++] = i;
        } else if (m == REFRACTORY) {
            return;                           // input ignored, membrane held at reset
        }
        vMv[i] += jumpMv;
    }

    /** Delivers the recurrent spikes due at the current step, then advances the clock by one step. */
    public void step() {
        final int count = dueCount[slot];
        final int[] sources = due[slot];
        final int[] rowStart = syn.rowStart;
        final int[] post = syn.post;
        final double[] w = syn.weight;
        final byte[] mk = mark;
        final double[] v = vMv;
        final int[] tch = touched;
        final int firstNew = touchedCount;
        int tc = firstNew;
        long events = 0;
        // 1. mark: append each neuron on its first input of the step (m == 0 <=> (m - 1) >>> 31 == 1)
        for (int k = 0; k < count; k++) {
            int src = sources[k];
            int begin = rowStart[src];
            int end = rowStart[src + 1];
            for (int s = begin; s < end; s++) {
                int j = post[s];
                int m = mk[j];
                tch[tc] = j;
                tc += (m - 1) >>> 31;
                mk[j] = (byte) (m | TOUCHED);
            }
            events += end - begin;
        }
        // 2. decay the newly touched neurons to the current step
        for (int k = firstNew; k < tc; k++) {
            decay(tch[k]);
        }
        // 3. scatter the inputs in their original order (spikes emitted now go to a later slot)
        for (int k = 0; k < count; k++) {
            int src = sources[k];
            int end = rowStart[src + 1];
            for (int s = rowStart[src]; s < end; s++) {
                v[post[s]] += w[s];
            }
        }
        synapticEvents += events;
        dueCount[slot] = 0;
        // threshold after all input of the step, as the clock-driven kernel does with summed input
        final double thresh = p.vThreshMv();
        int target = slot + delaySteps;
        if (target >= slots) {
            target -= slots;
        }
        final int endSlot = (int) ((step + refractorySteps) % refractorySlots);
        for (int k = 0; k < tc; k++) {
            int j = tch[k];
            if (v[j] >= thresh) {
                v[j] = vResetMv;
                mk[j] = REFRACTORY;
                spikeCount[j]++;
                if (dueCount[target] == due[target].length) {
                    due[target] = Arrays.copyOf(due[target], Math.min(2 * due[target].length, n));
                }
                due[target][dueCount[target]++] = j;
                if (refractoryEndCount[endSlot] == refractoryEnds[endSlot].length) {
                    refractoryEnds[endSlot] = Arrays.copyOf(refractoryEnds[endSlot],
                            Math.min(2 * refractoryEnds[endSlot].length, n));
                }
                refractoryEnds[endSlot][refractoryEndCount[endSlot]++] = j;
            } else {
                mk[j] = UNTOUCHED;
            }
        }
        touchedCount = 0;
        slot = slot + 1 == slots ? 0 : slot + 1;
        step++;
        // refractory periods ending at the new step: at reset from now on, decaying lazily
        final int ending = (int) (step % refractorySlots);
        final int[] ends = refractoryEnds[ending];
        for (int k = 0; k < refractoryEndCount[ending]; k++) {
            int j = ends[k];
            mk[j] = UNTOUCHED;
            v[j] = vResetMv;
            stepStamp[j] = step;
        }
        refractoryEndCount[ending] = 0;
    }

    /** Decays neuron {@code j} (not refractory) from its last update to the current step. */
    private void decay(int j) {
        long elapsed = step - stepStamp[j];
        if (elapsed > 0) {
            double f = elapsed < decayTable.length ? decayTable[(int) elapsed]
                    : Math.exp(-elapsed * (dtMicros / 1000.0) / p.tauMemMs());
            vMv[j] = vRestMv + (vMv[j] - vRestMv) * f;
        }
        stepStamp[j] = step;
    }

    /** Membrane potential of neuron {@code i} at the current step (not modifying the state). */
    public double potentialMv(int i) {
        if (mark[i] == REFRACTORY) {
            return p.vResetMv();
        }
        long last = Math.max(stepStamp[i], 0);
        return p.vRestMv() + (vMv[i] - p.vRestMv()) * Math.exp(-(step - last) * (dtMicros / 1000.0) / p.tauMemMs());
    }

    public long[] spikeCount() {
        return spikeCount;
    }

    public long synapticEvents() {
        return synapticEvents;
    }

    public long stepCount() {
        return step;
    }

    public int size() {
        return n;
    }
}
