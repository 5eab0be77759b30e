package io.neurostream.flink.dvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.schemas.codec.PackedEvents;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The event stages and the grid mapping of dvs-classify, on their own (no Flink). */
class SensorPipelineTest {
    private static final int W = 16;
    private static final int H = 12;

    /** One event: t (µs), x, y, and the polarity (raw) or input channel (output). */
    private record Ev(long t, int x, int y, int c) {}

    private static List<Ev> run(SensorPipeline pipeline, List<Ev> events, SensorPipeline.StageState state,
                                long[] feastLearned, EventTally tally) throws Exception {
        long start = events.get(0).t();
        ByteBuffer packed = PackedEvents.allocate(events.size());
        for (Ev e : events) {
            PackedEvents.put(packed, e.t() - start, e.x(), e.y(), e.c() == 1);
        }
        packed.flip();
        List<Ev> out = new ArrayList<>();
        pipeline.run(PackedEvents.view(packed), start, events.size(), state, feastLearned, tally,
                (t, x, y, c) -> out.add(new Ev(t, x, y, c)));
        return out;
    }

    private static List<Ev> run(EventStagesConfig stages, int gridW, int gridH, List<Ev> events, EventTally tally)
            throws Exception {
        SensorPipeline p = new SensorPipeline(stages, gridW, gridH);
        return run(p, events, p.adopt(null), new long[1], tally);
    }

