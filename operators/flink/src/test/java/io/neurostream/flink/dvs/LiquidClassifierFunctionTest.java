package io.neurostream.flink.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.lsm.LiquidParams;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.ByteBuffers;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LiquidClassifierFunctionTest {
    private static final long WINDOW = 10_000;
    static final DvsClassifyConfig CONFIG = new DvsClassifyConfig(
            new LiquidParams(8, 8, 40, 0.8, 4, 1.0, 12.0, 4, 2.0, -4.0, 5.0, 20.0, 1.0, 2, 5L),
            WINDOW, 2, 1.0, 1.0, 50_000, 0);

    private static KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> harness()
            throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new LiquidClassifierFunction(CONFIG, "dvs-classify", "dvs.events", "labels")),
                EventPacket::getSensorId, Label::getStreamId, Types.STRING);
        h.open();
        return h;
    }

    /** Class 0 lights the left half of the sensor, class 1 the right half. */
    static EventPacket packet(long seq, long windowIndex, int cls, long end, SplittableRandom random) {
        long start = windowIndex * WINDOW;
        int n = 60;
        ByteBuffer events = PackedEvents.allocate(n);
        for (int i = 0; i < n; i++) {
            PackedEvents.put(events, i * 100L, cls * 4 + random.nextInt(4), random.nextInt(8), random.nextBoolean());
        }
        events.flip();
        return new EventPacket("cam", seq, 8, 8, start, end, n, events, 1_000L + seq);
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

    static void feed(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> h,
                             int fromWindow, int toWindow, boolean labelled) throws Exception {
        for (int w = fromWindow; w < toWindow; w++) {
            SplittableRandom random = new SplittableRandom(w);
            int cls = w % 2;
            if (labelled) {
                h.processElement2(new StreamRecord<>(new Label("cam", (long) w, w * WINDOW, (w + 1) * WINDOW, cls, List.of()), w * WINDOW));
            }
            // the packet covers the whole window, so it closes it at once
            h.processElement1(new StreamRecord<>(packet(w, w, cls, (w + 1) * WINDOW, random), w * WINDOW));
        }
    }

    @Test
    void predictsEachWindowOnceThenLearnsFromItsLabel() throws Exception {
        try (var h = harness()) {
            feed(h, 0, 40, true);
            feed(h, 40, 60, false);
            List<Prediction> out = predictions(h);
            assertThat(out).hasSize(60);
            assertThat(out).extracting(Prediction::getWindowStartMicros).doesNotHaveDuplicates();
            // first window: no model yet
            assertThat(out.get(0).getPredictedClass()).isNull();
            assertThat(out.get(0).getModelVersion()).isZero();
            assertThat(out.get(39).getModelVersion()).isEqualTo(39);
            assertThat(out.get(10).getLabelClass()).isEqualTo(0);
            assertThat(out.get(11).getLabelClass()).isEqualTo(1);
            // held-out windows carry no label and the model no longer changes
            long correct = out.subList(40, 60).stream()
                    .filter(p -> p.getLabelClass() == null && p.getModelVersion() == 40)
                    .filter(p -> p.getPredictedClass() == (int) (p.getWindowStartMicros() / WINDOW) % 2).count();
            assertThat(correct).isGreaterThanOrEqualTo(18);
            assertThat(out.get(5).getId()).isEqualTo("dvs-classify/cam/50000");
            assertThat(out.get(5).getIngestTimeMillis()).isEqualTo(1_005L);
        }
    }

    @Test
    void aWindowIsClosedByTheWatermarkWhenNoPacketCoversItsEnd() throws Exception {
        try (var h = harness()) {
            h.processElement1(new StreamRecord<>(packet(0, 0, 0, 5_000, new SplittableRandom(1)), 0L));
            assertThat(predictions(h)).isEmpty();
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(WINDOW - 1));
            assertThat(predictions(h)).hasSize(1);
            assertThat(predictions(h).get(0).getEventCount()).isEqualTo(60);
            // the unlabelled window waits for a late label, then is forgotten
            assertThat(h.numKeyedStateEntries()).isGreaterThan(0);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(WINDOW + 60_000 + WINDOW));
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void restoredFromASnapshotItContinuesExactlyAsWithoutInterruption() throws Exception {
        List<Prediction> uninterrupted;
        try (var h = harness()) {
            feed(h, 0, 30, true);
            feed(h, 30, 40, false);
            uninterrupted = predictions(h);
        }
        OperatorSubtaskState snapshot;
        List<Prediction> beforeSnapshot;
        try (var h = harness()) {
            feed(h, 0, 20, true);
            beforeSnapshot = predictions(h);
            snapshot = h.snapshot(1L, 1L);
        }
        List<Prediction> afterRestore;
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new LiquidClassifierFunction(CONFIG, "dvs-classify", "dvs.events", "labels")),
                EventPacket::getSensorId, Label::getStreamId, Types.STRING)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, 20, 30, true);
            feed(h, 30, 40, false);
            afterRestore = predictions(h);
        }
        List<Prediction> combined = new ArrayList<>(beforeSnapshot);
        combined.addAll(afterRestore);
        assertThat(combined).hasSize(40);
        for (int i = 0; i < 40; i++) {
            assertThat(combined.get(i).getScores()).as("window " + i).isEqualTo(uninterrupted.get(i).getScores());
            assertThat(combined.get(i).getModelVersion()).isEqualTo(uninterrupted.get(i).getModelVersion());
        }
    }

    private static List<DeadLetter> deadLetters(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> h) {
        List<DeadLetter> out = new ArrayList<>();
        var side = h.getSideOutput(LiquidClassifierFunction.DEAD_LETTERS);
        if (side != null) {
            side.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    @Test
    void labelsWithoutAValidClassGoToDeadLettersAndLearningCarriesOn() throws Exception {
        SingleObjectCodec<Label> labels = SingleObjectCodec.of(Label.class);
        Label twelve = new Label("cam", 100L, 0L, WINDOW, 12, List.of());
        Label none = new Label("cam", 101L, WINDOW, 2 * WINDOW, null, List.of());
        // a regression label for another job on a shared labels topic: counted, not a dead letter
        Label regression = new Label("cam", 103L, 3 * WINDOW, 4 * WINDOW, null, List.of(0.5, 1.5));
        Label negative = new Label("cam", 102L, 2 * WINDOW, 3 * WINDOW, -1, List.of());
        long before = System.currentTimeMillis();
        try (var h = harness()) {
            for (Label bad : List.of(twelve, none, negative, regression)) {
                h.processElement2(new StreamRecord<>(bad, bad.getStartTimeMicros()));
            }
            feed(h, 0, 20, true);
            List<Prediction> out = predictions(h);
            assertThat(out).as("every window predicted, every valid label learned from").hasSize(20);
            assertThat(out.get(19).getModelVersion()).isEqualTo(19);
            assertThat(out.get(0).getLabelClass()).as("the valid label of window 0, not class 12").isEqualTo(0);

            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(3);
            assertThat(dead).extracting(DeadLetter::getReason).containsExactly(
                    "label 100 of stream cam for [0, 10000) µs: classIndex 12 outside the learner's classes [0, 2)",
                    "label 101 of stream cam for [10000, 20000) µs: classIndex is null and there is no target, "
                            + "the learner needs a class in [0, 2)",
                    "label 102 of stream cam for [20000, 30000) µs: classIndex -1 outside the learner's classes [0, 2)");
            for (int i = 0; i < 3; i++) {
                DeadLetter d = dead.get(i);
                assertThat(d.getSourceTopic()).isEqualTo("labels");
                // decoded upstream: the Kafka coordinates are not known here
                assertThat(d.getSourcePartition()).isEqualTo(-1);
                assertThat(d.getSourceOffset()).isEqualTo(-1L);
                assertThat(d.getJob()).isEqualTo("dvs-classify/learner");
                assertThat(new String(ByteBuffers.remaining(d.getKey()), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("cam");
                assertThat(labels.decode(ByteBuffers.remaining(d.getValue()))).isEqualTo(List.of(twelve, none, negative).get(i));
                assertThat(d.getRejectedAtMillis()).isBetween(before, System.currentTimeMillis());
            }
        }
    }
}
