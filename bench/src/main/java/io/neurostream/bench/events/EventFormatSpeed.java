package io.neurostream.bench.events;

import io.neurostream.connectors.events.EventBuffer;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFormats;
import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Companion driver to {@link EventFormatBenchmark} for shared machines: the same inputs and the same decode and
 * byte-copy loops, timed by this thread's CPU time as well as by wall time. CPU-time rates are events per
 * second of one core actually running the decoder, so they hold even when other processes compete for the cores
 * (wall-time rates then drop); on an idle machine both agree.
 *
 * <p>With {@code --baseline=JAR} (a {@code neurostream-connectors-events} jar of an earlier commit) the earlier
 * decoders run in the same JVM on the same files: decode, baseline decode and byte copy are interleaved round by
 * round, so a load change on the machine slows all three alike and the ratios hold. Both decoders are then loaded
 * by class loaders of their own (today's from this class path), so neither is compiled with the profile of the
 * set-up code that built the inputs: with today's readers in the application loader, identical code measured
 * 0.82-1.00x of itself on N-MNIST. Prints per format the median rate over the rounds (range in brackets) and the
 * ratios.
 *
 * <pre>
 * java -Dneurostream.data=../shared/data -cp ... io.neurostream.bench.events.EventFormatSpeed [seconds]
 *      [--rounds=5] [--formats=EVT3,AEDAT4] [--baseline=/path/neurostream-connectors-events-OLD.jar]
 * </pre>
 */
public final class EventFormatSpeed {
    private EventFormatSpeed() {}

    public static void main(String[] args) throws Throwable {
        double seconds = 2;
        int rounds = 5;
        List<String> formats = List.of("NMNIST", "EVT2", "EVT3", "AEDAT4");
        Path baselineJar = null;
        for (String a : args) {
            if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--formats=")) {
                formats = Arrays.asList(a.substring(10).split(","));
            } else if (a.startsWith("--baseline=")) {
                baselineJar = Path.of(a.substring(11));
            } else {
                seconds = Double.parseDouble(a);
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("event-speed");
        EventBuffer buffer = new EventBuffer(8192);
        byte[] in = new byte[1 << 20];
        byte[] out = new byte[1 << 20];
        Baseline baseline = baselineJar == null ? null : new Baseline(baselineJar);
        Baseline current = baselineJar == null ? null : new Baseline(currentEventsJar());
        System.out.printf(Locale.ROOT, "%d rounds of %.1f s per loop, medians (min-max) in M events/s of CPU time%s%n",
                rounds, seconds, baseline == null ? "" : "; baseline " + baselineJar.getFileName());
        System.out.printf(Locale.ROOT, "%-7s %10s %11s | %-17s %7s | %-17s %8s | %-19s %8s%n", "format", "events",
                "bytes", "decode", "wall", "baseline", "decode/", "byte copy", "copy/");
        System.out.printf(Locale.ROOT, "%-7s %10s %11s | %-17s %7s | %-17s %8s | %-19s %8s%n", "", "per file",
                "per file", "", "", "", "baseline", "", "decode");
        long sink = 0;
        for (String format : formats) {
            Path file = EventFormatBenchmark.input(format, dir);
            long events;
            try (EventFileReader r = EventFormats.open(file)) {
                events = r.forEach((t, x, y, on) -> { });
            }
            List<Op> ops = new ArrayList<>();
            if (current == null) {
                ops.add(() -> EventFormatBenchmark.decodeOnce(file, buffer));
            } else {
                ops.add(() -> current.decodeOnce(file));
            }
            ops.add(() -> EventFormatBenchmark.copyOnce(file, in, out));
            if (baseline != null) {
                long[] check = {current.decodeOnce(file), baseline.decodeOnce(file)};
                if (check[0] != check[1]) {
                    throw new IllegalStateException(format + ": baseline decodes differently (" + check[1] + " vs "
                            + check[0] + ")");
                }
                ops.add(() -> baseline.decodeOnce(file));
            }
            List<List<Double>> cpuRates = new ArrayList<>();
            List<Double> wallRates = new ArrayList<>();
            ops.forEach(o -> cpuRates.add(new ArrayList<>()));
            for (int round = -1; round < rounds; round++) { // round -1 warms every loop up
                for (int o = 0; o < ops.size(); o++) {
                    long[] r = run(ops.get(o), seconds, mx);
                    sink += r[2];
                    if (round >= 0) {
                        cpuRates.get(o).add(r[3] * (double) events / (r[0] / 1e9));
                        if (o == 0) {
                            wallRates.add(r[3] * (double) events / (r[1] / 1e9));
                        }
                    }
                }
            }
            double decode = median(cpuRates.get(0));
            double copy = median(cpuRates.get(1));
            String base = "";
            String ratio = "";
            if (baseline != null) {
                double b = median(cpuRates.get(2));
                base = range(cpuRates.get(2));
                ratio = String.format(Locale.ROOT, "%.2f", decode / b);
            }
            System.out.printf(Locale.ROOT, "%-7s %,10d %,11d | %-17s %7.1f | %-17s %8s | %-19s %8.1f%s%n", format,
                    events, Files.size(file), range(cpuRates.get(0)), median(wallRates) / 1e6, base, ratio,
                    range(cpuRates.get(1)), copy / decode, sink == 42 ? " " : "");
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

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }

    private static String range(List<Double> v) {
        double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.1f (%.0f-%.0f)", median(v) / 1e6, min / 1e6, max / 1e6);
    }

    /** Today's connectors-events jar (or classes folder) on this class path. */
    private static Path currentEventsJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("connectors-events") || entry.contains("connectors/events")) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException("no connectors-events jar on the class path");
    }

    /**
     * The readers of a connectors-events jar, in their own class loader (parent: the platform loader, so
     * none of today's classes leak in; their libraries come from this JVM's class path), driven exactly like
     * {@link EventFormatBenchmark#decodeOnce}: open, read into a reused 8,192-event buffer, close.
     */
    static final class Baseline {
        private final MethodHandle open;
        private final MethodHandle read;
        private final MethodHandle close;
        private final Object buffer;
        private final long[] t;
        private final int[] x;

        Baseline(Path jar) throws Exception {
            List<URL> urls = new ArrayList<>();
            urls.add(jar.toAbsolutePath().toUri().toURL());
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                // everything but today's readers (the events jar or its classes folder, and bench's own classes)
                if (!entry.contains("connectors-events") && !entry.contains("connectors/events")
                        && !entry.contains("bench/target/classes") && !entry.isEmpty()) {
                    urls.add(Path.of(entry).toUri().toURL());
                }
            }
            ClassLoader loader = new URLClassLoader("baseline-events", urls.toArray(URL[]::new),
                    ClassLoader.getPlatformClassLoader());
            Class<?> formats = Class.forName("io.neurostream.connectors.events.EventFormats", true, loader);
            Class<?> reader = Class.forName("io.neurostream.connectors.events.EventFileReader", true, loader);
            Class<?> bufferClass = Class.forName("io.neurostream.connectors.events.EventBuffer", true, loader);
            if (formats.getClassLoader() != loader) {
                throw new IllegalStateException("baseline classes not loaded from " + jar);
            }
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            open = lookup.findStatic(formats, "open", MethodType.methodType(reader, Path.class))
                    .asType(MethodType.methodType(Object.class, Path.class));
            read = lookup.findVirtual(reader, "read", MethodType.methodType(int.class, bufferClass))
                    .asType(MethodType.methodType(int.class, Object.class, Object.class));
            close = lookup.findVirtual(reader, "close", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            buffer = bufferClass.getConstructor(int.class).newInstance(8192);
            t = (long[]) bufferClass.getField("tMicros").get(buffer);
            x = (int[]) bufferClass.getField("x").get(buffer);
        }

        /** Same checksum as {@link EventFormatBenchmark#decodeOnce}. */
        long decodeOnce(Path file) throws IOException {
            try {
                Object r = (Object) open.invokeExact(file);
                long sum = 0;
                try {
                    int n;
                    while ((n = (int) read.invokeExact(r, buffer)) > 0) {
                        sum += t[n - 1] + x[n - 1] + n;
                    }
                } finally {
                    close.invokeExact(r);
                }
                return sum;
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
