package io.neurostream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import java.nio.ByteBuffer;
import java.util.List;
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

    @Test
    void timesFarOutOfAnyClockAreRejectedSoNoWindowArithmeticCanOverflow() {
        // start + dt, window end = window start + width: near Long.MAX_VALUE these wrap around
        EventPacket late = packet(Long.MAX_VALUE - 50, Long.MAX_VALUE, 10);
        assertThat(RecordChecks.check(late)).isEqualTo("startTimeMicros " + (Long.MAX_VALUE - 50) + " outside [-2^62, 2^62] µs");
        EventPacket early = packet(Long.MIN_VALUE, 0);
        assertThat(RecordChecks.check(early)).isEqualTo("startTimeMicros " + Long.MIN_VALUE + " outside [-2^62, 2^62] µs");
        assertThat(RecordChecks.check(packet(RecordChecks.MAX_TIME_MICROS - 10, RecordChecks.MAX_TIME_MICROS, 3))).isNull();
        SpikeBatch b = batch(0, Long.MAX_VALUE, 4);
        assertThat(RecordChecks.check(b)).isEqualTo("endTimeMicros " + Long.MAX_VALUE + " outside [-2^62, 2^62] µs");
    }

    @Test
    void aPolarityOtherThanOnOrOffIsRejected() {
        ByteBuffer events = ByteBuffer.allocate(9).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        events.putInt(3).putShort((short) 1).putShort((short) 2).put((byte) 7).flip();
        EventPacket p = new EventPacket("s", 0L, 34, 34, 0L, 10L, 1, events, null);
        assertThat(RecordChecks.check(p)).isEqualTo("event 0 has polarity 7, expected 0 (OFF) or 1 (ON)");
    }

    @Test
    void limitsAreConfigurableAndNamedInTheReason() {
        RecordLimits limits = RecordLimits.defaults().withMaxEventsPerPacket(2).withMaxSensorPixels(34 * 34);
        assertThat(RecordChecks.check(packet(0, 10, 0, 1), limits)).isNull();
        assertThat(RecordChecks.check(packet(0, 10, 0, 1, 2), limits))
                .isEqualTo("eventCount 3 is more than 2 (--max-events-per-packet)");
        EventPacket wide = packet(0, 10);
        wide.setWidth(35);
        assertThat(RecordChecks.check(wide, limits)).isEqualTo("geometry 35x34 has 1190 pixels, more than 1156"
                + " (--max-sensor-pixels)");
        RecordLimits spikeLimits = RecordLimits.defaults().withMaxUnits(8).withMaxSpikesPerBatch(1);
        assertThat(RecordChecks.check(batch(0, 10, 9), spikeLimits)).isEqualTo("unitCount 9 outside [1, 8]");
        assertThat(RecordChecks.check(batch(0, 10, 8, 1, 2), spikeLimits))
                .isEqualTo("spikeCount 2 is more than 1 (--max-spikes-per-batch)");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> RecordLimits.defaults().withMaxUnits(0)))
                .hasMessageContaining("--max-units must be in [1, 4096], got 0");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> RecordLimits.defaults().withMaxRecordBytes(10)))
                .hasMessageContaining("--max-record-bytes");
    }

    @Test
    void labelsAreCheckedForWhatNoJobCanUse() {
        assertThat(RecordChecks.check(new Label("s", 0L, 0L, 100L, 3, List.of()))).isNull();
        assertThat(RecordChecks.check(new Label("s", 0L, 0L, 100L, null, List.of(0.5, -1.0)))).isNull();
        assertThat(RecordChecks.check(new Label("s", 0L, 500L, 100L, 3, List.of())))
                .isEqualTo("endTimeMicros 100 < startTimeMicros 500");
        assertThat(RecordChecks.check(new Label("s", 0L, 0L, 100L, -2, List.of()))).isEqualTo("classIndex -2 is negative");
        assertThat(RecordChecks.check(new Label("s", 0L, 0L, 100L, null, List.of(1.0, Double.NaN))))
                .isEqualTo("target[1] is NaN, not a finite number");
        assertThat(RecordChecks.check(new Label("s", 0L, 0L, Long.MAX_VALUE, 1, List.of())))
                .isEqualTo("endTimeMicros " + Long.MAX_VALUE + " outside [-2^62, 2^62] µs");
    }
}
