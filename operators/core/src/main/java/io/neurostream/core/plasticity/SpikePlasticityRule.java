package io.neurostream.core.plasticity;

import io.neurostream.core.synapse.CsrSynapses;

/**
 * A spike-timing rule on {@link CsrSynapses}. The caller reports every spike of a presynaptic and
 * of a postsynaptic neuron in time order; the rule keeps its traces (decayed lazily from the time
 * of their last update) and changes the weights of the affected synapses only.
 */
public interface SpikePlasticityRule extends PlasticityRule {
    /** Presynaptic neuron {@code pre} spiked at {@code tMicros}; may change its outgoing weights. */
    void onPreSpike(CsrSynapses synapses, int pre, long tMicros);

    /** Postsynaptic neuron {@code post} spiked at {@code tMicros}; may change its incoming weights. */
    void onPostSpike(CsrSynapses synapses, int post, long tMicros);

    /** The rule's spike traces, live, in a fixed order (what a checkpoint must keep to go on bit for bit). */
    default Traces[] traces() {
        return new Traces[0];
    }
}
