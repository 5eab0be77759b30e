package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.connectors.events.SpecWriters.Events;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.codec.PackedEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritersRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void nmnistWriteThenReadGivesTheSameEventsAndTheSameBytes() throws IOException {
        Events original = Events.read(TestData.NMNIST);
        Path f = dir.resolve("copy.bin");
        try (NmnistWriter w = new NmnistWriter(f)) {
            for (int i = 0; i < original.size(); i++) {
                w.write(original.t()[i], original.x()[i], original.y()[i], original.on()[i]);
            }
            assertThat(w.eventsWritten()).isEqualTo(4_325);
        }
        assertThat(Files.readAllBytes(f)).isEqualTo(Files.readAllBytes(TestData.NMNIST));
        SpecFormatsRoundTripTest.assertSame(Events.read(f), original);
    }

    @Test
    void nmnistLongRecordingsUseOverflowMarkers() throws IOException {
        Events e = Events.random(7, 3_000, 34, 34, (1L << 23) - 20_000);
        Path f = dir.resolve("long.bin");
        try (NmnistWriter w = new NmnistWriter(f)) {
            for (int i = 0; i < e.size(); i++) {
                w.write(e.t()[i], e.x()[i], e.y()[i], e.on()[i]);
            }
        }
        assertThat(Files.size(f)).isGreaterThan(5L * e.size()); // markers were needed
        SpecFormatsRoundTripTest.assertSame(Events.read(f), e);
    }

    @Test
    void nmnistWriterRefusesWhatTheFormatCannotHold() throws IOException {
        try (NmnistWriter w = new NmnistWriter(dir.resolve("bad.bin"))) {
            assertThatThrownBy(() -> w.write(0, 256, 0, true)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("x 256");
            assertThatThrownBy(() -> w.write(0, 0, 240, true)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void packetsPackAndUnpackToTheSameEventsForEveryRealFile() throws IOException {
        for (Path f : List.of(TestData.NMNIST, TestData.EVT2, TestData.EVT3, TestData.AEDAT4)) {
            Events expected = Events.read(f);
            List<EventPacket> packets = new ArrayList<>();
            try (EventFileReader r = EventFormats.open(f)) {
                PacketBuilder pb = PacketBuilder.builder().sensorId("cam").geometry(r.geometry()).maxEvents(1000)
                        .maxDurationMicros(5_000).sink(packets::add).build();
                assertThat(pb.packAll(r)).isEqualTo(expected.size());
            }
            Events actual = unpackAll(packets);
            SpecFormatsRoundTripTest.assertSame(actual, expected);
            checkPacketInvariants(packets, 1000, 5_000);
        }
    }

    @Test
    void countOnlyAndDurationOnlyCutsFollowTheirBounds() {
        Events e = Events.random(9, 10_000, 64, 64, 500);
        for (int[] cfg : new int[][] {{100, 0}, {4096, 1_000}, {1, 0}, {1 << 20, 250}}) {
            List<EventPacket> packets = new ArrayList<>();
            PacketBuilder pb = PacketBuilder.builder().sensorId("s").geometry(new SensorGeometry(64, 64))
                    .maxEvents(cfg[0]).maxDurationMicros(cfg[1]).firstSequence(5).sink(packets::add).build();
            for (int i = 0; i < e.size(); i++) {
                pb.accept(e.t()[i], e.x()[i], e.y()[i], e.on()[i]);
            }
            pb.finish();
            assertThat(packets.get(0).getSequence()).isEqualTo(5);
            SpecFormatsRoundTripTest.assertSame(unpackAll(packets), e);
            checkPacketInvariants(packets, cfg[0], cfg[1]);
        }
    }

    @Test
    void timeGoingBackwardsClosesThePacketSoTimesNeverDecreaseInside() {
        List<EventPacket> packets = new ArrayList<>();
        PacketBuilder pb = PacketBuilder.builder().sensorId("s").maxEvents(100).sink(packets::add).build();
        long[] times = {10, 20, 30, 25, 26, 5, 40};
        for (long t : times) {
            pb.accept(t, 1, 1, true);
        }
        pb.finish();
        assertThat(packets).hasSize(3);
        assertThat(packets.get(0).getEventCount()).isEqualTo(3);
        assertThat(packets.get(0).getEndTimeMicros()).isEqualTo(31);
        assertThat(packets.get(1).getStartTimeMicros()).isEqualTo(25);
        assertThat(packets.get(2).getStartTimeMicros()).isEqualTo(5);
        assertThat(packets.get(2).getEndTimeMicros()).isEqualTo(41);
        assertThat(unpackAll(packets).t()).isEqualTo(times);
    }

    @Test
    void packetBuilderSaysWhatIsMissing() {
        assertThatThrownBy(() -> PacketBuilder.builder().sink(p -> { }).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sensorId");
        assertThatThrownBy(() -> PacketBuilder.builder().sensorId("s").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sink");
        assertThatThrownBy(() -> PacketBuilder.builder().maxEvents(0)).isInstanceOf(IllegalArgumentException.class);
        PacketBuilder pb = PacketBuilder.builder().sensorId("s").geometry(new SensorGeometry(34, 34)).sink(p -> { })
                .build();
        assertThatThrownBy(() -> pb.accept(0, 34, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside geometry 34x34");
    }

    static Events unpackAll(List<EventPacket> packets) {
        List<long[]> rows = new ArrayList<>();
        for (EventPacket p : packets) {
            PacketBuilder.unpack(p, (t, x, y, on) -> rows.add(new long[] {t, x, y, on ? 1 : 0}));
        }
        Events e = new Events(new long[rows.size()], new int[rows.size()], new int[rows.size()], new boolean[rows.size()]);
        for (int i = 0; i < rows.size(); i++) {
            e.t()[i] = rows.get(i)[0];
            e.x()[i] = (int) rows.get(i)[1];
            e.y()[i] = (int) rows.get(i)[2];
            e.on()[i] = rows.get(i)[3] == 1;
        }
        return e;
    }

    /** Sequence +1, count bound, 9 bytes per event, events inside [start, start + duration), ends non-decreasing. */
    static void checkPacketInvariants(List<EventPacket> packets, int maxEvents, long maxDurationMicros) {
        long previousEnd = Long.MIN_VALUE;
        for (int i = 0; i < packets.size(); i++) {
            EventPacket p = packets.get(i);
            assertThat(p.getSequence()).isEqualTo(packets.get(0).getSequence() + i);
            assertThat(p.getEventCount()).isBetween(1, maxEvents);
            assertThat(p.getEvents().remaining()).isEqualTo(p.getEventCount() * PackedEvents.BYTES_PER_EVENT);
            assertThat(p.getStartTimeMicros()).isGreaterThanOrEqualTo(previousEnd);
            long lastT = p.getStartTimeMicros() + PackedEvents.dtMicros(PackedEvents.view(p.getEvents()), p.getEventCount() - 1);
            assertThat(p.getEndTimeMicros()).isGreaterThanOrEqualTo(lastT);
            if (maxDurationMicros > 0) {
                assertThat(lastT - p.getStartTimeMicros()).isLessThan(maxDurationMicros);
            }
            previousEnd = p.getEndTimeMicros();
        }
    }
}
