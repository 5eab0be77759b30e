package io.neurostream.core.plasticity;

import io.neurostream.core.synapse.CsrSynapses;

/**
 * Local inhibitory plasticity that steers each neuron's rate toward a target: after each window,
 * every inhibitory (negative) synapse onto neuron {@code i} grows in magnitude by
 * {@code eta (rate_i - targetRate)} (clipped to {@code [0, wMaxMv]}), so that overactive neurons
 * receive more inhibition and silent ones less. This is the rate form of Vogels et al. (2011),
 * "Inhibitory plasticity balances excitation and inhibition in sensory pathways and memory
 * networks", Science 334:1569, and the E/I-balance adaptation of "Boosting reservoir computing
 * with brain-inspired adaptive dynamics" (homeostatic per-neuron inhibition toward a target rate).
 */
public final class InhibitoryRatePlasticity implements PlasticityRule {
    private final double targetRateHz;
    private final double etaMvPerHz;
    private final double wMaxMv;

    /**
     * @param targetRateHz rate each neuron is steered to, Hz, &gt;= 0
     * @param etaMvPerHz change of an inhibitory weight's magnitude per Hz of rate error, &gt; 0
     * @param wMaxMv largest inhibitory magnitude, mV, &gt; 0
     */
    public InhibitoryRatePlasticity(double targetRateHz, double etaMvPerHz, double wMaxMv) {
        if (!(targetRateHz >= 0) || !(etaMvPerHz > 0) || !(wMaxMv > 0)) {
            throw new IllegalArgumentException("need targetRateHz >= 0, etaMvPerHz > 0, wMaxMv > 0, got "
                    + targetRateHz + ", " + etaMvPerHz + ", " + wMaxMv);
        }
        this.targetRateHz = targetRateHz;
        this.etaMvPerHz = etaMvPerHz;
        this.wMaxMv = wMaxMv;
    }

    /**
     * @param syn synapses whose negative weights are inhibitory (modified)
     * @param spikeCounts spikes per postsynaptic neuron in the window (not modified)
     * @param windowMs window length, ms
     * @param inhibitoryPreFrom presynaptic indices at or above this are inhibitory
     */
    public void update(CsrSynapses syn, long[] spikeCounts, double windowMs, int inhibitoryPreFrom) {
        for (int i = 0; i < syn.postCount(); i++) {
            double rateHz = spikeCounts[i] * 1000.0 / windowMs;
            double delta = etaMvPerHz * (rateHz - targetRateHz);
            for (int k = syn.inStart[i]; k < syn.inStart[i + 1]; k++) {
                int s = syn.inSynapse[k];
                if (syn.pre[s] < inhibitoryPreFrom) {
                    continue;
                }
                double mag = -syn.weight[s] + delta;
                mag = mag < 0 ? 0 : (mag > wMaxMv ? wMaxMv : mag);
                syn.weight[s] = -mag;
            }
        }
    }
}
