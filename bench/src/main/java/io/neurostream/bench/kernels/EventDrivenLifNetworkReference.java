package io.neurostream.bench.kernels;

import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import java.util.Arrays;

/**
 * Reference copy of {@code EventDrivenLifNetwork} as of commit 6fcb1bc (before the packed,
 * branch-free delivery), kept unchanged as the baseline and the golden model. Not for production use.
 *
 * <p>Original documentation:
 * Event-driven LIF network for sparse input: neurons have no steady drive and are touched only
 * when a synaptic event reaches them; each then decays lazily from its last update by a table of
 * {@code exp(-k dt / tauMem)} (exact on the time grid, no {@code Math.exp} per event). Time is a
 * grid of {@code dtMicros} steps; every synapse has the same delay (one spike list per future
 * step). Per step, {@code step} delivers the spikes due now through the CSR rows of their
 * sources. Work is proportional to the number of synaptic events, not to the network size.
 *
 * <p>Semantics equal {@code LifNetwork} with zero drive: input arriving during the refractory
 * period is ignored, the membrane is held at reset. {@code step} allocates nothing once the
 * spike lists have grown to their working size.
 */
public final class EventDrivenLifNetworkReference {
    private final LifParams p;
    private final CsrSynapses syn;
    private final int n;
    private final int delaySteps;
    private final int slots;
    private final int refractorySteps;
    private final double[] decayTable;
    private final double[] vMv;
    private final long[] steps;        // interleaved per neuron: [2j] last update step, [2j+1] refractory until
    private final long[] spikeCount;
    private final int[][] due;        // per slot: neurons whose spikes are delivered at that step
    private final int[] dueCount;
    private final int[] touched;       // neurons that received input in the current step
    private int touchedCount;
    private final long dtMicros;
    private long step;
    private long synapticEvents;

    public EventDrivenLifNetworkReference(LifParams params, CsrSynapses synapses, long dtMicros) {
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
        double dtMs = dtMicros / 1000.0;
        int tableSize = (int) Math.min(1 << 16, Math.ceil(40 * params.tauMemMs() / dtMs) + 1);
        this.decayTable = new double[tableSize];
        for (int k = 0; k < tableSize; k++) {
            decayTable[k] = Math.exp(-k * dtMs / params.tauMemMs());
        }
        this.vMv = new double[n];
        Arrays.fill(vMv, params.vRestMv());
        this.steps = new long[2 * n];
        for (int j = 0; j < n; j++) {
            steps[2 * j] = -1;                     // never updated: decays from rest anyway
            steps[2 * j + 1] = Long.MIN_VALUE;
        }
        this.spikeCount = new long[n];
        this.touched = new int[n];
        this.due = new int[slots][Math.min(16, n)];
        this.dueCount = new int[slots];
    }

    /** Input of {@code jumpMv} to neuron {@code i} at the current step (external synaptic event). */
    public void inject(int i, double jumpMv) {
        synapticEvents++;
        deliver(i, jumpMv);
    }

    /** Delivers the recurrent spikes due at the current step, then advances the clock by one step. */
    public void step() {
        int slot = (int) (step % slots);
        int count = dueCount[slot];
        int[] sources = due[slot];
        final int[] rowStart = syn.rowStart;
        final int[] post = syn.post;
        final double[] w = syn.weight;
        // spikes emitted while delivering go to a later slot (delay >= 1), never to this one
        for (int k = 0; k < count; k++) {
            int src = sources[k];
            int end = rowStart[src + 1];
            for (int s = rowStart[src]; s < end; s++) {
                deliver(post[s], w[s]);
            }
            synapticEvents += end - rowStart[src];
        }
        dueCount[slot] = 0;
        // threshold after all input of the step, as the clock-driven kernel does with summed input
        final double thresh = p.vThreshMv();
        for (int k = 0; k < touchedCount; k++) {
            int j = touched[k];
            if (vMv[j] >= thresh) {
                vMv[j] = p.vResetMv();
                steps[2 * j + 1] = step + refractorySteps;
                spikeCount[j]++;
                int target = (int) ((step + delaySteps) % slots);
                if (dueCount[target] == due[target].length) {
                    due[target] = Arrays.copyOf(due[target], Math.min(2 * due[target].length, n));
                }
                due[target][dueCount[target]++] = j;
            }
        }
        touchedCount = 0;
        step++;
    }

    private void deliver(int j, double jumpMv) {
        final long now = step;
        final long[] st = steps;
        final long refractoryUntil = st[2 * j + 1];
        if (now < refractoryUntil) {
            return;
        }
        long last = st[2 * j];
        if (last == now) {
            vMv[j] += jumpMv;   // already touched in this step
            return;
        }
        double v = vMv[j];
        if (last < refractoryUntil) {
            // the refractory period ended after the last update: relax from reset since then
            last = refractoryUntil;
            v = p.vResetMv();
        }
        long elapsed = now - last;
        if (elapsed > 0) {
            double rest = p.vRestMv();
            double f = elapsed < decayTable.length ? decayTable[(int) elapsed]
                    : Math.exp(-elapsed * (dtMicros / 1000.0) / p.tauMemMs());
            v = rest + (v - rest) * f;
        }
        vMv[j] = v + jumpMv;
        st[2 * j] = now;
        touched[touchedCount++] = j;
    }

    /** Membrane potential of neuron {@code i} at the current step (not modifying the state). */
    public double potentialMv(int i) {
        long refractoryUntil = steps[2 * i + 1];
        if (step < refractoryUntil) {
            return p.vResetMv();
        }
        long last = Math.max(steps[2 * i], 0);
        double v = vMv[i];
        if (last < refractoryUntil) {
            last = refractoryUntil;
            v = p.vResetMv();
        }
        return p.vRestMv() + (v - p.vRestMv()) * Math.exp(-(step - last) * (dtMicros / 1000.0) / p.tauMemMs());
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
