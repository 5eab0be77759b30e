package io.neurostream.bench.kernels;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/** The JMH settings of the network benchmarks: those of {@link KernelBenchmark}, with 2 s iterations. */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class NetworkBenchmark extends KernelBenchmark {
}
