package io.neurostream.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Golden equivalence: the two-pass {@link LifNetwork} against the previous implementation kept as
 * {@link LifNetworkReference}. Same network, drive and input: the same neurons spike in every step
 * (in the same order) and every membrane potential and refractory time agrees bit for bit.
 */
class LifNetworkGoldenTest {

    @Test
    void brian2ComparisonNetworkMatchesTheReferenceStepByStep() {
        // the 1000-neuron network of bench's Brian2Comparison: in-degree 100, J_E 0.2 mV, g 5, delay 1.5 ms
        compare(1000, 100, 0.2, 5.0, 15, 15, 20.0, 30.0, 0, 0, 3000, 42);
    }

    @Test
    void mixedDelaysSubthresholdDriveAndExternalInputMatchTheReference() {
        // delays 1..20 steps (no uniform fast path), drive straddling threshold, strong coupling, injections
        compare(400, 40, 1.2, 4.0, 1, 20, 5.0, 28.0, 30, 4.0, 4000, 7);
    }

    @Test
    void delayOfOneStepAndLargeInjectionsMatchTheReference() {
        // injections far above threshold: spikes at the start of the step and refractory hits
        compare(200, 20, 2.0, 3.0, 1, 1, 0.0, 21.0, 20, 25.0, 3000, 3);
    }

    private static void compare(int n, int k, double jExcMv, double g, int minDelay, int maxDelay, double driveLowMv,
                                double driveHighMv, int injectionsPerStep, double injectionMv, int steps, long seed) {
        LifParams p = LifParams.brunel2000();
        double[] drive = new double[n];
        SplittableRandom d = new SplittableRandom(seed + 1);
        for (int i = 0; i < n; i++) {
            drive[i] = driveLowMv + (driveHighMv - driveLowMv) * d.nextDouble();
        }
        LifNetwork fast = new LifNetwork(p, network(n, k, jExcMv, g, minDelay, maxDelay, seed), drive.clone(), 100);
        LifNetworkReference ref = new LifNetworkReference(p, network(n, k, jExcMv, g, minDelay, maxDelay, seed),
                drive.clone(), 100);
        SplittableRandom r = new SplittableRandom(seed + 2);
        long spikes = 0;
        long refractoryStarts = 0;
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < injectionsPerStep; e++) {
                int i = r.nextInt(n);
                double w = injectionMv * r.nextDouble();
                fast.inject(i, w);
                ref.inject(i, w);
            }
            int cf = fast.step();
            int cr = ref.step();
            assertThat(cf).as("spike count at step %d", t).isEqualTo(cr);
            for (int q = 0; q < cr; q++) {
                if (fast.spiked()[q] != ref.spiked()[q]) {
                    assertThat(fast.spiked()[q]).as("spike %d of step %d", q, t).isEqualTo(ref.spiked()[q]);
                }
            }
            spikes += cr;
            for (int i = 0; i < n; i++) {
                if (fast.state().vMv[i] != ref.state().vMv[i]
                        || fast.state().refractoryLeftMs[i] != ref.state().refractoryLeftMs[i]) {
                    assertThat(fast.state().vMv[i]).as("v of neuron %d at step %d", i, t).isEqualTo(ref.state().vMv[i]);
                    assertThat(fast.state().refractoryLeftMs[i]).as("refractory time of neuron %d at step %d", i, t)
                            .isEqualTo(ref.state().refractoryLeftMs[i]);
                }
                if (ref.state().refractoryLeftMs[i] > 0) {
                    refractoryStarts++;
                }
            }
        }
        assertThat(fast.state().spikeCount).isEqualTo(ref.state().spikeCount);
        assertThat(fast.state().lastSpikeMicros).isEqualTo(ref.state().lastSpikeMicros);
        assertThat(fast.synapticEvents()).isEqualTo(ref.synapticEvents());
        assertThat(spikes).as("the regime must spike to test anything").isGreaterThan(n);
        assertThat(refractoryStarts).as("refractory neurons must occur").isGreaterThan(n);
    }

    private static CsrSynapses network(int n, int k, double jExcMv, double g, int minDelay, int maxDelay, long seed) {
        return Topologies.fixedInDegree(n, n, k, true, Topologies.excitatoryInhibitory((int) (n * 0.8), jExcMv, g),
                minDelay, maxDelay, seed);
    }
}
