package io.neurostream.connectors.events;

import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * LZ4 decoding of the real AEDAT 4 sample's packets (DV writes one LZ4 frame per packet): our hand-written block
 * decoder ({@link Lz4Frames#decodeBlock}, still used for linked continuation blocks) against the block decoders of
 * lz4-java 1.14.0 (the maintained fork: its pure-Java safe decompressor and its JNI binding of the reference C
 * decoder) and aircompressor 2.0.3 ({@code Lz4Decompressor}), each fed the same blocks. Neither library decodes DV's
 * frames by itself (lz4-java's frame stream refuses linked blocks, aircompressor has no frame decoder), so the frame
 * header is parsed once in setup and only the blocks are timed; {@code handFrames} times whole frames as the reader
 * decodes them ({@link Lz4Frames#decode}: our frame layer, standalone blocks by its default decoder).
 * Each benchmark reports the aux counter {@code bytes}: decompressed bytes per second. Package of
 * {@link Lz4Frames} (package-private) so that it is called exactly as the reader calls it.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat /tmp/bench.cp) org.openjdk.jmh.Main Lz4Benchmark -jvmArgsAppend -Dneurostream.data=...
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class Lz4Benchmark {
    /** One compressed block that decodes on its own: where it is in the file. */
    record Block(int offset, int length) {}

    /** Where one frame is in the file, and its decompressed size. */
    record Frame(int offset, int length, int decodedLength) {}

    private byte[] file;
    private final List<Frame> frames = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private byte[] out;
    private GrowableBytes growable;
    private long decodedBytes;
    private final LZ4SafeDecompressor lz4Java = LZ4Factory.safeInstance().safeDecompressor();
    /** lz4-java's JNI binding of the reference C decoder ({@code LZ4_decompress_safe}), bundled for linux/amd64. */
    private final LZ4SafeDecompressor lz4JavaNative = LZ4Factory.nativeInstance().safeDecompressor();
    private final Lz4Decompressor aircompressor = new Lz4Decompressor();

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path data = Path.of(System.getProperty("neurostream.data", "../shared/data"));
        file = Files.readAllBytes(data.resolve("event-camera/aedat4/sample.aedat4"));
        growable = new GrowableBytes(1 << 20, 64 << 20);
        int maxDecoded = 0;
        // DV's packets are LZ4 frames; find them by their magic and keep those our decoder accepts whole
        for (int i = 0; i + 4 <= file.length; i++) {
            if (Lz4Frames.le32(file, i) != Lz4Frames.MAGIC) {
                continue;
            }
            int end = nextMagicOrEnd(i + 4);
            int frameLength = frameLength(i, end);
            if (frameLength < 0) {
                continue;
            }
            int decoded;
            try {
                decoded = Lz4Frames.decode(file, i, frameLength, growable);
            } catch (CorruptDataException e) {
                continue;
            }
            frames.add(new Frame(i, frameLength, decoded));
            maxDecoded = Math.max(maxDecoded, decoded);
            collectBlocks(i, frameLength);
            i += frameLength - 1;
        }
        if (frames.isEmpty()) {
            throw new IllegalStateException("no LZ4 frame found in the AEDAT 4 sample");
        }
        out = new byte[maxDecoded + 64];
        // every decoder must give what ours gives, block by block
        for (Block b : blocks) {
            int ours = Lz4Frames.decodeBlock(file, b.offset(), b.offset() + b.length(), out, 0, out.length);
            byte[] expected = java.util.Arrays.copyOf(out, ours);
            int theirs = lz4Java.decompress(file, b.offset(), b.length(), out, 0, out.length);
            check(expected, out, theirs, "lz4-java");
            int nat = lz4JavaNative.decompress(file, b.offset(), b.length(), out, 0, out.length);
            check(expected, out, nat, "lz4-java native");
            int air = aircompressor.decompress(file, b.offset(), b.length(), out, 0, out.length);
            check(expected, out, air, "aircompressor");
            decodedBytes += ours;
        }
        System.out.printf("%n%d frames, %d blocks, %d bytes decoded per pass%n", frames.size(), blocks.size(),
                decodedBytes);
    }

    private static void check(byte[] expected, byte[] got, int length, String who) {
        if (length != expected.length || !java.util.Arrays.equals(expected, 0, length, got, 0, length)) {
            throw new IllegalStateException(who + " decodes a block differently");
        }
    }

    private int nextMagicOrEnd(int from) {
        for (int i = from; i + 4 <= file.length; i++) {
            if (Lz4Frames.le32(file, i) == Lz4Frames.MAGIC) {
                return i;
            }
        }
        return file.length;
    }

    /** The frame's length from its header and block sizes (up to its end mark and checksum), or -1. */
    private int frameLength(int start, int limit) {
        int p = start + 4;
        if (p + 3 > limit) {
            return -1;
        }
        int flg = file[p] & 0xFF;
        p += 2 + ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0) + 1;
        while (p + 4 <= file.length) {
            int raw = Lz4Frames.le32(file, p);
            p += 4;
            if (raw == 0) {
                return p + ((flg & 0x04) != 0 ? 4 : 0) - start;
            }
            p += (raw & 0x7FFF_FFFF) + ((flg & 0x10) != 0 ? 4 : 0);
        }
        return -1;
    }

    private void collectBlocks(int start, int length) {
        int p = start + 4;
        int flg = file[p] & 0xFF;
        // linked blocks (FLG bit 5 clear) may refer back into the previous block: only a frame's first stands alone
        p += 2 + ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0) + 1;
        boolean first = true;
        while (p < start + length) {
            int raw = Lz4Frames.le32(file, p);
            p += 4;
            if (raw == 0) {
                break;
            }
            int size = raw & 0x7FFF_FFFF;
            if (raw > 0 && (first || (flg & 0x20) != 0)) {
                blocks.add(new Block(p, size));
            }
            first = false;
            p += size + ((flg & 0x10) != 0 ? 4 : 0);
        }
    }

    @Benchmark
    public int handFrames(Counters c) {
        int total = 0;
        for (Frame f : frames) {
            total += Lz4Frames.decode(file, f.offset(), f.length(), growable);
        }
        c.bytes += total;
        return total;
    }

    @Benchmark
    public int handBlocks(Counters c) {
        int total = 0;
        for (Block b : blocks) {
            total += Lz4Frames.decodeBlock(file, b.offset(), b.offset() + b.length(), out, 0, out.length);
        }
        c.bytes += total;
        return total;
    }

    @Benchmark
    public int lz4JavaBlocks(Counters c) {
        int total = 0;
        for (Block b : blocks) {
            total += lz4Java.decompress(file, b.offset(), b.length(), out, 0, out.length);
        }
        c.bytes += total;
        return total;
    }

    @Benchmark
    public int aircompressorBlocks(Counters c) {
        int total = 0;
        for (Block b : blocks) {
            total += aircompressor.decompress(file, b.offset(), b.length(), out, 0, out.length);
        }
        c.bytes += total;
        return total;
    }

    @Benchmark
    public int lz4JavaNativeBlocks(Counters c) {
        int total = 0;
        for (Block b : blocks) {
            total += lz4JavaNative.decompress(file, b.offset(), b.length(), out, 0, out.length);
        }
        c.bytes += total;
        return total;
    }
}
