package io.neurostream.schemas.codec;

import java.io.Serializable;

/**
 * Per-record limits a job enforces before it keeps anything a record claims: a message over
 * {@code maxRecordBytes} is refused before it is decoded; the geometry, event, unit and spike counts
 * a decoded record claims are checked by {@link RecordChecks} before any per-pixel or per-unit state
 * is sized from them. Each limit is a job option (its name is in the reason of a refusal), so a
 * deployment can lower them to what its sensors really send.
 *
 * @param maxRecordBytes largest message (bytes, header included): {@code --max-record-bytes}
 * @param maxEventsPerPacket most events in one EventPacket: {@code --max-events-per-packet}
 * @param maxSensorPixels most pixels (width x height) of a sensor, at most {@link RecordChecks#MAX_SENSOR_PIXELS}:
 *     {@code --max-sensor-pixels}
 * @param maxUnits most units of a spike session, at most {@link RecordChecks#MAX_UNITS}: {@code --max-units}
 * @param maxSpikesPerBatch most spikes in one SpikeBatch: {@code --max-spikes-per-batch}
 */
public record RecordLimits(int maxRecordBytes, int maxEventsPerPacket, int maxSensorPixels, int maxUnits,
                           int maxSpikesPerBatch) implements Serializable {
    /** Smallest allowed {@code maxRecordBytes}: a header and a few fields. */
    public static final int MIN_RECORD_BYTES = 64;
    /** Default largest message: 16 MiB (Kafka's own default is 1 MB per message). */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;
    /** Default most events per packet: 2^20 (9 MiB of packed events). */
    public static final int DEFAULT_MAX_EVENTS_PER_PACKET = 1 << 20;
    /** Default most spikes per batch: 2^20 (8 MiB of packed spikes). */
    public static final int DEFAULT_MAX_SPIKES_PER_BATCH = 1 << 20;

    public RecordLimits {
        check("max-record-bytes", maxRecordBytes, MIN_RECORD_BYTES, Integer.MAX_VALUE - 8);
        check("max-events-per-packet", maxEventsPerPacket, 1, Integer.MAX_VALUE / PackedEvents.BYTES_PER_EVENT);
        check("max-sensor-pixels", maxSensorPixels, 1, RecordChecks.MAX_SENSOR_PIXELS);
        check("max-units", maxUnits, 1, RecordChecks.MAX_UNITS);
        check("max-spikes-per-batch", maxSpikesPerBatch, 1, Integer.MAX_VALUE / 8);
    }

    private static void check(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + option + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    public static RecordLimits defaults() {
        return new RecordLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_EVENTS_PER_PACKET, RecordChecks.MAX_SENSOR_PIXELS,
                RecordChecks.MAX_UNITS, DEFAULT_MAX_SPIKES_PER_BATCH);
    }

    public RecordLimits withMaxRecordBytes(long bytes) {
        return new RecordLimits(asInt("max-record-bytes", bytes), maxEventsPerPacket, maxSensorPixels, maxUnits,
                maxSpikesPerBatch);
    }

    public RecordLimits withMaxEventsPerPacket(long events) {
        return new RecordLimits(maxRecordBytes, asInt("max-events-per-packet", events), maxSensorPixels, maxUnits,
                maxSpikesPerBatch);
    }

    public RecordLimits withMaxSensorPixels(long pixels) {
        return new RecordLimits(maxRecordBytes, maxEventsPerPacket, asInt("max-sensor-pixels", pixels), maxUnits,
                maxSpikesPerBatch);
    }

    public RecordLimits withMaxUnits(long units) {
        return new RecordLimits(maxRecordBytes, maxEventsPerPacket, maxSensorPixels, asInt("max-units", units),
                maxSpikesPerBatch);
    }

    public RecordLimits withMaxSpikesPerBatch(long spikes) {
        return new RecordLimits(maxRecordBytes, maxEventsPerPacket, maxSensorPixels, maxUnits,
                asInt("max-spikes-per-batch", spikes));
    }

    private static int asInt(String option, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + option + " must fit an int, got " + value);
        }
        return (int) value;
    }

    /** Null if a message of {@code bytes} is within {@link #maxRecordBytes}, else the reason. */
    public String checkSize(int bytes) {
        return bytes <= maxRecordBytes ? null
                : "message of " + bytes + " bytes is larger than " + maxRecordBytes + " (--max-record-bytes)";
    }
}
