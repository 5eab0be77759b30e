package io.neurostream.bench.events;

import io.neurostream.connectors.events.EventBuffer;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFormats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Companion driver to {@link EventFormatBenchmark} for shared machines: the same inputs and the same decode and
 * byte-copy loops, timed by this thread's CPU time as well as by wall time. CPU-time rates are events per
 * second of one core actually running the decoder, so they hold even when other processes compete for the cores
 * (wall-time rates then drop); on an idle machine both agree. Prints one line per format.
 *
 * <pre>java -Dneurostream.data=../shared/data -cp ... io.neurostream.bench.events.EventFormatSpeed [seconds]</pre>
 */
public final class EventFormatSpeed {
    private EventFormatSpeed() {}

    public static void main(String[] args) throws IOException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("event-speed");
        EventBuffer buffer = new EventBuffer(8192);
        byte[] in = new byte[1 << 20];
        byte[] out = new byte[1 << 20];
        System.out.printf(Locale.ROOT, "%-7s %10s %12s %14s %14s %14s %8s%n", "format", "events", "bytes",
                "decode ev/s", "decode ev/s", "copy ev/s", "copy/");
        System.out.printf(Locale.ROOT, "%-7s %10s %12s %14s %14s %14s %8s%n", "", "per file", "per file",
                "(CPU time)", "(wall time)", "(CPU time)", "decode");
        for (String format : new String[] {"NMNIST", "EVT2", "EVT3", "AEDAT4"}) {
            Path file = EventFormatBenchmark.input(format, dir);
            long events;
            try (EventFileReader r = EventFormats.open(file)) {
                events = r.forEach((t, x, y, on) -> { });
            }
            long sink = 0;
            // warm-up: both loops, same duration as a measurement
            sink += run(() -> EventFormatBenchmark.decodeOnce(file, buffer), seconds, mx)[2];
            sink += run(() -> EventFormatBenchmark.copyOnce(file, in, out), seconds, mx)[2];
            long[] decode = run(() -> EventFormatBenchmark.decodeOnce(file, buffer), seconds, mx);
            long[] copy = run(() -> EventFormatBenchmark.copyOnce(file, in, out), seconds, mx);
            double decodeCpu = decode[3] * (double) events / (decode[0] / 1e9);
            double decodeWall = decode[3] * (double) events / (decode[1] / 1e9);
            double copyCpu = copy[3] * (double) events / (copy[0] / 1e9);
            System.out.printf(Locale.ROOT, "%-7s %,10d %,12d %,14.0f %,14.0f %,14.0f %8.1f%s%n", format, events,
                    Files.size(file), decodeCpu, decodeWall, copyCpu, copyCpu / decodeCpu, sink == 42 ? " " : "");
        }
    }

    interface Op {
        long run() throws IOException;
    }

    /** Returns {cpuNanos, wallNanos, checksum, iterations}. */
    private static long[] run(Op op, double seconds, ThreadMXBean mx) throws IOException {
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long sum = 0;
        long iterations = 0;
        while (System.nanoTime() - wall0 < seconds * 1e9) {
            sum += op.run();
            iterations++;
        }
        return new long[] {mx.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - wall0, sum, iterations};
    }
}
