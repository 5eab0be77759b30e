package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every real sample file in shared/data decodes to the counts documented in shared/data/README.md. */
class RealSampleFilesTest {

    @Test
    void nmnistSampleMatchesTheDocumentedCounts() throws IOException {
        assertThat(EventFormats.detect(TestData.NMNIST)).isEqualTo(EventFormat.NMNIST);
        EventFileSummary s = summary(TestData.NMNIST);
        assertThat(s.events()).isEqualTo(4_325);
        assertThat(s.onEvents()).isEqualTo(2_145);
        assertThat(s.offEvents()).isEqualTo(2_180);
        assertThat(s.firstTMicros()).isEqualTo(654);
        assertThat(s.lastTMicros()).isEqualTo(311_175);
        assertThat(s.timeDecreases()).isZero();
        assertThat(new int[] {s.minX(), s.maxX(), s.minY(), s.maxY()}).containsExactly(0, 33, 0, 33);
        assertThat(s.geometry()).isEqualTo(new SensorGeometry(34, 34));
    }

    @Test
    void nmnistSmallTrainAndTestSetsMatchTheDocumentedTotals() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(TestData.NMNIST_SMALL)) {
            files = list.filter(p -> p.toString().endsWith(".bs2")).sorted().collect(Collectors.toList());
        }
        assertThat(files).hasSize(1_100);
        long train = 0;
        long test = 0;
        long decreases = 0;
        int maxCoordinate = 0;
        for (Path f : files) {
            assertThat(EventFormats.detect(f)).isEqualTo(EventFormat.NMNIST);
            EventFileSummary s = summary(f);
            int id = Integer.parseInt(f.getFileName().toString().replace(".bs2", ""));
            if (id <= 1000) {
                train += s.events();
            } else {
                test += s.events();
            }
            decreases += s.timeDecreases();
            maxCoordinate = Math.max(maxCoordinate, Math.max(s.maxX(), s.maxY()));
            assertThat(s.lastTMicros()).isLessThanOrEqualTo(336_040);
        }
        assertThat(train).isEqualTo(4_133_231);
        assertThat(test).isEqualTo(385_596);
        assertThat(decreases).isZero();
        assertThat(maxCoordinate).isEqualTo(33);
    }

    @Test
    void aedat4SampleMatchesTheDocumentedCounts() throws IOException {
        assertThat(EventFormats.detect(TestData.AEDAT4)).isEqualTo(EventFormat.AEDAT4);
        try (Aedat4Reader r = new Aedat4Reader(TestData.AEDAT4)) {
            assertThat(r.compression()).isEqualTo(Aedat4Reader.Compression.LZ4);
            assertThat(r.eventStreamIds()).containsExactly(0);
            assertThat(r.geometry()).isEqualTo(new SensorGeometry(320, 240));
        }
        EventFileSummary s = summary(TestData.AEDAT4);
        assertThat(s.events()).isEqualTo(111_954);
        assertThat(s.onEvents()).isEqualTo(55_023);
        assertThat(s.offEvents()).isEqualTo(56_931);
        assertThat(s.firstTMicros()).isEqualTo(1_605_537_493_718_345L);
        assertThat(s.lastTMicros()).isEqualTo(1_605_537_494_308_262L);
        assertThat(s.durationMicros()).isEqualTo(589_917);
        assertThat(s.timeDecreases()).isZero();
        assertThat(new int[] {s.minX(), s.maxX(), s.minY(), s.maxY()}).containsExactly(0, 319, 0, 239);
    }

    @Test
    void evt2SampleMatchesTheDocumentedCounts() throws IOException {
        assertThat(EventFormats.detect(TestData.EVT2)).isEqualTo(EventFormat.EVT2);
        EventFileSummary s = summary(TestData.EVT2);
        assertThat(s.events()).isEqualTo(521_252);
        assertThat(s.onEvents()).isEqualTo(185_861);
        assertThat(s.offEvents()).isEqualTo(335_391);
        assertThat(s.firstTMicros()).isEqualTo(913_716_224L);
        assertThat(s.lastTMicros()).isEqualTo(913_812_095L);
        assertThat(s.timeDecreases()).isZero();
        assertThat(new int[] {s.minX(), s.maxX(), s.minY(), s.maxY()}).containsExactly(0, 639, 0, 479);
        // no geometry line: 640x480 is inferred from the Gen3 plugin name
        assertThat(s.geometry()).isEqualTo(new SensorGeometry(640, 480));
    }

    @Test
    void evt3SampleMatchesTheDocumentedCountsWithSpecTime() throws IOException {
        assertThat(EventFormats.detect(TestData.EVT3)).isEqualTo(EventFormat.EVT3);
        EventFileSummary s = summary(TestData.EVT3);
        assertThat(s.events()).isEqualTo(219_596);
        assertThat(s.onEvents()).isEqualTo(115_532);
        assertThat(s.offEvents()).isEqualTo(104_064);
        assertThat(s.firstTMicros()).isEqualTo(11_718_656L);
        assertThat(s.lastTMicros()).isEqualTo(11_727_457L);
        assertThat(s.timeDecreases()).isZero();
        assertThat(new int[] {s.minX(), s.maxX(), s.minY(), s.maxY()}).containsExactly(0, 1279, 0, 719);
        assertThat(s.geometry()).isEqualTo(new SensorGeometry(1280, 720));
    }

    @Test
    void evt3XYPolarityEqualTheReferenceDecodeRecordForRecord() throws IOException {
        ByteBuffer npy = ByteBuffer.wrap(Files.readAllBytes(TestData.EVT3_NPY)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = npy.getShort(8) & 0xFFFF;
        int data = 10 + headerLen;
        assertThat(data).isEqualTo(192);
        int records = (npy.capacity() - data) / 16;
        assertThat(records).isEqualTo(219_596);
        int[] index = {0};
        int[] mismatches = {0};
        long[] previousRefT = {Long.MIN_VALUE};
        long[] refTimeJumps = {0};
        try (EventFileReader r = EventFormats.open(TestData.EVT3)) {
            long n = r.forEach((t, x, y, on) -> {
                int p = data + 16 * index[0]++;
                long refT = npy.getLong(p);
                if (npy.getShort(p + 8) != x || npy.getShort(p + 10) != y || (npy.get(p + 12) != 0) != on) {
                    mismatches[0]++;
                }
                // the reference time runs ahead of the spec time by whole 4096 us steps only
                assertThat((refT - t) % 4096).isZero();
                if (previousRefT[0] != Long.MIN_VALUE && refT - previousRefT[0] >= 4096) {
                    refTimeJumps[0]++;
                }
                previousRefT[0] = refT;
            });
            assertThat(n).isEqualTo(records);
        }
        assertThat(mismatches[0]).isZero();
        assertThat(refTimeJumps[0]).isEqualTo(11);
    }

    @Test
    void geometryCanBeOverridden() throws IOException {
        SensorGeometry g = new SensorGeometry(1280, 800);
        try (EventFileReader r = EventFormats.open(TestData.EVT2, g)) {
            assertThat(r.geometry()).isEqualTo(g);
        }
        try (EventFileReader r = EventFormats.open(TestData.NMNIST, g)) {
            assertThat(r.geometry()).isEqualTo(g);
        }
        try (EventFileReader r = EventFormats.open(TestData.AEDAT4, g)) {
            assertThat(r.geometry()).isEqualTo(g);
        }
    }

    @Test
    void smallBuffersGiveTheSameEventsAsLargeOnes() throws IOException {
        for (Path f : List.of(TestData.NMNIST, TestData.EVT2, TestData.EVT3, TestData.AEDAT4)) {
            long[] small = checksum(f, EventBuffer.MIN_CAPACITY);
            long[] large = checksum(f, 100_000);
            assertThat(small).as(f.toString()).containsExactly(large);
        }
    }

    /**
     * Golden: every event of each real sample, bit for bit, as decoded before the readers shared their batch loop
     * ({@link BufferedEventFileReader#readRecords}); small and large buffers alike.
     */
    @Test
    void realSamplesDecodeToTheGoldenChecksums() throws IOException {
        assertThat(checksum(TestData.NMNIST, 8192)).containsExactly(4_325, 895_866_672_708_352_995L);
        assertThat(checksum(TestData.EVT2, 8192)).containsExactly(521_252, 4_245_440_211_921_341_734L);
        for (int capacity : new int[] {EventBuffer.MIN_CAPACITY, 8192}) {
            assertThat(checksum(TestData.EVT3, capacity)).containsExactly(219_596, -367_686_964_821_723_760L);
        }
        assertThat(checksum(TestData.AEDAT4, 8192)).containsExactly(111_954, -8_537_841_508_220_600_257L);
    }

    static long[] checksum(Path f, int capacity) throws IOException {
        long count = 0;
        long hash = 17;
        try (EventFileReader r = EventFormats.open(f)) {
            EventBuffer buf = new EventBuffer(capacity);
            int n;
            while ((n = r.read(buf)) > 0) {
                assertThat(n).isLessThanOrEqualTo(capacity).isEqualTo(buf.size);
                for (int i = 0; i < n; i++) {
                    hash = hash * 31 + buf.tMicros[i];
                    hash = hash * 31 + buf.x[i];
                    hash = hash * 31 + buf.y[i];
                    hash = hash * 31 + (buf.on[i] ? 1 : 0);
                }
                count += n;
            }
            assertThat(r.bytePosition()).isEqualTo(r.sizeBytes());
        }
        return new long[] {count, hash};
    }

    static EventFileSummary summary(Path f) throws IOException {
        try (EventFileReader r = EventFormats.open(f)) {
            return EventFileSummary.of(r, 1_000);
        }
    }
}
