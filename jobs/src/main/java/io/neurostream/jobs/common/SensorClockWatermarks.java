package io.neurostream.jobs.common;

import java.io.Serializable;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks from the sensor/recording clock, in microseconds (our jobs use µs as Flink
 * timestamps). Each record says up to which time its stream is complete ({@link CompleteUntil});
 * the watermark trails the largest such time by a bounded disorder, and idle inputs stop holding
 * it back after {@code idleMillis} of wall time.
 */
public final class SensorClockWatermarks {
    private SensorClockWatermarks() {}

    /** Extracts a record's timestamp (µs) and the exclusive time (µs) up to which its stream is complete. */
    public interface CompleteUntil<T> extends Serializable {
        long timestampMicros(T record);

        long completeUntilMicros(T record);
    }

    public static <T> WatermarkStrategy<T> strategy(CompleteUntil<T> times, long disorderMicros, long idleMillis) {
        if (disorderMicros < 0) {
            throw new IllegalArgumentException("disorderMicros must be >= 0, got " + disorderMicros);
        }
        WatermarkStrategy<T> strategy = WatermarkStrategy
                .<T>forGenerator(ctx -> new Generator<>(times, disorderMicros))
                .withTimestampAssigner((record, previous) -> times.timestampMicros(record));
        return idleMillis > 0 ? strategy.withIdleness(java.time.Duration.ofMillis(idleMillis)) : strategy;
    }

    private static final class Generator<T> implements WatermarkGenerator<T> {
        private final CompleteUntil<T> times;
        private final long disorderMicros;
        private long maxCompleteMicros = Long.MIN_VALUE;

        Generator(CompleteUntil<T> times, long disorderMicros) {
            this.times = times;
            this.disorderMicros = disorderMicros;
        }

        @Override
        public void onEvent(T record, long eventTimestamp, WatermarkOutput output) {
            maxCompleteMicros = Math.max(maxCompleteMicros, times.completeUntilMicros(record));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (maxCompleteMicros != Long.MIN_VALUE) {
                output.emitWatermark(new Watermark(maxCompleteMicros - 1 - disorderMicros));
            }
        }
    }
}
