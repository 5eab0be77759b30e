package io.neurostream.core.plasticity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.core.synapse.CsrSynapses;
import org.junit.jupiter.api.Test;

class TripletStdpRuleTest {

    private static CsrSynapses oneSynapse() {
        return new CsrSynapses(1, 1, new int[] {0, 1}, new int[] {0}, new double[] {0.5}, null);
    }

    @Test
    void postPrePostTripletMatchesTheModelEquations() {
        TripletStdpRule.Params p = TripletStdpRule.Params.visualCortexMinimal(10.0);
        TripletStdpRule rule = new TripletStdpRule(p, 1, 1);
        CsrSynapses syn = oneSynapse();
        rule.onPostSpike(syn, 0, 0);
        rule.onPreSpike(syn, 0, 10_000);
        rule.onPostSpike(syn, 0, 20_000);
        double depression = -Math.exp(-10 / 33.7) * 7e-3;
        double potentiation = Math.exp(-10 / 16.8) * (5e-10 + 6.2e-3 * Math.exp(-20 / 125.0));
        assertThat(syn.weight[0] - 0.5).isCloseTo(depression + potentiation, within(1e-12));
    }

    /** 60 pre-post pairings (+10 ms) at a given frequency: the triplet term makes LTP grow with frequency. */
    private static double pairing(double frequencyHz, long dtMicros) {
        TripletStdpRule rule = new TripletStdpRule(TripletStdpRule.Params.visualCortexMinimal(10.0), 1, 1);
        CsrSynapses syn = oneSynapse();
        long period = Math.round(1e6 / frequencyHz);
        for (int k = 0; k < 60; k++) {
            long t = 1_000_000 + k * period;
            if (dtMicros > 0) {
                rule.onPreSpike(syn, 0, t);
                rule.onPostSpike(syn, 0, t + dtMicros);
            } else {
                rule.onPostSpike(syn, 0, t + dtMicros);
                rule.onPreSpike(syn, 0, t);
            }
        }
        return syn.weight[0] - 0.5;
    }

    @Test
    void frequencyDependenceAsInSjostrom2001() {
        // low frequency: pre-post pairs depress-or-barely-potentiate; high frequency: both orders potentiate
        assertThat(pairing(40, 10_000)).isGreaterThan(5 * Math.max(pairing(1, 10_000), 1e-6));
        assertThat(pairing(0.1, -10_000)).isNegative();
        assertThat(pairing(50, -10_000)).isPositive();
    }
}
