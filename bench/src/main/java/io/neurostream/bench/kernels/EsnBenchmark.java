package io.neurostream.bench.kernels;

import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** ESN steps per second (10% connectivity, one input), as in the Mackey-Glass set-up. */
public class EsnBenchmark extends KernelBenchmark {
    @Param({"100", "1000"})
    public int units;

    private Esn esn;
    private final double[] u = new double[1];
    private long t;

    @Setup
    public void setUp() {
        esn = new Esn(EsnParams.mackeyGlass(units, 1));
    }

    @Benchmark
    public double step() {
        u[0] = Math.sin(0.1 * t++);
        return esn.step(u)[0];
    }
}
