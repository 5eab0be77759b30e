package io.neurostream.core.synapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopologiesTest {

    @Test
    void fixedInDegreeGivesEveryNeuronExactlyKDistinctNonSelfInputs() {
        CsrSynapses c = Topologies.fixedInDegree(100, 100, 10, true,
                Topologies.excitatoryInhibitory(80, 0.2, 5), 1, 3, 42);
        assertThat(c.synapseCount()).isEqualTo(1000);
        for (int j = 0; j < 100; j++) {
            assertThat(c.inStart[j + 1] - c.inStart[j]).isEqualTo(10);
            java.util.Set<Integer> sources = new java.util.HashSet<>();
            for (int k = c.inStart[j]; k < c.inStart[j + 1]; k++) {
                int s = c.inSynapse[k];
                assertThat(c.post[s]).isEqualTo(j);
                assertThat(c.pre[s]).isNotEqualTo(j);
                sources.add(c.pre[s]);
                assertThat(c.weight[s]).isEqualTo(c.pre[s] < 80 ? 0.2 : -1.0, org.assertj.core.api.Assertions.within(1e-12));
                assertThat(c.delaySteps[s]).isBetween(1, 3);
            }
            assertThat(sources).hasSize(10);
        }
    }

    @Test
    void sameSeedSameNetwork() {
        CsrSynapses a = Topologies.bernoulli(50, 60, 0.1, false, (i, j, r) -> r.nextDouble(), 1, 5, 3);
        CsrSynapses b = Topologies.bernoulli(50, 60, 0.1, false, (i, j, r) -> r.nextDouble(), 1, 5, 3);
        CsrSynapses c = Topologies.bernoulli(50, 60, 0.1, false, (i, j, r) -> r.nextDouble(), 1, 5, 4);
        assertThat(a.post).containsExactly(b.post);
        assertThat(a.weight).containsExactly(b.weight);
        assertThat(a.delaySteps).containsExactly(b.delaySteps);
        assertThat(a.post).isNotEqualTo(c.post);
    }

    @Test
    void distanceDependentProjectionPrefersNearbyPixels() {
        CsrSynapses c = Topologies.distanceDependent2d(34, 34, 200, 0.8, 2.0, (i, j, r) -> 1.0, 1, 1, 5);
        assertThat(c.synapseCount()).isGreaterThan(1000);
        // each neuron's inputs lie in a small patch: spread of x within a post neuron is a few pixels
        double meanSpread = 0;
        int counted = 0;
        for (int j = 0; j < 200; j++) {
            int n = c.inStart[j + 1] - c.inStart[j];
            if (n < 2) {
                continue;
            }
            double mean = 0;
            for (int k = c.inStart[j]; k < c.inStart[j + 1]; k++) {
                mean += c.pre[c.inSynapse[k]] % 34;
            }
            mean /= n;
            double var = 0;
            for (int k = c.inStart[j]; k < c.inStart[j + 1]; k++) {
                double d = c.pre[c.inSynapse[k]] % 34 - mean;
                var += d * d;
            }
            meanSpread += Math.sqrt(var / n);
            counted++;
        }
        // uniform over 34 pixels would give ~9.8; a Gaussian of sigma 2 gives ~2
        assertThat(meanSpread / counted).isBetween(1.0, 3.0);
    }

    @Test
    void rejectsImpossibleInDegree() {
        assertThatThrownBy(() -> Topologies.fixedInDegree(10, 10, 10, true, (i, j, r) -> 1, 1, 1, 1))
                .hasMessageContaining("inDegree").hasMessageContaining("[0, 9]");
    }
}
