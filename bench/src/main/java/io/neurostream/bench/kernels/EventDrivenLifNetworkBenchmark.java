package io.neurostream.bench.kernels;

import io.neurostream.core.network.EventDrivenLifNetworkReference;

import io.neurostream.core.network.EventDrivenLifNetwork;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One 0.1 ms step of the event-driven LIF network (Brunel 2000 style: 80% E, J_E = 0.1 mV,
 * g = 5, delay 1.5 ms) driven by external Poisson-like events of 0.5 mV on random neurons
 * ({@code externalPerStep} per step, drawn with a seeded SplittableRandom, counted as synaptic
 * events too). The counter {@code synapticEvents} reports events processed per second: external
 * inputs plus recurrent deliveries; neurons are touched only by events.
 *
 * <p>Baseline in the same class: {@code referenceStep} runs the previous implementation
 * ({@link EventDrivenLifNetworkReference}, before the packed branch-free delivery) on the same
 * network with the same input stream. {@link EventDrivenLifNetworkSpeed} prints the ratio, timed by
 * CPU time as well, for the shared machine.
 */
public class EventDrivenLifNetworkBenchmark extends NetworkBenchmark {
    @Param({"10000:1000:3000", "1000:100:300"})
    public String sizeInDegreeExternal;

    private EventDrivenLifNetwork net;
    private EventDrivenLifNetworkReference reference;
    private SplittableRandom random;
    private SplittableRandom referenceRandom;
    private int n;
    private int externalPerStep;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = sizeInDegreeExternal.split(":");
        n = Integer.parseInt(parts[0]);
        int k = Integer.parseInt(parts[1]);
        externalPerStep = Integer.parseInt(parts[2]);
        net = new EventDrivenLifNetwork(LifParams.brunel2000(), synapses(n, k), 100);
        reference = new EventDrivenLifNetworkReference(LifParams.brunel2000(), synapses(n, k), 100);
        random = new SplittableRandom(7);
        referenceRandom = new SplittableRandom(7);
        for (int s = 0; s < 5_000; s++) {
            step(null);
            referenceStep(null);
        }
    }

    static CsrSynapses synapses(int n, int k) {
        return Topologies.fixedInDegree(n, n, k, true, Topologies.excitatoryInhibitory((int) (n * 0.8), 0.1, 5.0),
                15, 15, 42);
    }

    /** The previous implementation, same network and input stream: the baseline. */
    @Benchmark
    public long referenceStep(SynapticEvents events) {
        long before = reference.synapticEvents();
        for (int e = 0; e < externalPerStep; e++) {
            reference.inject(referenceRandom.nextInt(n), 0.5);
        }
        reference.step();
        long done = reference.synapticEvents() - before;
        if (events != null) {
            events.synapticEvents += done;
        }
        return done;
    }

    @Benchmark
    public long step(SynapticEvents events) {
        long before = net.synapticEvents();
        for (int e = 0; e < externalPerStep; e++) {
            net.inject(random.nextInt(n), 0.5);
        }
        net.step();
        long done = net.synapticEvents() - before;
        if (events != null) {
            events.synapticEvents += done;
        }
        return done;
    }

    /** Mean rate so far, for checking the regime (not a benchmark). */
    public double meanRateHz() {
        long spikes = 0;
        for (long c : net.spikeCount()) {
            spikes += c;
        }
        return spikes / (double) n / (net.stepCount() * 1e-4);
    }
}
