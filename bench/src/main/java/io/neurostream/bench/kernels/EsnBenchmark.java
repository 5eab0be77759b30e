package io.neurostream.bench.kernels;

import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** ESN steps per second (10% connectivity, one input), as in the Mackey-Glass set-up. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EsnBenchmark {
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
