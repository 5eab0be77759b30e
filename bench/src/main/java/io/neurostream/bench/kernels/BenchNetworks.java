package io.neurostream.bench.kernels;

import io.neurostream.core.network.LifNetwork;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;

/**
 * The LIF network shared by the JMH benchmark and the Brian2 comparison: {@code n} Brunel (2000)
 * neurons (tau 20 ms, threshold 20 mV, reset 10 mV, refractory 2 ms), 80% excitatory, fixed
 * in-degree {@code k} without self-connections, excitatory weight {@code jExcMv}, inhibitory
 * {@code -g jExcMv}, one delay of {@code delaySteps} steps, a constant drive per neuron uniform in
 * [{@code driveLowMv}, {@code driveHighMv}], all drawn from {@code seed}.
 */
public record BenchNetworks(int n, int k, double jExcMv, double g, int delaySteps, double driveLowMv,
                            double driveHighMv, long dtMicros, long seed) {

    /** The 1000-neuron network compared with Brian2. */
    public static BenchNetworks brian2Comparison() {
        return new BenchNetworks(1000, 100, 0.2, 5.0, 15, 20.0, 30.0, 100, 42);
    }

    public CsrSynapses synapses() {
        return Topologies.fixedInDegree(n, n, k, true, Topologies.excitatoryInhibitory((int) (n * 0.8), jExcMv, g),
                delaySteps, delaySteps, seed);
    }

    public double[] drive() {
        SplittableRandom r = new SplittableRandom(seed + 1);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = driveLowMv + (driveHighMv - driveLowMv) * r.nextDouble();
        }
        return d;
    }

    public LifNetwork build() {
        return new LifNetwork(LifParams.brunel2000(), synapses(), drive(), dtMicros);
    }
}
