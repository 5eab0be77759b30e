package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.connectors.events.Lz4Frames.BlockDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Both decoders of standalone LZ4 blocks (lz4-java's JNI binding, the default where it loads, and aircompressor,
 * the fallback) decode every frame of the real AEDAT 4 sample and spec-written multi-block frames to the same
 * bytes, and turn corrupt blocks into {@link CorruptDataException}s.
 */
class Lz4FramesTest {

    @Test
    void theNativeDecoderIsTheDefaultOnLinuxAmd64() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            assertThat(Lz4Frames.DEFAULT).isEqualTo(BlockDecoder.LZ4_JAVA_JNI);
        }
    }

    @Test
    void bothBlockDecodersGiveTheSameBytesOnTheRealSampleAndMultiBlockFrames() throws IOException {
        if (Lz4Frames.DEFAULT != BlockDecoder.LZ4_JAVA_JNI) {
            return; // nothing to compare against
        }
        byte[] file = Files.readAllBytes(TestData.AEDAT4);
        int frames = 0;
        long bytes = 0;
        // packets (int32 stream, uint32 size, payload) from the first one (README layout) to the data table
        for (int p = 2334; p + 8 <= file.length; ) {
            int size = Lz4Frames.le32(file, p + 4);
            if (size <= 0 || p + 8L + size > file.length || Lz4Frames.le32(file, p + 8) != Lz4Frames.MAGIC) {
                break;
            }
            byte[] jni = decode(file, p + 8, size, BlockDecoder.LZ4_JAVA_JNI);
            assertThat(decode(file, p + 8, size, BlockDecoder.AIRCOMPRESSOR)).isEqualTo(jni);
            frames++;
            bytes += jni.length;
            p += 8 + size;
        }
        assertThat(frames).isEqualTo(118); // 59 polarity and 59 other packets
        assertThat(bytes).isEqualTo(1_819_152);
        byte[] raw = new byte[300_000]; // 5 independent 64 KB blocks, compressible
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < raw.length; ) { // runs of a few values: compresses, with matches of every length
            byte v = (byte) r.nextInt(4);
            for (int k = r.nextInt(1, 24); k > 0 && i < raw.length; k--) {
                raw[i++] = v;
            }
        }
        byte[] frame = SpecWriters.compress(raw, SpecWriters.Compression.LZ4);
        assertThat(decode(frame, 0, frame.length, BlockDecoder.LZ4_JAVA_JNI)).isEqualTo(raw);
        assertThat(decode(frame, 0, frame.length, BlockDecoder.AIRCOMPRESSOR)).isEqualTo(raw);
    }

    @Test
    void corruptBlocksAreCorruptDataForBothDecoders() throws IOException {
        byte[] file = Files.readAllBytes(TestData.AEDAT4);
        int at = 2334 + 8; // first packet payload (README layout)
        int size = Lz4Frames.le32(file, at - 4);
        byte[] bad = Arrays.copyOfRange(file, at, at + size);
        Arrays.fill(bad, 7, 400, (byte) 0xFF);
        for (BlockDecoder d : BlockDecoder.values()) {
            if (d == BlockDecoder.LZ4_JAVA_JNI && Lz4Frames.DEFAULT != d) {
                continue;
            }
            assertThatThrownBy(() -> decode(bad, 0, bad.length, d)).as(d.toString())
                    .isInstanceOf(CorruptDataException.class).hasMessageContaining("LZ4");
        }
    }

    private static byte[] decode(byte[] src, int off, int len, BlockDecoder d) {
        GrowableBytes out = new GrowableBytes(1 << 16, 64 << 20);
        int n = Lz4Frames.decode(src, off, len, out, d);
        return Arrays.copyOf(out.data, n);
    }
}
