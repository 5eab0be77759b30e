package io.neurostream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.SpikeBatch;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The invariants of schemas/README.md that {@link RecordChecks} enforces, at their edges. */
class RecordChecksTest {

    private static EventPacket packet(long start, long end, long... dts) {
        ByteBuffer events = PackedEvents.allocate(dts.length);
        for (long dt : dts) {
            PackedEvents.put(events, dt, 3, 4, true);
        }
        events.flip();
        return new EventPacket("s", 0L, 34, 34, start, end, dts.length, events, null);
    }

    private static SpikeBatch batch(long start, long end, int units, long... dts) {
        ByteBuffer spikes = PackedSpikes.allocate(dts.length);
        for (long dt : dts) {
            PackedSpikes.put(spikes, dt, 0);
        }
        spikes.flip();
        return new SpikeBatch("rat", 0L, start, end, units, dts.length, spikes, null);
    }

    @Test
    void aPacketCoveringNoTimeHoldsNoEvent() {
        // start == end: "every event is before endTimeMicros" leaves no room for any event
        assertThat(RecordChecks.check(packet(1000, 1000, 0))).isEqualTo(
                "event 0 at dtMicros 0 is not before endTimeMicros: the packet covers no time "
                        + "(startTimeMicros == endTimeMicros == 1000)");
        // as a heartbeat (no event) it is valid
        assertThat(RecordChecks.check(packet(1000, 1000))).isNull();
        // one µs of span holds events at dt 0 only
        assertThat(RecordChecks.check(packet(1000, 1001, 0, 0))).isNull();
        assertThat(RecordChecks.check(packet(1000, 1001, 0, 1))).isEqualTo(
                "event 1 at dtMicros 1 is not before endTimeMicros (span 1 µs)");
    }

    @Test
    void aBatchCoveringNoTimeHoldsNoSpike() {
        assertThat(RecordChecks.check(batch(5000, 5000, 4, 0))).isEqualTo(
                "spike 0 at dtMicros 0 is not before endTimeMicros: the batch covers no time "
                        + "(startTimeMicros == endTimeMicros == 5000)");
        assertThat(RecordChecks.check(batch(5000, 5000, 4))).isNull();
        assertThat(RecordChecks.check(batch(5000, 5010, 4, 0, 9))).isNull();
        assertThat(RecordChecks.check(batch(5000, 5010, 4, 0, 10))).isEqualTo(
                "spike 1 at dtMicros 10 is not before endTimeMicros (span 10 µs)");
    }

    @Test
    void absurdGeometriesAreRejected() {
        EventPacket p = packet(0, 10);
        p.setWidth(Integer.MAX_VALUE);
        assertThat(RecordChecks.check(p)).isEqualTo("geometry 2147483647x34 outside [1, 65535] x [1, 65535]");
        p.setWidth(-34);
        assertThat(RecordChecks.check(p)).isEqualTo("geometry -34x34 outside [1, 65535] x [1, 65535]");
        p.setWidth(0);
        assertThat(RecordChecks.check(p)).isEqualTo("geometry 0x34 outside [1, 65535] x [1, 65535]");
        p.setWidth(65_535);
        p.setHeight(65_535);
        assertThat(RecordChecks.check(p)).isEqualTo("geometry 65535x65535 has 4294836225 pixels, more than "
                + RecordChecks.MAX_SENSOR_PIXELS + " (4K UHD fits)");
        // the largest allowed: 4K UHD, and a line sensor
        p.setWidth(3840);
        p.setHeight(2160);
        assertThat(RecordChecks.check(p)).isNull();
        p.setWidth(65_535);
        p.setHeight(1);
        assertThat(RecordChecks.check(p)).isNull();
    }

    @Test
    void countsThatDoNotMatchThePayloadAreRejected() {
        EventPacket millions = packet(0, 10, 0);
        millions.setEventCount(5_000_000);
        assertThat(RecordChecks.check(millions)).isEqualTo(
                "events holds 9 bytes, expected 9 * eventCount = 45000000");
        EventPacket maxed = packet(0, 10, 0);
        maxed.setEventCount(Integer.MAX_VALUE);
        assertThat(RecordChecks.check(maxed)).isEqualTo(
                "events holds 9 bytes, expected 9 * eventCount = 19327352823");
        EventPacket negative = packet(0, 10);
        negative.setEventCount(-1);
        assertThat(RecordChecks.check(negative)).isEqualTo("eventCount -1 is negative");
        negative.setEventCount(Integer.MIN_VALUE);
        assertThat(RecordChecks.check(negative)).isEqualTo("eventCount -2147483648 is negative");

        SpikeBatch spikes = batch(0, 10, 4, 0);
        spikes.setSpikeCount(3_000_000);
        assertThat(RecordChecks.check(spikes)).isEqualTo("spikes holds 8 bytes, expected 8 * spikeCount = 24000000");
        spikes.setSpikeCount(-7);
        assertThat(RecordChecks.check(spikes)).isEqualTo("spikeCount -7 is negative");
    }

    @Test
    void absurdUnitCountsAreRejected() {
        SpikeBatch b = batch(0, 10, Integer.MAX_VALUE);
        assertThat(RecordChecks.check(b)).isEqualTo("unitCount 2147483647 outside [1, " + RecordChecks.MAX_UNITS + "]");
        b.setUnitCount(-3);
        assertThat(RecordChecks.check(b)).isEqualTo("unitCount -3 outside [1, " + RecordChecks.MAX_UNITS + "]");
        b.setUnitCount(RecordChecks.MAX_UNITS);
        assertThat(RecordChecks.check(b)).isNull();
        b.setUnitCount(RecordChecks.MAX_UNITS + 1);
        assertThat(RecordChecks.check(b)).isNotNull();
    }
}
