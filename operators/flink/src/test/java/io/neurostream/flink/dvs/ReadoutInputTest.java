package io.neurostream.flink.dvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.PackedEvents;
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

/**
 * dvs-classify's learner with {@code --readout-input counts}: the readout learns from time-binned
 * input counts (the liquid is not run), and the open window's counts are keyed state that restores.
 */
class ReadoutInputTest {
    private static final long WINDOW = 10_000;
    /** Two time bins: the class is where the events are in the second half of the window only. */
    private static final ReadoutInput COUNTS = new ReadoutInput(ReadoutInput.Kind.COUNTS, 2, new long[] {5_000}, 0,
            ReadoutInput.DEFAULT_RANDOM_GAMMA, false, 7);
    private static final DvsClassifyConfig CONFIG = LiquidClassifierFunctionTest.CONFIG.withReadoutInput(COUNTS);

    private static KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> harness(
            DvsClassifyConfig config) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new LiquidClassifierFunction(config, "dvs-classify", "dvs.events", "labels")),
                EventPacket::getSensorId, Label::getStreamId, Types.STRING);
    }

    /**
     * Half a window: the first half has events all over the sensor (no information), the second half
     * lights the left (class 0) or right (class 1) half; only time bins tell the classes apart.
     */
    private static EventPacket half(long seq, int window, boolean second, int cls, SplittableRandom random) {
        long start = window * WINDOW + (second ? WINDOW / 2 : 0);
        int n = 40;
        ByteBuffer events = PackedEvents.allocate(n);
        for (int i = 0; i < n; i++) {
            int x = second ? cls * 4 + random.nextInt(4) : random.nextInt(8);
            PackedEvents.put(events, i * 100L, x, random.nextInt(8), random.nextBoolean());
        }
        events.flip();
        long end = second ? (window + 1) * WINDOW : start + n * 100L;
        return new EventPacket("cam", seq, 8, 8, start, end, n, events, 1_000L + seq);
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> h,
                             int from, int to, boolean labelled, boolean firstHalf, boolean secondHalf) throws Exception {
        for (int w = from; w < to; w++) {
            SplittableRandom random = new SplittableRandom(w);
            int cls = w % 2;
            if (labelled && firstHalf) {
                h.processElement2(new StreamRecord<>(new Label("cam", (long) w, w * WINDOW, (w + 1) * WINDOW, cls, List.of()), w * WINDOW));
            }
            EventPacket first = half(2L * w, w, false, cls, random);
            EventPacket second = half(2L * w + 1, w, true, cls, random);
            if (firstHalf) {
                h.processElement1(new StreamRecord<>(first, w * WINDOW));
            }
            if (secondHalf) {
                h.processElement1(new StreamRecord<>(second, w * WINDOW + WINDOW / 2));
            }
        }
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

    @Test
    void theReadoutLearnsFromTimeBinnedCountsAndPredictsHeldOutWindows() throws Exception {
        assertThat(CONFIG.readoutFeatureCount()).isEqualTo(4 * 4 * 2 * 2 + 1);
        try (var h = harness(CONFIG)) {
            h.open();
            feed(h, 0, 40, true, true, true);
            feed(h, 40, 60, false, true, true);
            List<Prediction> out = predictions(h);
            assertThat(out).hasSize(60);
            assertThat(out.get(45).getEventCount()).isEqualTo(80);
            long correct = out.subList(40, 60).stream()
                    .filter(p -> p.getPredictedClass() == (int) (p.getWindowStartMicros() / WINDOW) % 2).count();
            assertThat(correct).isEqualTo(20);
        }
    }

    @Test
    void randomUnitsAndTheLiquidTogetherAlsoLearn() throws Exception {
        ReadoutInput both = new ReadoutInput(ReadoutInput.Kind.COUNTS_LIQUID, 2, new long[] {5_000}, 200, 0.05,
                false, 3);
        DvsClassifyConfig config = LiquidClassifierFunctionTest.CONFIG.withReadoutInput(both);
        assertThat(config.readoutFeatureCount()).isEqualTo(200 + config.liquid().featureCount());
        try (var h = harness(config)) {
            h.open();
            feed(h, 0, 40, true, true, true);
            feed(h, 40, 60, false, true, true);
            long correct = predictions(h).subList(40, 60).stream()
                    .filter(p -> p.getPredictedClass() == (int) (p.getWindowStartMicros() / WINDOW) % 2).count();
            assertThat(correct).isGreaterThanOrEqualTo(18);
        }
    }

    @Test
    void sqrtCountsScaledToUnitLengthThroughRandomUnitsLearnInTheOperator() throws Exception {
        ReadoutInput input = new ReadoutInput(ReadoutInput.Kind.COUNTS, 2, new long[] {5_000}, 200, 0.05, false, 3)
                .withCountTransform(io.neurostream.core.features.BinnedCounts.Transform.SQRT, true, 0.7);
        assertThat(input.countParams(CONFIG.liquid()).normalize()).isTrue();
        assertThat(input.describe(CONFIG.liquid())).contains("sqrt(").contains("unit length").contains("gamma 0.7");
        DvsClassifyConfig config = LiquidClassifierFunctionTest.CONFIG.withReadoutInput(input).withRlsDelta(33.3);
        assertThat(config.readoutFeatureCount()).isEqualTo(201);
        try (var h = harness(config)) {
            h.open();
            feed(h, 0, 40, true, true, true);
            feed(h, 40, 60, false, true, true);
            long correct = predictions(h).subList(40, 60).stream()
                    .filter(p -> p.getPredictedClass() == (int) (p.getWindowStartMicros() / WINDOW) % 2).count();
            assertThat(correct).isGreaterThanOrEqualTo(18);
        }
    }

    @Test
    void aSnapshotInsideAWindowRestoresItsCountsAndContinuesExactly() throws Exception {
        List<Prediction> uninterrupted;
        try (var h = harness(CONFIG)) {
            h.open();
            feed(h, 0, 30, true, true, true);
            uninterrupted = predictions(h);
        }
        OperatorSubtaskState snapshot;
        List<Prediction> before;
        try (var h = harness(CONFIG)) {
            h.open();
            feed(h, 0, 20, true, true, true);
            feed(h, 20, 21, true, true, false); // window 20 open: counts of its first half only
            before = predictions(h);
            snapshot = h.snapshot(1L, 1L);
        }
        List<Prediction> after;
        try (var h = harness(CONFIG)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, 20, 21, true, false, true);
            feed(h, 21, 30, true, true, true);
            after = predictions(h);
        }
        List<Prediction> combined = new ArrayList<>(before);
        combined.addAll(after);
        assertThat(combined).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(combined.get(i).getScores()).as("window " + i).isEqualTo(uninterrupted.get(i).getScores());
            assertThat(combined.get(i).getEventCount()).as("window " + i).isEqualTo(80);
        }
    }

    @Test
    void wrongOptionsFailNamingWhatToFix() {
        assertThatThrownBy(() -> ReadoutInput.Kind.parse("pixels")).hasMessageContaining("--readout-input");
        assertThatThrownBy(() -> ReadoutInput.parseEdges("105000,abc")).hasMessageContaining("--count-bin-edges-micros");
        assertThatThrownBy(() -> ReadoutInput.counts(0, 0)).hasMessageContaining("pool");
        assertThat(ReadoutInput.liquid().featureCount(CONFIG.liquid())).isEqualTo(CONFIG.liquid().featureCount());
    }
}
