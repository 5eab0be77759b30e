package io.neurostream.schemas.codec;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The invariants schemas/README.md promises for each record, checked in one place. Each method
 * returns {@code null} when the record is valid, else a reason a producer's author can act on.
 *
 * <p>Sizes are checked before anything is read or allocated from them: a record claiming a
 * geometry, unit count or event count it does not carry is refused here, not by an allocation
 * failing downstream (the jobs size per-pixel and per-unit state from these fields). The sizes a
 * job accepts are its {@link RecordLimits} (defaults: {@link RecordLimits#defaults()}).
 *
 * <p>Times are bounded to {@code [-2^62, 2^62]} µs (±146,000 years): a window end, a timer or a
 * watermark computed from such a time cannot overflow a {@code long}, so no clock a producer sends
 * can make a job's time arithmetic wrap around.
 */
public final class RecordChecks {
    /** Widest and tallest sensor: x and y are uint16 on the wire (and the event stages' limit). */
    public static final int MAX_SENSOR_SIDE = 65_535;
    /** Most pixels of a sensor: 2^23, 4K UHD (3840 x 2160) fits; per-pixel state is sized from it. */
    public static final int MAX_SENSOR_PIXELS = 1 << 23;
    /** Most units (channels) of a session: the decoders hold state quadratic in it (RLS: units^2 doubles). */
    public static final int MAX_UNITS = 4096;
    /** Largest magnitude of a time (µs) in any record: 2^62. */
    public static final long MAX_TIME_MICROS = 1L << 62;

    private RecordChecks() {}

    public static String check(EventPacket packet) {
        return check(packet, RecordLimits.defaults());
    }

    public static String check(EventPacket packet, RecordLimits limits) {
        int width = packet.getWidth();
        int height = packet.getHeight();
        if (width < 1 || width > MAX_SENSOR_SIDE || height < 1 || height > MAX_SENSOR_SIDE) {
            return "geometry " + width + "x" + height + " outside [1, " + MAX_SENSOR_SIDE + "] x [1, "
                    + MAX_SENSOR_SIDE + "]";
        }
        if ((long) width * height > limits.maxSensorPixels()) {
            return "geometry " + width + "x" + height + " has " + (long) width * height + " pixels, more than "
                    + limits.maxSensorPixels() + (limits.maxSensorPixels() == MAX_SENSOR_PIXELS ? " (4K UHD fits)"
                    : " (--max-sensor-pixels)");
        }
        String time = timeAndCount(packet.getStartTimeMicros(), packet.getEndTimeMicros(), "eventCount",
                packet.getEventCount());
        if (time != null) {
            return time;
        }
        ByteBuffer events = packet.getEvents();
        int count = PackedEvents.countOf(events.remaining());
        if (count != packet.getEventCount()) {
            return "events holds " + events.remaining() + " bytes, expected 9 * eventCount = "
                    + 9L * packet.getEventCount();
        }
        if (count > limits.maxEventsPerPacket()) {
            return "eventCount " + count + " is more than " + limits.maxEventsPerPacket() + " (--max-events-per-packet)";
        }
        if (PackedEvents.allValid(events, count, width, height, packet.getEndTimeMicros() - packet.getStartTimeMicros())) {
            return null;
        }
        // a problem: the loop below names the first bad event
        ByteBuffer view = PackedEvents.view(events);
        long previous = 0;
        for (int i = 0; i < count; i++) {
            long dt = PackedEvents.dtMicros(view, i);
            int x = PackedEvents.x(view, i);
            int y = PackedEvents.y(view, i);
            if (x >= width || y >= height) {
                return "event " + i + " at (" + x + ", " + y + ") is outside the " + width + "x" + height + " sensor";
            }
            if (dt < previous) {
                return "event " + i + " time goes back: dtMicros " + dt + " after " + previous;
            }
            int polarity = view.get(i * PackedEvents.BYTES_PER_EVENT + 8) & 0xFF;
            if (polarity > 1) {
                return "event " + i + " has polarity " + polarity + ", expected 0 (OFF) or 1 (ON)";
            }
            String late = notBeforeEnd("event", "packet", i, dt, packet.getStartTimeMicros(), packet.getEndTimeMicros());
            if (late != null) {
                return late;
            }
            previous = dt;
        }
        return null;
    }

    public static String check(SpikeBatch batch) {
        return check(batch, RecordLimits.defaults());
    }

    public static String check(SpikeBatch batch, RecordLimits limits) {
        String time = timeAndCount(batch.getStartTimeMicros(), batch.getEndTimeMicros(), "spikeCount",
                batch.getSpikeCount());
        if (time != null) {
            return time;
        }
        if (batch.getUnitCount() < 1 || batch.getUnitCount() > limits.maxUnits()) {
            return "unitCount " + batch.getUnitCount() + " outside [1, " + limits.maxUnits() + "]";
        }
        ByteBuffer spikes = batch.getSpikes();
        int count = PackedSpikes.countOf(spikes.remaining());
        if (count != batch.getSpikeCount()) {
            return "spikes holds " + spikes.remaining() + " bytes, expected 8 * spikeCount = " + 8L * batch.getSpikeCount();
        }
        if (count > limits.maxSpikesPerBatch()) {
            return "spikeCount " + count + " is more than " + limits.maxSpikesPerBatch() + " (--max-spikes-per-batch)";
        }
        ByteBuffer view = PackedSpikes.view(spikes);
        long previous = 0;
        for (int i = 0; i < count; i++) {
            long dt = PackedSpikes.dtMicros(view, i);
            int unit = PackedSpikes.unitIndex(view, i);
            if (unit < 0 || unit >= batch.getUnitCount()) {
                return "spike " + i + " has unit " + unit + " outside [0, " + batch.getUnitCount() + ")";
            }
            if (dt < previous) {
                return "spike " + i + " time goes back: dtMicros " + dt + " after " + previous;
            }
            String late = notBeforeEnd("spike", "batch", i, dt, batch.getStartTimeMicros(), batch.getEndTimeMicros());
            if (late != null) {
                return late;
            }
            previous = dt;
        }
        return null;
    }

    /**
     * What every job needs of a label, whatever it learns: a window in time order within the time
     * bounds, no negative class, finite target values. Whether the label fits the job (a class of
     * its readout, a target of its decoder's length) is the job's check.
     */
    public static String check(Label label) {
        String time = times(label.getStartTimeMicros(), label.getEndTimeMicros());
        if (time != null) {
            return time;
        }
        Integer classIndex = label.getClassIndex();
        if (classIndex != null && classIndex < 0) {
            return "classIndex " + classIndex + " is negative";
        }
        List<Double> target = label.getTarget();
        for (int i = 0; target != null && i < target.size(); i++) {
            Double v = target.get(i);
            if (v == null || !Double.isFinite(v)) {
                return "target[" + i + "] is " + v + ", not a finite number";
            }
        }
        return null;
    }

    private static String timeAndCount(long start, long end, String countField, int count) {
        String time = times(start, end);
        if (time != null) {
            return time;
        }
        if (count < 0) {
            return countField + " " + count + " is negative";
        }
        return null;
    }

    private static String times(long start, long end) {
        if (start < -MAX_TIME_MICROS || start > MAX_TIME_MICROS) {
            return "startTimeMicros " + start + " outside [-2^62, 2^62] µs";
        }
        if (end < -MAX_TIME_MICROS || end > MAX_TIME_MICROS) {
            return "endTimeMicros " + end + " outside [-2^62, 2^62] µs";
        }
        if (end < start) {
            return "endTimeMicros " + end + " < startTimeMicros " + start;
        }
        return null;
    }

    /**
     * Every event (spike) is before endTimeMicros: {@code dt < end - start}. The span is compared
     * unsigned, so it cannot overflow; a packet with {@code start == end} holds no event at all.
     */
    private static String notBeforeEnd(String item, String record, int index, long dt, long start, long end) {
        long span = end - start;
        if (Long.compareUnsigned(dt, span) < 0) {
            return null;
        }
        if (span == 0) {
            return item + " " + index + " at dtMicros " + dt + " is not before endTimeMicros: the " + record
                    + " covers no time (startTimeMicros == endTimeMicros == " + end + ")";
        }
        return item + " " + index + " at dtMicros " + dt + " is not before endTimeMicros (span " + span + " µs)";
    }
}
