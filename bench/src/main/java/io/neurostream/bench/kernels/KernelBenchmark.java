package io.neurostream.bench.kernels;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings of the kernel benchmarks, inherited by each (JMH reads class annotations up the hierarchy):
 * throughput in ops/s, thread-scoped state, one fork, 3 warm-up and 5 measured iterations of 1 s. A subclass's own
 * annotations take precedence ({@link NetworkBenchmark}: 2 s iterations).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class KernelBenchmark {
}
