package io.neurostream.core.plasticity;

import io.neurostream.core.synapse.CsrSynapses;

/**
 * Triplet STDP, all-to-all "minimal" model of Pfister &amp; Gerstner (2006), "Triplets of spikes in
 * a model of spike timing-dependent plasticity", J Neurosci 26:9673. Presynaptic traces
 * {@code r1} (tauPlus), {@code r2} (tauX), postsynaptic {@code o1} (tauMinus), {@code o2} (tauY).
 * Pre spike: {@code w -= o1 (a2Minus + a3Minus r2)}; post spike: {@code w += r1 (a2Plus + a3Plus o2)};
 * the triplet traces are read before their own increment (the paper's {@code t - epsilon}).
 */
public final class TripletStdpRule implements SpikePlasticityRule {
    /** Amplitudes (&gt;= 0) and time constants (ms, &gt; 0); {@code wMax &gt; 0}. */
    public record Params(double a2Plus, double a3Plus, double a2Minus, double a3Minus, double tauPlusMs,
                         double tauMinusMs, double tauXMs, double tauYMs, double wMax) {
        public Params {
            if (!(a2Plus >= 0 && a3Plus >= 0 && a2Minus >= 0 && a3Minus >= 0)) {
                throw new IllegalArgumentException("amplitudes must be >= 0, got " + a2Plus + ", " + a3Plus
                        + ", " + a2Minus + ", " + a3Minus);
            }
            if (!(tauPlusMs > 0 && tauMinusMs > 0 && tauXMs > 0 && tauYMs > 0)) {
                throw new IllegalArgumentException("time constants must be > 0, got " + tauPlusMs + ", "
                        + tauMinusMs + ", " + tauXMs + ", " + tauYMs);
            }
            if (!(wMax > 0)) {
                throw new IllegalArgumentException("wMax must be > 0, got " + wMax);
            }
        }

        /** Pfister &amp; Gerstner (2006) Table 4, visual cortex, all-to-all minimal model. */
        public static Params visualCortexMinimal(double wMax) {
            return new Params(5e-10, 6.2e-3, 7e-3, 0.0, 16.8, 33.7, 101, 125, wMax);
        }
    }

    private final Params p;
    private final Traces r1;
    private final Traces r2;
    private final Traces o1;
    private final Traces o2;

    public TripletStdpRule(Params params, int preCount, int postCount) {
        this.p = params;
        this.r1 = new Traces(preCount, params.tauPlusMs());
        this.r2 = new Traces(preCount, params.tauXMs());
        this.o1 = new Traces(postCount, params.tauMinusMs());
        this.o2 = new Traces(postCount, params.tauYMs());
    }

    /** The presynaptic traces r1, r2, then the postsynaptic o1, o2 (live). */
    @Override
    public Traces[] traces() {
        return new Traces[] {r1, r2, o1, o2};
    }

    @Override
    public void onPreSpike(CsrSynapses syn, int pre, long tMicros) {
        double r2Before = r2.valueAt(pre, tMicros);
        final double[] w = syn.weight;
        for (int s = syn.rowStart[pre]; s < syn.rowStart[pre + 1]; s++) {
            double v = w[s] - o1.valueAt(syn.post[s], tMicros) * (p.a2Minus() + p.a3Minus() * r2Before);
            w[s] = v < 0 ? 0 : v;
        }
        r1.add(pre, tMicros, 1.0);
        r2.add(pre, tMicros, 1.0);
    }

    @Override
    public void onPostSpike(CsrSynapses syn, int post, long tMicros) {
        double o2Before = o2.valueAt(post, tMicros);
        final double[] w = syn.weight;
        for (int k = syn.inStart[post]; k < syn.inStart[post + 1]; k++) {
            int s = syn.inSynapse[k];
            double v = w[s] + r1.valueAt(syn.pre[s], tMicros) * (p.a2Plus() + p.a3Plus() * o2Before);
            w[s] = v > p.wMax() ? p.wMax() : v;
        }
        o1.add(post, tMicros, 1.0);
        o2.add(post, tMicros, 1.0);
    }
}
