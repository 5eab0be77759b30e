package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.events.SpecWriters.Compression;
import io.neurostream.connectors.events.SpecWriters.Events;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formats without a real sample (AEDAT 2.0, AEDAT 3.1, .dat) and AEDAT 4 with every compression: files written per
 * the published layouts by {@link SpecWriters} read back to exactly the events written.
 */
class SpecFormatsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void aedat2DavisLayoutRoundTripsAndSkipsApsAndSpecialRecords() throws IOException {
        Events e = Events.random(1, 5_000, 346, 260, 1_000);
        Path f = dir.resolve("rec.aedat");
        SpecWriters.writeAedat2(f, e);
        assertDetectedAndReadBack(f, EventFormat.AEDAT2, new SensorGeometry(346, 260), e);
    }

    @Test
    void aedat31PolarityPacketsRoundTripAcrossTheTimeOverflow() throws IOException {
        Events e = Events.random(2, 5_000, 346, 260, (1L << 31) - 300_000);
        // packets must not straddle the 2^31 overflow: cut them at it
        Path f = dir.resolve("rec.aedat");
        int perPacket = 97;
        for (int i = 1; i < e.size(); i++) {
            if (e.t()[i] >>> 31 != e.t()[i - 1] >>> 31) {
                // shift events so the overflow falls on a packet boundary
                perPacket = i % 97 == 0 ? 97 : 1;
                break;
            }
        }
        SpecWriters.writeAedat31(f, e, perPacket);
        assertDetectedAndReadBack(f, EventFormat.AEDAT31, new SensorGeometry(346, 260), e);
    }

    @Test
    void datRoundTripsIncludingTheTimestampWrap() throws IOException {
        Events e = Events.random(3, 5_000, 640, 480, (1L << 32) - 50_000);
        Path f = dir.resolve("rec_td.dat");
        SpecWriters.writeDat(f, e, 640, 480);
        assertDetectedAndReadBack(f, EventFormat.DAT, new SensorGeometry(640, 480), e);
        assertThat(e.t()[e.size() - 1]).isGreaterThan(1L << 32);
    }

    @Test
    void aedat4RealEventsRoundTripThroughEveryCompression() throws IOException {
        Events real = Events.read(TestData.AEDAT4);
        for (Compression c : Compression.values()) {
            Path f = dir.resolve("synthetic-" + c + ".aedat4");
            SpecWriters.writeAedat4(f, real, c, 5_000, 320, 240);
            try (Aedat4Reader r = new Aedat4Reader(f)) {
                assertThat(r.compression().name()).startsWith(c.name());
                assertThat(r.geometry()).isEqualTo(new SensorGeometry(320, 240));
                assertSame(Events.read(r), real);
            }
        }
    }

    @Test
    void aedat4LargePacketsSpanSeveralLz4Blocks() throws IOException {
        Events e = Events.random(4, 20_000, 320, 240, 0);
        Path f = dir.resolve("big.aedat4");
        SpecWriters.writeAedat4(f, e, Compression.LZ4, 20_000, 320, 240); // 320 KB packet = 5 blocks
        assertSame(Events.read(f), e);
    }

    /** {@code f} is detected as {@code format} and reads back to {@code expected} with {@code geometry}. */
    private static void assertDetectedAndReadBack(Path f, EventFormat format, SensorGeometry geometry, Events expected)
            throws IOException {
        assertThat(EventFormats.detect(f)).isEqualTo(format);
        try (EventFileReader r = EventFormats.open(f)) {
            assertThat(r.geometry()).isEqualTo(geometry);
            assertSame(Events.read(r), expected);
        }
    }

    static void assertSame(Events actual, Events expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        // isEqualTo compares arrays with Arrays.equals (containsExactly is quadratic on large arrays)
        assertThat(actual.t()).isEqualTo(expected.t());
        assertThat(actual.x()).isEqualTo(expected.x());
        assertThat(actual.y()).isEqualTo(expected.y());
        assertThat(actual.on()).isEqualTo(expected.on());
    }
}
