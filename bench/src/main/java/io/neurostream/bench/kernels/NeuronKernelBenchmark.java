package io.neurostream.bench.kernels;

import io.neurostream.core.neuron.AdLifKernel;
import io.neurostream.core.neuron.AdLifParams;
import io.neurostream.core.neuron.AdLifState;
import io.neurostream.core.neuron.IzhikevichKernel;
import io.neurostream.core.neuron.IzhikevichParams;
import io.neurostream.core.neuron.IzhikevichState;
import io.neurostream.core.neuron.LifKernel;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.neuron.LifState;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** One clock step of a population of each neuron model (ops/s = population steps per second). */
public class NeuronKernelBenchmark extends KernelBenchmark {
    @Param({"1000"})
    public int neurons;

    private LifKernel lif;
    private LifState lifState;
    private AdLifKernel adLif;
    private AdLifState adLifState;
    private IzhikevichKernel izh;
    private IzhikevichState izhState;
    private double[] driveMv;
    private double[] current;
    private int[] spiked;
    private long tMicros;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        driveMv = new double[neurons];
        current = new double[neurons];
        for (int i = 0; i < neurons; i++) {
            driveMv[i] = 15 + 15 * r.nextDouble();
            current[i] = 3 + 10 * r.nextDouble();
        }
        lif = new LifKernel(LifParams.brunel2000());
        lifState = new LifState(neurons, LifParams.brunel2000());
        AdLifParams ap = new AdLifParams(LifParams.brunel2000(), 100, 1.0);
        adLif = new AdLifKernel(ap);
        adLifState = new AdLifState(neurons, ap);
        izh = new IzhikevichKernel(IzhikevichParams.regularSpiking());
        izhState = new IzhikevichState(neurons, IzhikevichParams.regularSpiking());
        spiked = new int[neurons];
    }

    @Benchmark
    public int lifStep() {
        tMicros += 100;
        return lif.step(lifState, tMicros, 100, driveMv, null, spiked);
    }

    @Benchmark
    public int adLifStep() {
        tMicros += 100;
        return adLif.step(adLifState, tMicros, 100, driveMv, null, spiked);
    }

    /** One 0.5 ms step (two 0.25 ms Euler sub-steps). */
    @Benchmark
    public int izhikevichStep() {
        return izh.step(izhState, 500, current, spiked);
    }
}
