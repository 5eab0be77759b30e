package io.neurostream.bench.events;

import io.neurostream.connectors.events.EventBuffer;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.events.NmnistWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding speed per event-camera format, single thread, file in the page cache, against a plain byte copy of the
 * same file through the same channel (the ratio to beat). Both report the aux counter {@code events}: for the copy it
 * is the file's event count, so "copy events/s" is how fast decoding would be if it cost nothing beyond reading.
 *
 * <p>Inputs are built from the real samples in shared/data: N-MNIST = all 1,100 nmnist-small recordings written
 * back to back into one file (4.5 M events, 22.6 MB); EVT 2.0 and EVT 3.0 = the sample's data repeated after its
 * header (10× and 30×); AEDAT 4 = the real LZ4 sample as is (112 k events).
 *
 * <pre>
 * java -cp bench.jar:... org.openjdk.jmh.Main EventFormatBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EventFormatBenchmark {

    @Param({"NMNIST", "EVT2", "EVT3", "AEDAT4"})
    public String format;

    private Path dir;
    private Path file;
    private long fileEvents;
    private long fileBytes;
    private final EventBuffer buffer = new EventBuffer(8192);
    private final byte[] copyIn = new byte[1 << 20];
    private final byte[] copyOut = new byte[1 << 20];

    /** Events and bytes handled, reported per second by JMH. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long events;
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("event-bench");
        file = input(format, dir);
        fileBytes = Files.size(file);
        try (EventFileReader r = EventFormats.open(file)) {
            fileEvents = r.forEach((t, x, y, on) -> { });
        }
    }

    /** Builds (in {@code dir}) or finds the input file of a format; data from {@code -Dneurostream.data}. */
    static Path input(String format, Path dir) throws IOException {
        Path data = Path.of(System.getProperty("neurostream.data", "../shared/data")).resolve("event-camera");
        Path file;
        switch (format) {
            case "NMNIST":
                file = dir.resolve("nmnist-all.bin");
                writeAllNmnist(data.resolve("nmnist-small"), file);
                break;
            case "EVT2":
                file = repeatBody(data.resolve("evt2/evt2.raw"), 166, 10, dir.resolve("evt2x10.raw"));
                break;
            case "EVT3":
                file = repeatBody(data.resolve("evt3/evt3_sample.raw"), 166, 30, dir.resolve("evt3x30.raw"));
                break;
            case "AEDAT4":
                file = data.resolve("aedat4/sample.aedat4");
                break;
            default:
                throw new IllegalArgumentException(format);
        }
        return file;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** Decodes the whole file; returns a checksum so nothing is optimised away. */
    @Benchmark
    public long decode(Counters counters) throws IOException {
        long sum = decodeOnce(file, buffer);
        counters.events += fileEvents;
        counters.bytes += fileBytes;
        return sum;
    }

    /** Reads the same file through a FileChannel into a heap buffer and copies it once more: the floor. */
    @Benchmark
    public long byteCopy(Counters counters) throws IOException {
        long sum = copyOnce(file, copyIn, copyOut);
        counters.events += fileEvents;
        counters.bytes += fileBytes;
        return sum;
    }

    static long decodeOnce(Path file, EventBuffer buffer) throws IOException {
        long sum = 0;
        try (EventFileReader r = EventFormats.open(file)) {
            int n;
            while ((n = r.read(buffer)) > 0) {
                sum += buffer.tMicros[n - 1] + buffer.x[n - 1] + n;
            }
        }
        return sum;
    }

    static long copyOnce(Path file, byte[] copyIn, byte[] copyOut) throws IOException {
        long sum = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.wrap(copyIn);
            int n;
            while ((n = ch.read(bb.clear())) > 0) {
                System.arraycopy(copyIn, 0, copyOut, 0, n);
                sum += copyOut[n - 1];
            }
        }
        return sum;
    }

    private static void writeAllNmnist(Path folder, Path out) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().endsWith(".bs2")).sorted().collect(Collectors.toList());
        }
        // each recording keeps its own clock (restarting near 0), exactly as in the .bs2 files: no overflow markers
        try (NmnistWriter w = new NmnistWriter(out)) {
            EventBuffer buf = new EventBuffer(8192);
            for (Path f : files) {
                try (EventFileReader r = EventFormats.open(f)) {
                    int n;
                    while ((n = r.read(buf)) > 0) {
                        w.write(buf);
                    }
                }
            }
        }
    }

    private static Path repeatBody(Path src, int headerBytes, int times, Path out) throws IOException {
        byte[] all = Files.readAllBytes(src);
        byte[] body = Arrays.copyOfRange(all, headerBytes, all.length);
        try (OutputStream o = Files.newOutputStream(out)) {
            o.write(all, 0, headerBytes);
            for (int i = 0; i < times; i++) {
                o.write(body);
            }
        }
        return out;
    }
}
