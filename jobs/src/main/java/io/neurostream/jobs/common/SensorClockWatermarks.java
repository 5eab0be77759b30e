package io.neurostream.jobs.common;

import java.io.Serializable;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks from the sensor/recording clock, in microseconds (our jobs use µs as Flink
 * timestamps). Each record says which stream (sensor, session) it belongs to and up to which time
 * that stream is complete ({@link CompleteUntil}).
 *
 * <p>Sensors do not share a clock (a camera's clock often counts from its power-on), so one
 * input may carry streams hours apart. The watermark therefore follows the slowest stream that is
 * still active: per stream the largest complete-until time, and the watermark is the smallest of
 * them minus the bounded disorder. A stream silent for {@code idleMillis} of wall time stops holding
 * the watermark back (and a wholly silent input is marked idle); without that rule the fastest
 * clock would close every other sensor's windows early and its events would all be late.
 */
public final class SensorClockWatermarks {
    private SensorClockWatermarks() {}

    /** Extracts a record's timestamp (µs) and the exclusive time (µs) up to which its stream is complete. */
    public interface CompleteUntil<T> extends Serializable {
        long timestampMicros(T record);

        long completeUntilMicros(T record);

        /** The stream (sensor, session) of the record: each has its own clock. */
        String streamKey(T record);
    }

    public static <T> WatermarkStrategy<T> strategy(CompleteUntil<T> times, long disorderMicros, long idleMillis) {
        if (disorderMicros < 0) {
            throw new IllegalArgumentException("disorderMicros must be >= 0, got " + disorderMicros);
        }
        WatermarkStrategy<T> strategy = WatermarkStrategy
                .<T>forGenerator(ctx -> new Generator<>(times, disorderMicros, idleMillis))
                .withTimestampAssigner((record, previous) -> times.timestampMicros(record));
        return idleMillis > 0 ? strategy.withIdleness(java.time.Duration.ofMillis(idleMillis)) : strategy;
    }

    /**
     * Streams silent for this many idle timeouts are forgotten (re-added when they send again): the
     * watermark only moves forward, so a stream that stopped holding it back long ago changes nothing,
     * and a producer inventing a sensor id per record cannot grow this map without bound.
     */
    static final int FORGET_AFTER_IDLE_TIMEOUTS = 10;

    static final class Generator<T> implements WatermarkGenerator<T> {
        private final CompleteUntil<T> times;
        private final long disorderMicros;
        private final long idleMillis;
        /** Per stream: [largest complete-until (µs), wall time of its last record (ms)]. */
        private final java.util.Map<String, long[]> streams = new java.util.HashMap<>();
        private long emittedMicros = Long.MIN_VALUE;

        Generator(CompleteUntil<T> times, long disorderMicros, long idleMillis) {
            this.times = times;
            this.disorderMicros = disorderMicros;
            this.idleMillis = idleMillis;
        }

        @Override
        public void onEvent(T record, long eventTimestamp, WatermarkOutput output) {
            long[] stream = streams.computeIfAbsent(times.streamKey(record), k -> new long[] {Long.MIN_VALUE, 0});
            stream[0] = Math.max(stream[0], times.completeUntilMicros(record));
            stream[1] = System.currentTimeMillis();
        }

        /** Streams the generator keeps a clock for (tests). */
        int streamCount() {
            return streams.size();
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long now = System.currentTimeMillis();
            long slowest = Long.MAX_VALUE;
            long fastest = Long.MIN_VALUE;
            var it = streams.values().iterator();
            while (it.hasNext()) {
                long[] stream = it.next();
                if (stream[0] == Long.MIN_VALUE) {
                    continue; // no completeness information yet (e.g. only controls)
                }
                fastest = Math.max(fastest, stream[0]);
                if (idleMillis > 0 && now - stream[1] > idleMillis) {
                    if (now - stream[1] > FORGET_AFTER_IDLE_TIMEOUTS * idleMillis) {
                        it.remove();
                    }
                    continue; // idle: it no longer holds the others back
                }
                slowest = Math.min(slowest, stream[0]);
            }
            long complete = slowest != Long.MAX_VALUE ? slowest : fastest;
            if (complete != Long.MIN_VALUE && complete - 1 - disorderMicros > emittedMicros) {
                emittedMicros = complete - 1 - disorderMicros;
                output.emitWatermark(new Watermark(emittedMicros));
            }
        }
    }
}
