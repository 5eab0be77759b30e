package io.neurostream.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import org.junit.jupiter.api.Test;

class LifNetworkTest {

    @Test
    void uncoupledNeuronsFireAtTheirAnalyticRates() {
        LifParams p = LifParams.brunel2000();
        double[] drive = {25, 30, 40, 60};
        CsrSynapses none = new CsrSynapses(4, 4, new int[5], new int[0], new double[0], null);
        LifNetwork net = new LifNetwork(p, none, drive, 100);
        for (int k = 0; k < 200_000; k++) {
            net.step();
        }
        for (int i = 0; i < 4; i++) {
            double rate = net.state().spikeCount[i] / 20.0;
            // counting whole seconds: at most one interval of quantisation error
            assertThat(rate).isCloseTo(p.analyticRateHz(drive[i]), within(0.01 * p.analyticRateHz(drive[i]) + 0.05));
        }
    }

    @Test
    void aSpikeArrivesExactlyItsDelayLater() {
        LifParams p = LifParams.brunel2000();
        CsrSynapses syn = new CsrSynapses(2, 2, new int[] {0, 1, 1}, new int[] {1}, new double[] {25.0}, new int[] {3});
        LifNetwork net = new LifNetwork(p, syn, new double[2], 100);
        net.inject(0, 30.0);
        int[] firstSpikeStep = {-1, -1};
        for (int k = 0; k < 10; k++) {
            int c = net.step();
            for (int q = 0; q < c; q++) {
                int i = net.spiked()[q];
                if (firstSpikeStep[i] < 0) {
                    firstSpikeStep[i] = k;
                }
            }
        }
        assertThat(firstSpikeStep[0]).isEqualTo(0);
        assertThat(firstSpikeStep[1]).isEqualTo(3);
        assertThat(net.synapticEvents()).isEqualTo(1);
    }

    @Test
    void mixedDelaysArriveEachAtItsOwnStep() {
        LifParams p = LifParams.brunel2000();
        CsrSynapses syn = new CsrSynapses(3, 3, new int[] {0, 2, 2, 2}, new int[] {1, 2}, new double[] {25.0, 25.0},
                new int[] {3, 7});
        LifNetwork net = new LifNetwork(p, syn, new double[3], 100);
        net.inject(0, 30.0);
        int[] firstSpikeStep = {-1, -1, -1};
        for (int k = 0; k < 12; k++) {
            int c = net.step();
            for (int q = 0; q < c; q++) {
                int i = net.spiked()[q];
                if (firstSpikeStep[i] < 0) {
                    firstSpikeStep[i] = k;
                }
            }
        }
        assertThat(firstSpikeStep).containsExactly(0, 3, 7);
    }

    @Test
    void synapticEventsCountEverySpikeTimesItsFanOut() {
        CsrSynapses syn = Topologies.fixedInDegree(200, 200, 20, true,
                Topologies.excitatoryInhibitory(160, 0.2, 5), 15, 15, 3);
        double[] drive = new double[200];
        java.util.Arrays.fill(drive, 25);
        LifNetwork net = new LifNetwork(LifParams.brunel2000(), syn, drive, 100);
        long expected = 0;
        for (int k = 0; k < 5_000; k++) {
            int c = net.step();
            for (int q = 0; q < c; q++) {
                int i = net.spiked()[q];
                expected += syn.rowStart[i + 1] - syn.rowStart[i];
            }
        }
        assertThat(expected).isPositive();
        assertThat(net.synapticEvents()).isEqualTo(expected);
    }

    @Test
    void stdpInTheNetworkPotentiatesACausalSynapse() {
        LifParams p = LifParams.brunel2000();
        // 0 -> 1 strong enough to make 1 fire 3 steps after 0: causal pairs, potentiation
        CsrSynapses syn = new CsrSynapses(2, 2, new int[] {0, 1, 1}, new int[] {1}, new double[] {25.0}, new int[] {3});
        LifNetwork net = new LifNetwork(p, syn, new double[] {0, 0}, 100);
        net.setPlasticity(new io.neurostream.core.plasticity.PairStdpRule(
                new io.neurostream.core.plasticity.PairStdpRule.Params(0.1, 0.1, 20, 20, 30.0), 2, 2));
        for (int k = 0; k < 10; k++) {
            net.inject(0, 30.0);
            for (int s = 0; s < 200; s++) {
                net.step();
            }
        }
        assertThat(net.state().spikeCount[1]).isEqualTo(10);
        assertThat(syn.weight[0]).isGreaterThan(25.0);
    }
}
