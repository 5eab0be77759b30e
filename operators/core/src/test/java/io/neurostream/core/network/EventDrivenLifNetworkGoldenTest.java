package io.neurostream.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Golden equivalence: the packed, branch-free {@link EventDrivenLifNetwork} against the previous
 * implementation kept as {@link EventDrivenLifNetworkReference}. Same input, same order: the same
 * neurons spike in every step, and every membrane potential agrees bit for bit.
 */
class EventDrivenLifNetworkGoldenTest {

    @Test
    void benchmarkRegimeMatchesTheReferenceStepByStep() {
        // the benchmark's network, scaled down: J_E 0.1 mV, g 5, delay 1.5 ms, external 0.5 mV events
        compare(2000, 200, 0.1, 5.0, 15, 600, 0.5, 0.5, 4000, 11, 1);
    }

    @Test
    void strongCouplingWithManyRefractoryHitsMatchesTheReference() {
        compare(300, 30, 0.8, 4.0, 15, 20, 2.0, 3.0, 20_000, 9, 1);
    }

    @Test
    void delayOfOneStepMatchesTheReference() {
        compare(500, 50, 1.5, 3.0, 1, 40, 3.0, 10.0, 5000, 5, 1);
    }

    @Test
    void longSilentGapsBeyondTheDecayTableMatchTheReference() {
        // few inputs, most steps silent: gaps of more than 40 tau (8001 steps) use Math.exp
        compare(50, 5, 2.0, 4.0, 15, 1, 5.0, 20.0, 200_000, 3, 97);
    }

    private static void compare(int n, int k, double jExcMv, double g, int delaySteps, int externalPerStep,
                                double wLowMv, double wHighMv, int steps, long seed, int inputEveryNSteps) {
        LifParams p = LifParams.brunel2000();
        CsrSynapses a = network(n, k, jExcMv, g, delaySteps, seed);
        CsrSynapses b = network(n, k, jExcMv, g, delaySteps, seed);
        EventDrivenLifNetwork fast = new EventDrivenLifNetwork(p, a, 100);
        EventDrivenLifNetworkReference ref = new EventDrivenLifNetworkReference(p, b, 100);
        SplittableRandom r = new SplittableRandom(seed + 100);
        long[] before = new long[n];
        long spikes = 0;
        for (int t = 0; t < steps; t++) {
            if (t % inputEveryNSteps == 0) {
                for (int e = 0; e < externalPerStep; e++) {
                    int i = r.nextInt(n);
                    double w = wLowMv + (wHighMv - wLowMv) * r.nextDouble();
                    fast.inject(i, w);
                    ref.inject(i, w);
                }
            }
            fast.step();
            ref.step();
            for (int i = 0; i < n; i++) {
                long c = ref.spikeCount()[i];
                if (fast.spikeCount()[i] != c) {
                    assertThat(fast.spikeCount()[i]).as("spikes of neuron %d after step %d", i, t).isEqualTo(c);
                }
                spikes += c - before[i];
                before[i] = c;
            }
            if (t % 97 == 0) {
                for (int i = 0; i < n; i++) {
                    assertThat(Double.doubleToRawLongBits(fast.potentialMv(i))).as("v of neuron %d at step %d", i, t)
                            .isEqualTo(Double.doubleToRawLongBits(ref.potentialMv(i)));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToRawLongBits(fast.potentialMv(i))).as("final v of neuron %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(ref.potentialMv(i)));
        }
        assertThat(fast.synapticEvents()).isEqualTo(ref.synapticEvents());
        assertThat(fast.stepCount()).isEqualTo(ref.stepCount());
        assertThat(spikes).as("the regime must spike to test anything").isGreaterThan(n / 2);
    }

    private static CsrSynapses network(int n, int k, double jExcMv, double g, int delaySteps, long seed) {
        return Topologies.fixedInDegree(n, n, k, true, Topologies.excitatoryInhibitory((int) (n * 0.8), jExcMv, g),
                delaySteps, delaySteps, seed);
    }
}
