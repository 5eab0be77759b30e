package io.neurostream.bench.kernels;

import io.neurostream.core.network.LifNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One clock step (0.1 ms) of a recurrent LIF network: neuron updates plus event-driven delivery of
 * every spike through CSR synapses into the delay ring. The auxiliary counter
 * {@code synapticEvents} reports delivered synaptic events per second.
 * Sizes: the 1000-neuron Brian2 comparison network (k = 100) and a 10,000-neuron network with
 * k = 1000 (the fan-out of cortical models), both fed by heterogeneous constant drive.
 */
public class LifNetworkBenchmark extends NetworkBenchmark {
    @Param({"1000:100", "10000:1000"})
    public String sizeAndInDegree;

    private LifNetwork net;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = sizeAndInDegree.split(":");
        int n = Integer.parseInt(parts[0]);
        int k = Integer.parseInt(parts[1]);
        // jExc scaled so that the recurrent input per neuron matches the 1000:100 network
        BenchNetworks spec = new BenchNetworks(n, k, 0.2 * 100.0 / k, 5.0, 15, 20.0, 30.0, 100, 42);
        net = spec.build();
        for (int s = 0; s < 5_000; s++) {
            net.step(); // past the initial transient
        }
    }

    @Benchmark
    public int step(SynapticEvents events) {
        long before = net.synapticEvents();
        int spikes = net.step();
        events.synapticEvents += net.synapticEvents() - before;
        return spikes;
    }
}
