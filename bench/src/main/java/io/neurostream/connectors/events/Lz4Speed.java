package io.neurostream.connectors.events;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * The decoders of {@link Lz4Benchmark} timed by this thread's CPU time, interleaved round by round
 * (hand blocks, lz4-java, aircompressor, hand frames, then again), so that a loaded machine slows them
 * alike and their ratios hold: prints per decoder the median decompressed bytes per CPU second and its
 * ratio to our block decoder.
 *
 * <pre>java -cp ... -Dneurostream.data=../shared/data io.neurostream.connectors.events.Lz4Speed [rounds]</pre>
 */
public final class Lz4Speed {
    private Lz4Speed() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Lz4Benchmark b = new Lz4Benchmark();
        b.setUp();
        Lz4Benchmark.Counters c = new Lz4Benchmark.Counters();
        List<String> names = List.of("hand (blocks)", "lz4-java 1.14.0 safe", "aircompressor 2.0.3", "reader (Lz4Frames)",
                "lz4-java 1.14.0 JNI");
        List<ToIntFunction<Lz4Benchmark.Counters>> decoders = List.of(b::handBlocks, b::lz4JavaBlocks,
                b::aircompressorBlocks, b::handFrames, b::lz4JavaNativeBlocks);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<List<Double>> rates = new ArrayList<>();
        decoders.forEach(d -> rates.add(new ArrayList<>()));
        for (int round = -3; round < rounds; round++) { // 3 warm-up rounds
            for (int d = 0; d < decoders.size(); d++) {
                long bytes = 0;
                long start = cpu.getCurrentThreadCpuTime();
                for (int pass = 0; pass < 200; pass++) {
                    bytes += decoders.get(d).applyAsInt(c);
                }
                double seconds = (cpu.getCurrentThreadCpuTime() - start) / 1e9;
                if (round >= 0) {
                    rates.get(d).add(bytes / seconds);
                }
            }
        }
        double base = median(rates.get(0));
        for (int d = 0; d < decoders.size(); d++) {
            double m = median(rates.get(d));
            System.out.printf(Locale.ROOT, "%-22s %8.0f MB/s (CPU time, median of %d rounds; range %.0f-%.0f)  %.2fx hand blocks%n",
                    names.get(d), m / 1e6, rounds, min(rates.get(d)) / 1e6, max(rates.get(d)) / 1e6, m / base);
        }
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
