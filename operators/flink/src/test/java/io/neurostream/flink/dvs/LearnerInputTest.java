package io.neurostream.flink.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.lsm.LiquidParams;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * What reaches the dvs-classify learner: sensors of any geometry, input going back in time, the
 * event stages inside the keyed operator, and the accounting of every event.
 */
class LearnerInputTest {
    private static final long WINDOW = 10_000;
    private static final LiquidParams GRID_8 = new LiquidParams(8, 8, 40, 0.8, 4, 1.0, 12.0, 4, 2.0, -4.0, 5.0, 20.0,
            1.0, 2, 5L);
    private static final DvsClassifyConfig RAW = new DvsClassifyConfig(GRID_8, WINDOW, 2, 1.0, 1.0, 50_000, 0);

    /** One event: t (µs), x, y, on. */
    private record Ev(long t, int x, int y, boolean on) {}

    private static KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> harness(
            DvsClassifyConfig config) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new LiquidClassifierFunction(config, "dvs-classify", "dvs.events", "labels")),
                EventPacket::getSensorId, Label::getStreamId, Types.STRING);
        h.open();
        return h;
    }

    private static EventPacket packet(String sensor, long seq, int width, int height, List<Ev> events, long end) {
        long start = events.isEmpty() ? end - 1 : events.get(0).t();
        ByteBuffer packed = PackedEvents.allocate(events.size());
        for (Ev e : events) {
            PackedEvents.put(packed, e.t() - start, e.x(), e.y(), e.on());
        }
        packed.flip();
        return new EventPacket(sensor, seq, width, height, start, end, events.size(), packed, 5L);
    }

    private static void push(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> h,
                             EventPacket p) throws Exception {
        h.processElement1(new StreamRecord<>(p, p.getStartTimeMicros()));
    }

    private static List<Prediction> predictions(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> h) {
        List<Prediction> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof Prediction p) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<DeadLetter> deadLetters(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> h) {
        List<DeadLetter> out = new ArrayList<>();
        var side = h.getSideOutput(LiquidClassifierFunction.DEAD_LETTERS);
        if (side != null) {
            for (StreamRecord<DeadLetter> r : side) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    private static List<Ev> randomEvents(SplittableRandom random, long fromMicros, int n, int width, int height) {
        List<Ev> out = new ArrayList<>();
        long t = fromMicros;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(20);
            out.add(new Ev(t, random.nextInt(width), random.nextInt(height), random.nextBoolean()));
        }
        return out;
    }

    private static long usedEvents(List<Prediction> predictions) {
        return predictions.stream().mapToLong(Prediction::getEventCount).sum();
    }

    @Test
    void sensorsOfAnyGeometryFeedTheSameLiquidAndEveryEventIsUsed() throws Exception {
        try (var h = harness(RAW)) {
            SplittableRandom random = new SplittableRandom(3);
            long sent = 0;
            // a VGA camera, an HD camera and one smaller than the grid, two windows each
            int[][] geometries = {{640, 480}, {1280, 720}, {5, 3}};
            for (int[] g : geometries) {
                String sensor = "cam" + g[0];
                List<Ev> first = randomEvents(random, 100, 300, g[0], g[1]);
                List<Ev> second = randomEvents(random, WINDOW + 100, 300, g[0], g[1]);
                push(h, packet(sensor, 0, g[0], g[1], first, WINDOW));
                push(h, packet(sensor, 1, g[0], g[1], second, 2 * WINDOW));
                sent += first.size() + second.size();
            }
            List<Prediction> out = predictions(h);
            assertThat(out).hasSize(6);
            assertThat(usedEvents(out)).isEqualTo(sent);
            assertThat(out).extracting(Prediction::getStreamId).containsOnly("cam640", "cam1280", "cam5");
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void inputGoingBackInTimeNeverKillsTheOperatorAndLateEventsAreCountedNotUsed() throws Exception {
        try (var h = harness(RAW)) {
            // two valid packets, the second starting 3 ms before the end of the first (same window)
            push(h, packet("cam", 0, 8, 8, List.of(new Ev(1_000, 1, 1, true), new Ev(6_000, 2, 2, true)), 6_001));
            push(h, packet("cam", 1, 8, 8, List.of(new Ev(3_000, 1, 1, true), new Ev(3_500, 1, 2, false)), 3_501));
            // a packet 100 ms back, into a window long gone, after the first window closed
            push(h, packet("cam", 2, 8, 8, List.of(new Ev(12_000, 3, 3, true)), 20_000));
            push(h, packet("cam", 3, 8, 8, List.of(new Ev(5_000, 3, 3, true), new Ev(21_000, 4, 4, true)), 30_000));
            List<Prediction> out = predictions(h);
            assertThat(out).extracting(Prediction::getWindowStartMicros).containsExactly(0L, 10_000L, 20_000L);
            assertThat(out.get(0).getEventCount()).isEqualTo(4);
            assertThat(out.get(1).getEventCount()).isEqualTo(1);
            assertThat(out.get(2).getEventCount()).isEqualTo(1); // the event at 5 ms was late
        }
    }

    @Test
    void stagesRunInsideTheLearnerAndRejectPacketsTooFarBackToDeadLetters() throws Exception {
        DvsClassifyConfig staged = RAW.withStages(EventStagesConfig.checkOnly(34, 34, 1_000));
        try (var h = harness(staged)) {
            push(h, packet("cam", 0, 16, 12, List.of(new Ev(5_000, 1, 1, true), new Ev(5_500, 2, 3, false)), 5_501));
            push(h, packet("cam", 1, 16, 12, List.of(new Ev(4_600, 4, 4, true)), 4_601)); // 900 µs back: tolerated
            push(h, packet("cam", 2, 16, 12, List.of(new Ev(4_400, 5, 5, true)), 4_401)); // 1100 µs back: rejected
            push(h, packet("other", 0, 16, 12, List.of(new Ev(100, 5, 5, true)), 101)); // own clock
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getReason()).contains("time goes back").contains("packet 2").contains("1100 µs");
            assertThat(dead.get(0).getSourceTopic()).isEqualTo("dvs.events");
            byte[] value = new byte[dead.get(0).getValue().remaining()];
            dead.get(0).getValue().duplicate().get(value);
            assertThat(SingleObjectCodec.of(EventPacket.class).decode(value).getSequence()).isEqualTo(2L);
            List<Prediction> out = predictions(h);
            assertThat(out).extracting(Prediction::getStreamId).containsExactlyInAnyOrder("cam", "other");
            assertThat(usedEvents(out)).isEqualTo(4);
        }
    }

    @Test
    void aRegionOfInterestThatDoesNotFitASensorDeadLettersItsPacketsAndOthersCarryOn() throws Exception {
        DvsClassifyConfig config = RAW.withStages(EventStagesConfig.checkOnly(64, 64, EventStagesConfig.NO_ORDER_CHECK)
                .withRoi(40, 0, 20, 10, 1));
        try (var h = harness(config)) {
            push(h, packet("small", 0, 34, 34, List.of(new Ev(100, 1, 1, true)), WINDOW));
            push(h, packet("big", 0, 128, 128, List.of(new Ev(100, 45, 5, true), new Ev(200, 1, 1, true)), WINDOW));
            assertThat(deadLetters(h)).singleElement().extracting(DeadLetter::getReason).asString()
                    .contains("do not fit sensor small (34x34)");
            assertThat(predictions(h)).singleElement().extracting(Prediction::getEventCount).isEqualTo(1L);
        }
    }

    @Test
    void perSensorRegionsOverrideTheCommonOne() throws Exception {
        DvsClassifyConfig config = RAW.withSensorRois(java.util.Map.of("left", new DvsClassifyConfig.SensorRoi(0, 0, 10, 10)));
        try (var h = harness(config)) {
            List<Ev> evs = List.of(new Ev(100, 1, 1, true), new Ev(200, 50, 50, true));
            push(h, packet("left", 0, 100, 100, evs, WINDOW));
            push(h, packet("whole", 0, 100, 100, evs, WINDOW));
            List<Prediction> out = predictions(h);
            assertThat(out).extracting(Prediction::getStreamId).containsExactly("left", "whole");
            assertThat(out).extracting(Prediction::getEventCount).containsExactly(1L, 2L);
        }
    }

    @Test
    void withStagesOnASnapshotRestoresToTheSamePredictionsAsAnUninterruptedRun() throws Exception {
        DvsClassifyConfig config = RAW.withStages(EventStagesConfig.checkOnly(16, 12, 200).withBackgroundFilter(2_000, 1)
                .withRefractory(100).withFeast(8, 1, 10_000, 0.01, 0.01, 0.02, 1, 10_000, 3));
        List<EventPacket> packets = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(8);
        long t = 0;
        for (int p = 0; p < 12; p++) {
            List<Ev> evs = randomEvents(random, t, 400, 16, 12);
            t = evs.get(evs.size() - 1).t() + 1;
            packets.add(packet(p % 2 == 0 ? "a" : "b", p, 16, 12, evs, t));
        }
        List<Prediction> uninterrupted;
        try (var h = harness(config)) {
            for (EventPacket p : packets) {
                push(h, p);
            }
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            uninterrupted = predictions(h);
        }
        OperatorSubtaskState snapshot;
        List<Prediction> resumed;
        try (var h = harness(config)) {
            for (EventPacket p : packets.subList(0, 6)) {
                push(h, p);
            }
            resumed = new ArrayList<>(predictions(h));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new LiquidClassifierFunction(config, "dvs-classify", "dvs.events", "labels")),
                EventPacket::getSensorId, Label::getStreamId, Types.STRING)) {
            h.initializeState(snapshot);
            h.open();
            for (EventPacket p : packets.subList(6, 12)) {
                push(h, p);
            }
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            resumed.addAll(predictions(h));
        }
        assertThat(uninterrupted).isNotEmpty();
        assertThat(usedEvents(uninterrupted)).isPositive();
        assertThat(resumed).extracting(Prediction::getScores).isEqualTo(
                uninterrupted.stream().map(Prediction::getScores).toList());
        assertThat(resumed).extracting(Prediction::getEventCount).isEqualTo(
                uninterrupted.stream().map(Prediction::getEventCount).toList());
    }
}
