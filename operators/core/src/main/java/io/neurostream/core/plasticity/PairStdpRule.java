package io.neurostream.core.plasticity;

import io.neurostream.core.synapse.CsrSynapses;

/**
 * Additive pair-based STDP with all-to-all spike interactions (Song, Miller &amp; Abbott 2000,
 * "Competitive Hebbian learning through spike-timing-dependent synaptic plasticity", Nat Neurosci
 * 3:919). For a pair with {@code dt = tPost - tPre}: {@code dw = aPlus exp(-dt/tauPlus)} if
 * {@code dt > 0}, {@code dw = -aMinus exp(dt/tauMinus)} if {@code dt < 0} ({@link #window}); weights
 * are clipped to {@code [0, wMax]}. Implemented with a presynaptic and a postsynaptic trace.
 */
public final class PairStdpRule implements SpikePlasticityRule {
    /**
     * @param aPlus potentiation amplitude, &gt;= 0
     * @param aMinus depression amplitude, &gt;= 0
     * @param tauPlusMs potentiation window, ms, &gt; 0
     * @param tauMinusMs depression window, ms, &gt; 0
     * @param wMax upper weight bound, &gt; 0
     */
    public record Params(double aPlus, double aMinus, double tauPlusMs, double tauMinusMs, double wMax) {
        public Params {
            if (!(aPlus >= 0) || !(aMinus >= 0)) {
                throw new IllegalArgumentException("aPlus and aMinus must be >= 0, got " + aPlus + ", " + aMinus);
            }
            if (!(tauPlusMs > 0) || !(tauMinusMs > 0)) {
                throw new IllegalArgumentException("tauPlusMs and tauMinusMs must be > 0, got "
                        + tauPlusMs + ", " + tauMinusMs);
            }
            if (!(wMax > 0)) {
                throw new IllegalArgumentException("wMax must be > 0, got " + wMax);
            }
        }

        /** Song et al. (2000): tau 20 ms both, aMinus/aPlus = 1.05, aPlus = 0.005 wMax. */
        public static Params song2000(double wMax) {
            return new Params(0.005 * wMax, 0.005 * 1.05 * wMax, 20.0, 20.0, wMax);
        }
    }

    private final Params p;
    private final Traces preTrace;
    private final Traces postTrace;

    public PairStdpRule(Params params, int preCount, int postCount) {
        this.p = params;
        this.preTrace = new Traces(preCount, params.tauPlusMs());
        this.postTrace = new Traces(postCount, params.tauMinusMs());
    }

    /** The presynaptic, then the postsynaptic trace (live). */
    @Override
    public Traces[] traces() {
        return new Traces[] {preTrace, postTrace};
    }

    /** The weight change for one pre/post pair at {@code dtMs = tPost - tPre} (0 at dt = 0). */
    public double window(double dtMs) {
        if (dtMs > 0) {
            return p.aPlus() * Math.exp(-dtMs / p.tauPlusMs());
        }
        if (dtMs < 0) {
            return -p.aMinus() * Math.exp(dtMs / p.tauMinusMs());
        }
        return 0.0;
    }

    @Override
    public void onPreSpike(CsrSynapses syn, int pre, long tMicros) {
        final double[] w = syn.weight;
        for (int s = syn.rowStart[pre]; s < syn.rowStart[pre + 1]; s++) {
            double v = w[s] - p.aMinus() * postTrace.valueAt(syn.post[s], tMicros);
            w[s] = v < 0 ? 0 : v;
        }
        preTrace.add(pre, tMicros, 1.0);
    }

    @Override
    public void onPostSpike(CsrSynapses syn, int post, long tMicros) {
        final double[] w = syn.weight;
        for (int k = syn.inStart[post]; k < syn.inStart[post + 1]; k++) {
            int s = syn.inSynapse[k];
            double v = w[s] + p.aPlus() * preTrace.valueAt(syn.pre[s], tMicros);
            w[s] = v > p.wMax() ? p.wMax() : v;
        }
        postTrace.add(post, tMicros, 1.0);
    }
}
