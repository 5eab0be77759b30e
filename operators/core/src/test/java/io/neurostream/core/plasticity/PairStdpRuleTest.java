package io.neurostream.core.plasticity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.core.synapse.CsrSynapses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PairStdpRuleTest {

    private static CsrSynapses oneSynapse(double w) {
        return new CsrSynapses(1, 1, new int[] {0, 1}, new int[] {0}, new double[] {w}, null);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-80, -40, -20, -10, -5, -1, -0.1, 0.1, 1, 5, 10, 20, 40, 80})
    void weightChangeOfOnePairMatchesTheWindowFormula(double dtMs) {
        PairStdpRule.Params p = PairStdpRule.Params.song2000(1.0);
        PairStdpRule rule = new PairStdpRule(p, 1, 1);
        CsrSynapses syn = oneSynapse(0.5);
        long tPre = 1_000_000;
        long tPost = tPre + Math.round(dtMs * 1000);
        if (tPre <= tPost) {
            rule.onPreSpike(syn, 0, tPre);
            rule.onPostSpike(syn, 0, tPost);
        } else {
            rule.onPostSpike(syn, 0, tPost);
            rule.onPreSpike(syn, 0, tPre);
        }
        double expected = dtMs > 0 ? 0.005 * Math.exp(-dtMs / 20) : -0.00525 * Math.exp(dtMs / 20);
        assertThat(syn.weight[0] - 0.5).isCloseTo(expected, within(1e-12));
        assertThat(rule.window(dtMs)).isCloseTo(expected, within(1e-15));
    }

    @Test
    void allToAllPairsAddUpAndWeightsStayInBounds() {
        PairStdpRule.Params p = new PairStdpRule.Params(0.3, 0.3, 10, 10, 1.0);
        PairStdpRule rule = new PairStdpRule(p, 1, 1);
        CsrSynapses syn = oneSynapse(0.5);
        rule.onPreSpike(syn, 0, 0);
        rule.onPreSpike(syn, 0, 5_000);
        rule.onPostSpike(syn, 0, 10_000);
        assertThat(syn.weight[0]).isCloseTo(0.5 + 0.3 * (Math.exp(-1) + Math.exp(-0.5)), within(1e-12));
        for (int k = 0; k < 20; k++) {
            rule.onPreSpike(syn, 0, 20_000 + k * 1000L);
            rule.onPostSpike(syn, 0, 20_500 + k * 1000L);
        }
        assertThat(syn.weight[0]).isEqualTo(1.0);
    }

    @Test
    void lazyTraceEqualsStepByStepDecay() {
        Traces t = new Traces(1, 15.0);
        double stepwise = 0;
        long[] spikes = {1000, 3000, 3100, 20000};
        int next = 0;
        for (long us = 0; us <= 40_000; us += 100) {
            stepwise *= Math.exp(-0.1 / 15.0);
            if (next < spikes.length && spikes[next] == us) {
                stepwise += 1;
                t.add(0, us, 1.0);
                next++;
            }
        }
        assertThat(t.valueAt(0, 40_000)).isCloseTo(stepwise, within(1e-12));
    }
}
