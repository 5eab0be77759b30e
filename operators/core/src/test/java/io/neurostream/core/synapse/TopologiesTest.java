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
    void fixedInDegreeWithRepeatsDrawsSourcesWithReplacementButNeverSelf() {
        // in-degree above the number of other neurons: only possible with repeated pairs
        CsrSynapses c = Topologies.fixedInDegreeWithRepeats(6, 6, 9, true, (i, j, r) -> i + 10.0 * j, 1, 1,
                new java.util.SplittableRandom(8));
        assertThat(c.synapseCount()).isEqualTo(54);
        for (int j = 0; j < 6; j++) {
            assertThat(c.inStart[j + 1] - c.inStart[j]).isEqualTo(9);
            for (int k = c.inStart[j]; k < c.inStart[j + 1]; k++) {
                int s = c.inSynapse[k];
                assertThat(c.pre[s]).isNotEqualTo(j);
                assertThat(c.weight[s]).isEqualTo(c.pre[s] + 10.0 * j);
            }
        }
        // the draws: per postsynaptic neuron, nextInt(6) until 9 non-self sources; rows keep that order
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        int[] fill = new int[6];
        for (int j = 0; j < 6; j++) {
            for (int k = 0; k < 9; k++) {
                int i;
                do {
                    i = r.nextInt(6);
                } while (i == j);
                assertThat(c.post[c.rowStart[i] + fill[i]++]).isEqualTo(j);
            }
        }
        assertThatThrownBy(() -> Topologies.fixedInDegreeWithRepeats(1, 1, 1, true, (i, j, r2) -> 1, 1, 1,
                new java.util.SplittableRandom(1))).hasMessageContaining("available");
    }

    @Test
    void gaussianReceptiveFieldsGiveEveryChannelFanOutNearbyTargetsAndContinueTheDraws() {
        int w = 20;
        int h = 14;
        int neurons = 300;
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        CsrSynapses c = Topologies.gaussianReceptiveFields(w, h, 3, neurons, 4, 1.5, (i, j, r) -> 9.0, 1, 1, random);
        assertThat(c.preCount()).isEqualTo(w * h * 3);
        assertThat(c.synapseCount()).isEqualTo(w * h * 3 * 4);
        // documented draw order: positions (x then y per neuron), then fanOut draws per channel
        java.util.SplittableRandom replay = new java.util.SplittableRandom(5);
        double[] x = new double[neurons];
        double[] y = new double[neurons];
        for (int j = 0; j < neurons; j++) {
            x[j] = replay.nextDouble() * w;
            y[j] = replay.nextDouble() * h;
        }
        double meanDistance = 0;
        for (int pre = 0; pre < c.preCount(); pre++) {
            assertThat(c.rowStart[pre]).isEqualTo(pre * 4);
            int pixel = pre / 3;
            for (int s = c.rowStart[pre]; s < c.rowStart[pre + 1]; s++) {
                replay.nextDouble();
                assertThat(c.weight[s]).isEqualTo(9.0);
                meanDistance += Math.hypot(x[c.post[s]] - (pixel % w + 0.5), y[c.post[s]] - (pixel / w + 0.5));
            }
        }
        meanDistance /= c.synapseCount();
        // a 2-d Gaussian of sigma 1.5 has mean distance 1.5 sqrt(pi/2) = 1.9; uniform targets would be ~8
        assertThat(meanDistance).isBetween(1.2, 2.8);
        assertThat(random.nextLong()).as("the caller's stream continues after the draws").isEqualTo(replay.nextLong());
    }

    @Test
    void rejectsImpossibleInDegree() {
        assertThatThrownBy(() -> Topologies.fixedInDegree(10, 10, 10, true, (i, j, r) -> 1, 1, 1, 1))
                .hasMessageContaining("inDegree").hasMessageContaining("[0, 9]");
    }
}
