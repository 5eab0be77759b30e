package io.neurostream.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** The per-sensor clocks behind the watermarks: the slowest active sensor rules; silent ones are forgotten. */
class SensorClockWatermarksTest {
    /** A record: sensor and the time up to which it is complete. */
    private record Packet(String sensor, long untilMicros) {}

    private static final class Times implements SensorClockWatermarks.CompleteUntil<Packet> {
        private static final long serialVersionUID = 1L;

        @Override
        public long timestampMicros(Packet p) {
            return p.untilMicros() - 1;
        }

        @Override
        public long completeUntilMicros(Packet p) {
            return p.untilMicros();
        }

        @Override
        public String streamKey(Packet p) {
            return p.sensor();
        }
    }

    private static final class Collected implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    @Test
    void inventedSensorIdsDoNotAccumulateAndTheWatermarkNeverGoesBack() throws Exception {
        long idleMillis = 50;
        var generator = new SensorClockWatermarks.Generator<>(new Times(), 0, idleMillis);
        Collected out = new Collected();
        for (int i = 0; i < 1000; i++) {
            generator.onEvent(new Packet("invented-" + i, 1_000 + i), 0, out);
        }
        assertThat(generator.streamCount()).isEqualTo(1000);
        generator.onPeriodicEmit(out);
        // the slowest sensor still active (which ones are depends on wall time): complete until 1000 at least
        assertThat(out.watermarks).singleElement().satisfies(w -> assertThat(w).isBetween(999L, 1_998L));

        Thread.sleep(SensorClockWatermarks.FORGET_AFTER_IDLE_TIMEOUTS * idleMillis + 50);
        generator.onEvent(new Packet("live", 500), 0, out); // behind the watermark already emitted
        generator.onPeriodicEmit(out);
        assertThat(generator.streamCount()).as("silent sensors forgotten").isEqualTo(1);
        assertThat(out.watermarks).as("never back").hasSize(1);
        generator.onEvent(new Packet("live", 5_000), 0, out);
        generator.onPeriodicEmit(out);
        assertThat(out.watermarks).hasSize(2).last().isEqualTo(4_999L);
    }
}
