package io.neurostream.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventDrivenLifNetworkTest {

    @Test
    void sameSpikesAsTheClockDrivenNetworkUnderTheSameSparseInput() {
        LifParams p = LifParams.brunel2000();
        CsrSynapses a = Topologies.fixedInDegree(300, 300, 30, true, Topologies.excitatoryInhibitory(240, 0.8, 4), 15, 15, 9);
        CsrSynapses b = Topologies.fixedInDegree(300, 300, 30, true, Topologies.excitatoryInhibitory(240, 0.8, 4), 15, 15, 9);
        LifNetwork clock = new LifNetwork(p, a, new double[300], 100);
        EventDrivenLifNetwork events = new EventDrivenLifNetwork(p, b, 100);
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 20_000; k++) {
            for (int e = 0; e < 20; e++) {
                int i = r.nextInt(300);
                double w = 2.0 + r.nextDouble();
                clock.inject(i, w);
                events.inject(i, w);
            }
            clock.step();
            events.step();
        }
        long total = 0;
        for (int i = 0; i < 300; i++) {
            total += clock.state().spikeCount[i];
            assertThat(events.spikeCount()[i]).as("neuron %d", i).isEqualTo(clock.state().spikeCount[i]);
        }
        assertThat(total).isGreaterThan(1000);
        assertThat(events.potentialMv(7)).isCloseTo(clock.state().vMv[7], within(1e-9));
        // the clock network counts a spike's events when it is emitted, the event network when they
        // arrive: they differ by the spikes still in flight (emitted in the last delay)
        long injected = 20L * 20_000;
        assertThat(events.synapticEvents() - injected).isLessThanOrEqualTo(clock.synapticEvents())
                .isGreaterThan(clock.synapticEvents() - 300L * 30);
    }

    @Test
    void refusesMixedDelays() {
        CsrSynapses mixed = new CsrSynapses(2, 2, new int[] {0, 1, 2}, new int[] {1, 0}, new double[] {1, 1},
                new int[] {1, 2});
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new EventDrivenLifNetwork(LifParams.brunel2000(), mixed, 100)).hasMessageContaining("one delay");
    }
}
