package io.neurostream.core.network;

import io.neurostream.core.neuron.LifKernel;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.neuron.LifState;
import io.neurostream.core.plasticity.SpikePlasticityRule;
import io.neurostream.core.synapse.CsrSynapses;

/** The previous {@link LifNetwork} kept as the golden baseline of {@code LifNetworkGoldenTest} and the kernels benchmark.
 *
 * A recurrent network of LIF neurons with delta synapses and axonal delays: neurons are advanced
 * clock-driven by {@link LifKernel} (exact integration), spikes are propagated event-driven
 * through the {@link CsrSynapses} into a ring buffer of future inputs, one slot per step of delay
 * (the scheme of NEST and Brian2's spike queue). A synaptic event is one delivery of one spike to
 * one target. Optional: a {@link SpikePlasticityRule} applied to the recurrent synapses.
 *
 * <p>{@link #step} allocates nothing.
 */
public final class LifNetworkReference {
    private final LifKernel kernel;
    private final LifState state;
    private final CsrSynapses synapses;
    private final double[] driveMv;
    private final double[] ring;
    private final int slots;
    private final int n;
    private final long dtMicros;
    private final int[] spiked;
    private final double[] jumps;
    private final int uniformDelaySteps; // > 0 if every synapse has this delay: the fast path
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
    public LifNetworkReference(LifParams params, CsrSynapses synapses, double[] driveMv, long dtMicros) {
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
        this.kernel = new LifKernel(params);
        this.state = new LifState(n, params);
        this.synapses = synapses;
        this.driveMv = driveMv;
        this.slots = synapses.maxDelaySteps() + 1;
        this.ring = new double[slots * n];
        this.dtMicros = dtMicros;
        this.spiked = new int[n];
        this.jumps = new double[n];
        int d = synapses.synapseCount() == 0 ? 1 : synapses.delaySteps[0];
        for (int q = 1; q < synapses.synapseCount() && d > 0; q++) {
            if (synapses.delaySteps[q] != d) {
                d = 0;
            }
        }
        this.uniformDelaySteps = d;
    }

    /** Applies {@code rule} to the recurrent synapses from now on (null = none). */
    public void setPlasticity(SpikePlasticityRule rule) {
        this.plasticity = rule;
    }

    /**
     * Adds an external input of {@code jumpMv} to neuron {@code i} at the start of the next step.
     */
    public void inject(int i, double jumpMv) {
        ring[slot * n + i] += jumpMv;
    }

    /** Advances one clock step; returns the number of neurons that spiked (see {@link #spiked()}). */
    public int step() {
        long tMicros = stepCount * dtMicros;
        int base = slot * n;
        System.arraycopy(ring, base, jumps, 0, n);
        java.util.Arrays.fill(ring, base, base + n, 0.0);
        int count = kernel.step(state, tMicros, dtMicros, driveMv, jumps, spiked);
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
            final int offset = target * n;
            for (int k = 0; k < count; k++) {
                int i = spiked[k];
                int end = rowStart[i + 1];
                for (int s = rowStart[i]; s < end; s++) {
                    ring[offset + post[s]] += w[s];
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
                ring[target * n + post[s]] += w[s];
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