    private static List<Ev> randomEvents(SplittableRandom random, long fromMicros, int n, int width, int height) {
        List<Ev> out = new ArrayList<>();
        long t = fromMicros;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(50);
            out.add(new Ev(t, random.nextInt(width), random.nextInt(height), random.nextInt(2)));
        }
        return out;
    }

    @Test
    void withoutStagesEveryEventReachesTheGridScaledFromTheSensorGeometry() throws Exception {
        // a 640x480 camera on a 34x34 grid: corners land on the grid's corners, nothing is lost
        EventStagesConfig none = EventStagesConfig.none().forSensor(640, 480);
        EventTally tally = new EventTally();
        List<Ev> out = run(none, 34, 34, List.of(new Ev(1, 0, 0, 1), new Ev(2, 639, 479, 0), new Ev(3, 320, 240, 1),
                new Ev(4, 18, 13, 0)), tally);
        assertThat(out).containsExactly(new Ev(1, 0, 0, 1), new Ev(2, 33, 33, 0), new Ev(3, 17, 17, 1),
                new Ev(4, 0, 0, 0));
        assertThat(tally.filtered()).isZero();
        // the sensor of the grid's own size maps to itself
        assertThat(run(EventStagesConfig.none().forSensor(34, 34), 34, 34, List.of(new Ev(5, 7, 30, 1)), tally))
                .containsExactly(new Ev(5, 7, 30, 1));
        // a smaller sensor is spread over the grid
        assertThat(run(EventStagesConfig.none().forSensor(17, 17), 34, 34, List.of(new Ev(5, 16, 1, 1)), tally))
                .containsExactly(new Ev(5, 32, 2, 1));
    }

    @Test
    void backgroundActivityFilterDropsIsolatedEventsAndRefractoryDropsRepeats() throws Exception {
        EventStagesConfig config = EventStagesConfig.checkOnly(W, H, 0).withBackgroundFilter(1_000, 1).withRefractory(500);
        EventTally tally = new EventTally();
        List<Ev> out = run(config, W, H, List.of(
                new Ev(1_000, 5, 5, 1),    // nothing around yet: noise
                new Ev(1_100, 6, 5, 1),    // neighbour fired 100 µs ago: passes
                new Ev(1_200, 5, 5, 1),    // neighbour (6,5) 100 µs ago: passes the noise filter...
                new Ev(1_300, 6, 5, 0),    // ...; (6,5) again after 200 µs: refractory
                new Ev(9_000, 0, 11, 1)),  // isolated: noise
                tally);
        assertThat(out).containsExactly(new Ev(1_100, 6, 5, 1), new Ev(1_200, 5, 5, 1));
        assertThat(tally.background).isEqualTo(2);
        assertThat(tally.refractory).isEqualTo(1);
    }

    @Test
    void regionOfInterestCropsAndDownsamplesThenTheGridTakesTheRegion() throws Exception {
        EventStagesConfig config = EventStagesConfig.checkOnly(W, H, 0).withRoi(4, 2, 8, 8, 2);
        assertThat(config.outWidth()).isEqualTo(4);
        assertThat(config.outHeight()).isEqualTo(4);
        EventTally tally = new EventTally();
        List<Ev> out = run(config, 4, 4, List.of(new Ev(1, 3, 5, 1), new Ev(2, 4, 2, 1), new Ev(3, 11, 9, 0),
                new Ev(4, 12, 9, 1)), tally);
        assertThat(out).containsExactly(new Ev(2, 0, 0, 1), new Ev(3, 3, 3, 0));
        assertThat(tally.outsideRoi).isEqualTo(2);
        // the same region on an 8x8 grid: each downsampled cell spreads to 2x2 grid cells, top-left used
        assertThat(run(config, 8, 8, List.of(new Ev(3, 11, 9, 0)), tally)).containsExactly(new Ev(3, 6, 6, 0));
    }

    @Test
    void aRegionThatDoesNotFitASensorFailsNamingIt() {
        EventStagesConfig config = EventStagesConfig.checkOnly(64, 64, 0).withRoi(40, 0, 20, 10, 1);
        assertThatThrownBy(() -> config.forSensor(34, 34)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not inside");
    }

    @Test
    void feastEmitsFeatureChannelsOnCellsAndFreezesAfterItsLearningBudget() throws Exception {
        EventStagesConfig config = EventStagesConfig.checkOnly(W, H, 0)
                .withFeast(8, 1, 20_000, 0.01, 0.01, 0.02, 2, 3_000, 11);
        assertThat(config.outWidth()).isEqualTo(8);
        assertThat(config.outHeight()).isEqualTo(6);
        assertThat(config.channelsPerCell()).isEqualTo(8);
        SensorPipeline pipeline = new SensorPipeline(config, 8, 6);
        SensorPipeline.StageState state = pipeline.adopt(null);
        long[] learned = new long[1];
        EventTally tally = new EventTally();
        SplittableRandom random = new SplittableRandom(4);
        int[] perFeature = new int[8];
        long t = 0;
        long out = 0;
        for (int p = 0; p < 10; p++) {
            List<Ev> evs = randomEvents(random, t, 500, W, H);
            t = evs.get(evs.size() - 1).t() + 1;
            for (Ev e : run(pipeline, evs, state, learned, tally)) {
                assertThat(e.x()).isBetween(0, 7);
                assertThat(e.y()).isBetween(0, 5);
                perFeature[e.c()]++;
                out++;
            }
        }
        assertThat(out).isPositive();
        assertThat(out + tally.noFeature).isEqualTo(5_000);
        assertThat(java.util.Arrays.stream(perFeature).filter(c -> c > 0).count()).isGreaterThan(1);
        assertThat(learned[0]).isEqualTo(3_000);
        var before = io.neurostream.flink.state.FeastStateSerializer.INSTANCE.copy(state.feast);
        run(pipeline, randomEvents(random, t, 500, W, H), state, learned, tally);
        assertThat(state.feast).isEqualTo(before);
    }

    @Test
    void stageStateOfAnotherGeometryIsReplacedNotMisread() {
        EventStagesConfig config = EventStagesConfig.checkOnly(W, H, 0).withBackgroundFilter(1_000, 1);
        SensorPipeline.StageState state = new SensorPipeline(config, 4, 4).adopt(null);
        assertThat(state.background.width).isEqualTo(W);
        SensorPipeline.StageState resized = new SensorPipeline(config.forSensor(40, 30), 4, 4).adopt(state);
        assertThat(resized.background.width).isEqualTo(40);
        assertThat(resized.background.height).isEqualTo(30);
    }

    @Test
    void badSettingsFailNamingTheField() {
        assertThatThrownBy(() -> EventStagesConfig.checkOnly(W, H, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disorderMicros");
        assertThatThrownBy(() -> EventStagesConfig.checkOnly(W, H, 0).withRoi(10, 0, 10, 4, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not inside");
        assertThatThrownBy(() -> EventStagesConfig.checkOnly(W, H, 0).withFeast(8, 0, 1e4, 0.01, 0, 0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius");
    }
}
