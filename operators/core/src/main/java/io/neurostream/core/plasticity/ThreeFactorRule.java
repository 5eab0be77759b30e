package io.neurostream.core.plasticity;

import io.neurostream.core.synapse.CsrSynapses;

/**
 * Three-factor rule: pair-STDP coincidences are not applied to the weight but accumulated in a
 * per-synapse eligibility trace {@code e} (time constant {@code tauEligibilityMs}); a third,
 * neuromodulatory factor {@code m} (reward, or error) converts it: {@code dw = eta m e}
 * (Izhikevich 2007, "Solving the distal reward problem"; Fremaux &amp; Gerstner 2016 review).
 */
public final class ThreeFactorRule implements SpikePlasticityRule {
    private final PairStdpRule.Params stdp;
    private final double eta;
    private final Traces preTrace;
    private final Traces postTrace;
    private final Traces eligibility;

    /**
     * @param stdp window shape of the coincidence detector (its wMax bounds the weights)
     * @param eta learning rate of the modulated update, &gt; 0
     * @param tauEligibilityMs eligibility time constant, ms, &gt; 0
     * @param synapseCount number of synapses the rule will see
     */
    public ThreeFactorRule(PairStdpRule.Params stdp, double eta, double tauEligibilityMs, int preCount, int postCount,
                           int synapseCount) {
        if (!(eta > 0)) {
            throw new IllegalArgumentException("eta must be > 0, got " + eta);
        }
        this.stdp = stdp;
        this.eta = eta;
        this.preTrace = new Traces(preCount, stdp.tauPlusMs());
        this.postTrace = new Traces(postCount, stdp.tauMinusMs());
        this.eligibility = new Traces(synapseCount, tauEligibilityMs);
    }

    @Override
    public void onPreSpike(CsrSynapses syn, int pre, long tMicros) {
        for (int s = syn.rowStart[pre]; s < syn.rowStart[pre + 1]; s++) {
            eligibility.add(s, tMicros, -stdp.aMinus() * postTrace.valueAt(syn.post[s], tMicros));
        }
        preTrace.add(pre, tMicros, 1.0);
    }

    @Override
    public void onPostSpike(CsrSynapses syn, int post, long tMicros) {
        for (int k = syn.inStart[post]; k < syn.inStart[post + 1]; k++) {
            int s = syn.inSynapse[k];
            eligibility.add(s, tMicros, stdp.aPlus() * preTrace.valueAt(syn.pre[s], tMicros));
        }
        postTrace.add(post, tMicros, 1.0);
    }

    /** Eligibility of synapse {@code s} at {@code tMicros}. */
    public double eligibility(int s, long tMicros) {
        return eligibility.valueAt(s, tMicros);
    }

    /** Delivers the modulator {@code m} at {@code tMicros}: {@code w += eta m e} on every synapse. */
    public void modulate(CsrSynapses syn, double m, long tMicros) {
        final double[] w = syn.weight;
        for (int s = 0; s < w.length; s++) {
            double v = w[s] + eta * m * eligibility.valueAt(s, tMicros);
            w[s] = v < 0 ? 0 : (v > stdp.wMax() ? stdp.wMax() : v);
        }
    }
}
