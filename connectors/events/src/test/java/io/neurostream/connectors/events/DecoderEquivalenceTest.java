package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden checksums of every event, taken with the decoders of main at 0d38798 (before the issue-14 speed work),
 * so faster decoders must give exactly the same events: the real samples at several buffer capacities (vector
 * words and packets split across reads), and files several times larger than the read buffer (EVT 3.0 and EVT 2.0 bodies
 * repeated, so words straddle buffer refills at many phases) as the speed benchmark builds them.
 */
class DecoderEquivalenceTest {

    @TempDir
    Path dir;

    @Test
    void realSamplesAtEveryCapacity() throws IOException {
        for (int capacity : new int[] {EventBuffer.MIN_CAPACITY, 100, 1_000, 8192, 100_000}) {
            assertThat(RealSampleFilesTest.checksum(TestData.EVT3, capacity)).as("EVT3 " + capacity)
                    .containsExactly(219_596, -367_686_964_821_723_760L);
            assertThat(RealSampleFilesTest.checksum(TestData.AEDAT4, capacity)).as("AEDAT4 " + capacity)
                    .containsExactly(111_954, -8_537_841_508_220_600_257L);
            assertThat(RealSampleFilesTest.checksum(TestData.EVT2, capacity)).as("EVT2 " + capacity)
                    .containsExactly(521_252, 4_245_440_211_921_341_734L);
        }
    }

    @Test
    void evt3LargerThanTheReadBuffer() throws IOException {
        Path f = repeatBody(TestData.EVT3, 166, 7, dir.resolve("evt3x7.raw"));
        assertThat(Files.size(f)).isGreaterThan(4L * BufferedEventFileReader.DEFAULT_BUFFER_BYTES);
        assertThat(BufferedEventFileReader.SMALL_BUFFER_BYTES).isLessThanOrEqualTo(BufferedEventFileReader.DEFAULT_BUFFER_BYTES);
        assertThat(RealSampleFilesTest.checksum(f, 8192)).containsExactly(1_537_172, EVT3_X7);
        assertThat(RealSampleFilesTest.checksum(f, 1_000)).containsExactly(1_537_172, EVT3_X7);
    }

    @Test
    void evt3OddHeaderLengthLargerThanTheReadBuffer() throws IOException {
        // one more header byte shifts every word to an odd file offset (and buffer index)
        byte[] all = Files.readAllBytes(TestData.EVT3);
        Path f = dir.resolve("evt3odd.raw");
        try (OutputStream o = Files.newOutputStream(f)) {
            o.write(all, 0, 165);
            o.write(" \n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 3; i++) {
                o.write(all, 166, all.length - 166);
            }
        }
        assertThat(RealSampleFilesTest.checksum(f, 8192)).containsExactly(658_788, EVT3_X3);
    }

    @Test
    void evt2LargerThanTheReadBuffer() throws IOException {
        Path f = repeatBody(TestData.EVT2, 166, 3, dir.resolve("evt2x3.raw"));
        assertThat(RealSampleFilesTest.checksum(f, 8192)).containsExactly(1_563_756, EVT2_X3);
    }

    static final long EVT3_X7 = 7_632_335_477_629_711_498L;
    static final long EVT3_X3 = 225_781_015_104_467_598L;
    static final long EVT2_X3 = 3_534_314_053_028_272_464L;

    static Path repeatBody(Path src, int headerBytes, int times, Path out) throws IOException {
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
