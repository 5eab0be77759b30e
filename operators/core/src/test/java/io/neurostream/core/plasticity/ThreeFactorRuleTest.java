package io.neurostream.core.plasticity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.core.synapse.CsrSynapses;
import org.junit.jupiter.api.Test;

class ThreeFactorRuleTest {

    @Test
    void coincidencesOnlyChangeTheWeightWhenModulated() {
        PairStdpRule.Params stdp = new PairStdpRule.Params(0.1, 0.1, 20, 20, 1.0);
        ThreeFactorRule rule = new ThreeFactorRule(stdp, 2.0, 500, 1, 1, 1);
        CsrSynapses syn = new CsrSynapses(1, 1, new int[] {0, 1}, new int[] {0}, new double[] {0.5}, null);
        rule.onPreSpike(syn, 0, 0);
        rule.onPostSpike(syn, 0, 10_000);
        assertThat(syn.weight[0]).isEqualTo(0.5);
        double e = 0.1 * Math.exp(-10 / 20.0) * Math.exp(-200 / 500.0);
        assertThat(rule.eligibility(0, 210_000)).isCloseTo(e, within(1e-12));
        rule.modulate(syn, 1.0, 210_000);
        assertThat(syn.weight[0]).isCloseTo(0.5 + 2.0 * e, within(1e-12));
        rule.modulate(syn, -1.0, 210_000);
        assertThat(syn.weight[0]).isCloseTo(0.5, within(1e-12));
    }
}
