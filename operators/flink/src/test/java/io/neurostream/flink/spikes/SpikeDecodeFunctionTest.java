package io.neurostream.flink.spikes;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.decoder.RSquared;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.ByteBuffers;
import io.neurostream.schemas.codec.PackedSpikes;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpikeDecodeFunctionTest {
    static final TuningWorld WORLD = new TuningWorld(48, 2600, 5);

    static KeyedTwoInputStreamOperatorTestHarness<String, SpikeBatch, Either<Label, Control>, Prediction>
            harness(SpikeDecodeConfig config) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new SpikeDecodeFunction(config, "spike-decode", "labels")),
                SpikeBatch::getSessionId,
                e -> e.isLeft() ? e.left().getStreamId() : e.right().getStreamId(), Types.STRING);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, SpikeBatch, Either<Label, Control>, Prediction>
            opened(SpikeDecodeConfig config) throws Exception {
        var h = harness(config);
        h.open();
        return h;
    }

    static SpikeDecodeConfig config(DecoderKind kind) {
        SpikeDecodeConfig c = SpikeDecodeConfig.defaults(kind);
        return kind == DecoderKind.ESN ? c.withReservoir(60, 3L) : c;
    }

    private static List<Prediction> predictions(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, Prediction> h) {
        List<Prediction> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof Prediction p) {
                out.add(p);
            }
        }
        return out;
    }

    /** Bins [from, to): label first (when labelled), then the batch that closes the bin. */
    static void feed(KeyedTwoInputStreamOperatorTestHarness<String, SpikeBatch, Either<Label, Control>, Prediction> h,
                             int from, int to, boolean labelled) throws Exception {
        for (int b = from; b < to; b++) {
            if (labelled) {
                h.processElement2(new StreamRecord<>(WORLD.label(b), b * TuningWorld.BIN));
            }
            h.processElement1(new StreamRecord<>(WORLD.batches.get(b), b * TuningWorld.BIN));
        }
    }

    private static double heldOutR2(List<Prediction> predictions, int from) {
        RSquared r2 = new RSquared(2);
        for (Prediction p : predictions) {
            int bin = (int) (p.getWindowStartMicros() / TuningWorld.BIN);
            if (bin >= from) {
                r2.add(WORLD.velocity.get(bin), new double[] {p.getDecoded().get(0), p.getDecoded().get(1)});
            }
        }
        return r2.mean();
    }

    @ParameterizedTest
    @EnumSource(value = DecoderKind.class, names = {"KALMAN", "RLS", "ESN"})
    void predictsEveryBinOnceThenLearnsFromItsLabel(DecoderKind kind) throws Exception {
        try (var h = opened(config(kind))) {
            feed(h, 0, 2000, true);
            feed(h, 2000, 2600, false);
            List<Prediction> out = predictions(h);
            assertThat(out).hasSize(2600);
            assertThat(out).extracting(Prediction::getWindowStartMicros).doesNotHaveDuplicates().isSorted();
            for (int b : new int[] {0, 1, 1000, 1999}) {
                Prediction p = out.get(b);
                assertThat(p.getModelVersion()).as("bin %d learned from the bins before it only", b).isEqualTo(b);
                assertThat(p.getEventCount()).isEqualTo(WORLD.spikesIn(b));
                assertThat(p.getIngestTimeMillis()).isEqualTo(10_000L + b);
                assertThat(p.getDecoded()).hasSize(2);
            }
            assertThat(out.get(2599).getModelVersion()).isEqualTo(2000);
            assertThat(out.get(7).getId()).isEqualTo("spike-decode." + kind.id() + "/s1/140000");
            assertThat(out.get(7).getJob()).isEqualTo("spike-decode." + kind.id());
            assertThat(heldOutR2(out, 2000)).as("held-out R^2 of %s", kind).isGreaterThan(0.6);
        }
    }

    @Test
    void lateLabelsAreLearnedAndFreezeStopsLearningFromItsTimeOn() throws Exception {
        try (var h = opened(config(DecoderKind.RLS))) {
            // learning is off for bins from 300 on, on again from 400 on: sent ahead of time
            h.processElement2(new StreamRecord<>(TuningWorld.control(ControlCommand.FREEZE, 300 * TuningWorld.BIN)));
            h.processElement2(new StreamRecord<>(TuningWorld.control(ControlCommand.UNFREEZE, 400 * TuningWorld.BIN)));
            for (int b = 0; b < 500; b++) {
                h.processElement1(new StreamRecord<>(WORLD.batches.get(b), b * TuningWorld.BIN));
                if (b >= 5) {
                    // each label 5 bins after its bin: learned from the kept learning input
                    h.processElement2(new StreamRecord<>(WORLD.label(b - 5), (b - 5) * TuningWorld.BIN));
                }
            }
            List<Prediction> out = predictions(h);
            assertThat(out).hasSize(500);
            assertThat(out.get(100).getModelVersion()).isEqualTo(95);   // labels 0..94 sent so far
            assertThat(out.get(310).getModelVersion()).isEqualTo(300);  // frozen from bin 300
            assertThat(out.get(399).getModelVersion()).isEqualTo(300);
            assertThat(out.get(499).getModelVersion()).isEqualTo(300 + 94);  // + labels 400..493
        }
    }

    /**
     * An input idle for --idle-millis while the other one ended lets the watermark reach the end of time before
     * the last batches arrive: a bin they leave partly covered is closed at once (a timer would wait forever).
     */
    @Test
    void aBatchArrivingAfterTheWatermarkPassedItsBinIsClosedAtOnce() throws Exception {
        try (var h = opened(config(DecoderKind.KALMAN).withBins(40_000, 20_000))) {
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            h.processElement1(new StreamRecord<>(WORLD.batches.get(0), 0L));
            h.processElement1(new StreamRecord<>(WORLD.batches.get(1), TuningWorld.BIN));
            assertThat(predictions(h)).extracting(Prediction::getWindowStartMicros).containsExactly(0L, 20_000L);
            assertThat(predictions(h).get(1).getEventCount()).isEqualTo(WORLD.spikesIn(1));
        }
    }

    @Test
    void theWatermarkClosesAPartlyCoveredBinAndNothingLeaks() throws Exception {
        // 40 ms bins every 20 ms, label lateness 2 s
        try (var h = opened(config(DecoderKind.KALMAN).withBins(40_000, 20_000))) {
            h.processElement1(new StreamRecord<>(WORLD.batches.get(0), 0L));
            h.processElement1(new StreamRecord<>(WORLD.batches.get(1), TuningWorld.BIN));
            // bin [0, 40 ms) is complete; [20, 60 ms) waits for the next batch or the watermark
            assertThat(predictions(h)).hasSize(1);
            assertThat(predictions(h).get(0).getEventCount()).isEqualTo(WORLD.spikesIn(0) + WORLD.spikesIn(1));
            h.processBothWatermarks(new Watermark(59_999));
            assertThat(predictions(h)).hasSize(2);
            assertThat(predictions(h).get(1).getEventCount()).isEqualTo(WORLD.spikesIn(1));
            assertThat(predictions(h).get(1).getIngestTimeMillis()).isEqualTo(10_001L);
            // end of input: no flood of empty bins, the waiting learning inputs are forgotten
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            assertThat(predictions(h)).extracting(Prediction::getWindowStartMicros).containsExactly(0L, 20_000L);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isEqualTo(2); // bins + decoder
        }
    }

    @ParameterizedTest
    @EnumSource(value = DecoderKind.class, names = {"KALMAN", "RLS", "ESN"})
    void restoredFromASnapshotItContinuesExactlyAsWithoutInterruption(DecoderKind kind) throws Exception {
        SpikeDecodeConfig config = config(kind);
        List<Prediction> uninterrupted;
        try (var h = opened(config)) {
            feed(h, 0, 600, true);
            feed(h, 600, 800, false);
            uninterrupted = predictions(h);
        }
        OperatorSubtaskState snapshot;
        List<Prediction> combined;
        try (var h = opened(config)) {
            feed(h, 0, 400, true);
            // a label for a bin still to come, kept in state across the snapshot
            h.processElement2(new StreamRecord<>(WORLD.label(400), 400 * TuningWorld.BIN));
            combined = new ArrayList<>(predictions(h));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(config)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement1(new StreamRecord<>(WORLD.batches.get(400), 400 * TuningWorld.BIN));
            feed(h, 401, 600, true);
            feed(h, 600, 800, false);
            combined.addAll(predictions(h));
        }
        assertThat(combined).hasSize(800);
        for (int i = 0; i < 800; i++) {
            assertThat(combined.get(i).getDecoded()).as("bin %d", i).isEqualTo(uninterrupted.get(i).getDecoded());
            assertThat(combined.get(i).getModelVersion()).isEqualTo(uninterrupted.get(i).getModelVersion());
        }
    }

    @Test
    void ratesDecoderPublishesHertzAndIgnoresLabels() throws Exception {
        try (var h = opened(config(DecoderKind.RATES))) {
            feed(h, 0, 3, true);
            List<Prediction> out = predictions(h);
            assertThat(out).hasSize(3);
            assertThat(out.get(0).getDecoded()).hasSize(48);
            double sumHz = out.get(0).getDecoded().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(sumHz).isEqualTo(WORLD.spikesIn(0) * 50.0, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(out.get(2).getModelVersion()).isZero();
        }
    }

    /**
     * An acquisition system streams a bin's spikes in several smaller batches: the bins, and so
     * the predictions and what is learned, must be exactly those of one batch per bin.
     */
    @ParameterizedTest
    @EnumSource(value = DecoderKind.class, names = {"KALMAN", "ESN"})
    void aBinStreamedInFourBatchesDecodesExactlyAsOneBatch(DecoderKind kind) throws Exception {
        List<Prediction> whole;
        try (var h = opened(config(kind))) {
            feed(h, 0, 300, true);
            feed(h, 300, 400, false);
            whole = predictions(h);
        }
        List<Prediction> split;
        try (var h = opened(config(kind))) {
            for (int b = 0; b < 400; b++) {
                List<SpikeBatch> parts = quarters(WORLD.batches.get(b));
                for (int q = 0; q < parts.size(); q++) {
                    if (q == parts.size() - 1 && b < 300) {
                        h.processElement2(new StreamRecord<>(WORLD.label(b), b * TuningWorld.BIN));
                    }
                    h.processElement1(new StreamRecord<>(parts.get(q), parts.get(q).getStartTimeMicros()));
                }
            }
            split = predictions(h);
        }
        assertThat(split).hasSize(400);
        assertThat(split).extracting(Prediction::getWindowStartMicros)
                .containsExactlyElementsOf(whole.stream().map(Prediction::getWindowStartMicros).toList());
        assertThat(split).extracting(Prediction::getEventCount)
                .containsExactlyElementsOf(whole.stream().map(Prediction::getEventCount).toList());
        assertThat(split).extracting(Prediction::getDecoded)
                .containsExactlyElementsOf(whole.stream().map(Prediction::getDecoded).toList());
    }

    /** The batch cut into four 5 ms batches (spike times stay relative to each part's start). */
    private static List<SpikeBatch> quarters(SpikeBatch batch) {
        long quarter = TuningWorld.BIN / 4;
        ByteBuffer view = PackedSpikes.view(batch.getSpikes());
        List<SpikeBatch> parts = new ArrayList<>();
        int next = 0;
        for (int q = 0; q < 4; q++) {
            int from = next;
            while (next < batch.getSpikeCount() && PackedSpikes.dtMicros(view, next) < (q + 1) * quarter) {
                next++;
            }
            ByteBuffer packed = PackedSpikes.allocate(next - from);
            for (int i = from; i < next; i++) {
                PackedSpikes.put(packed, PackedSpikes.dtMicros(view, i) - q * quarter, PackedSpikes.unitIndex(view, i));
            }
            packed.flip();
            long start = batch.getStartTimeMicros() + q * quarter;
            parts.add(new SpikeBatch(batch.getSessionId(), batch.getSequence() * 4 + q, start, start + quarter,
                    batch.getUnitCount(), next - from, packed, batch.getIngestTimeMillis()));
        }
        return parts;
    }

    private static List<DeadLetter> deadLetters(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, Prediction> h) {
        List<DeadLetter> out = new ArrayList<>();
        var side = h.getSideOutput(SpikeDecodeFunction.DEAD_LETTERS);
        if (side != null) {
            side.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    @Test
    void labelsWithATargetOfTheWrongLengthGoToDeadLettersAndLearningCarriesOn() throws Exception {
        SingleObjectCodec<Label> codec = SingleObjectCodec.of(Label.class);
        long bin = TuningWorld.BIN;
        Label three = new Label(TuningWorld.SESSION, 900L, 0L, bin, null, List.of(1.0, 2.0, 3.0));
        Label empty = new Label(TuningWorld.SESSION, 901L, bin, 2 * bin, null, List.of());
        // a classification label for another job on a shared labels topic: counted, not a dead letter
        Label classification = new Label(TuningWorld.SESSION, 902L, bin, 2 * bin, 4, List.of());
        long before = System.currentTimeMillis();
        try (var h = opened(config(DecoderKind.RLS))) {
            h.processElement2(new StreamRecord<>(Either.Left(three), 0L));
            h.processElement2(new StreamRecord<>(Either.Left(empty), bin));
            h.processElement2(new StreamRecord<>(Either.Left(classification), bin));
            feed(h, 0, 50, true);
            List<Prediction> out = predictions(h);
            assertThat(out).as("every bin predicted, every valid label learned from").hasSize(50);
            assertThat(out.get(49).getModelVersion()).isEqualTo(49);

            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).extracting(DeadLetter::getReason).containsExactly(
                    "label 900 of session s1 for [0, 20000) µs: target has 3 values, the rls decoder outputs 2",
                    "label 901 of session s1 for [20000, 40000) µs: target has 0 values, the rls decoder outputs 2");
            for (int i = 0; i < dead.size(); i++) {
                DeadLetter d = dead.get(i);
                assertThat(d.getSourceTopic()).isEqualTo("labels");
                assertThat(d.getSourcePartition()).isEqualTo(-1);
                assertThat(d.getSourceOffset()).isEqualTo(-1L);
                assertThat(d.getJob()).isEqualTo("spike-decode.rls");
                assertThat(codec.decode(ByteBuffers.remaining(d.getValue()))).isEqualTo(List.of(three, empty).get(i));
                assertThat(d.getRejectedAtMillis()).isBetween(before, System.currentTimeMillis());
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aBatchClaimingAnAbsurdSpanIsDeadLetteredInsteadOfPredictingBinsForever() throws Exception {
        // Valid by the wire spec, but [t, 2^62) µs would close 2.3e14 bins of 20 ms one by one: the operator
        // would never return (checkpoints time out, the job restarts into the same batch).
        SpikeBatch first = WORLD.batches.get(10);
        SpikeBatch endless = new SpikeBatch(TuningWorld.SESSION, 99L, 11 * TuningWorld.BIN, 1L << 62,
                first.getUnitCount(), 0, java.nio.ByteBuffer.allocate(0), null);
        try (var h = opened(config(DecoderKind.RLS))) {
            feed(h, 0, 11, false);
            h.processElement1(new StreamRecord<>(endless, 11 * TuningWorld.BIN));
            feed(h, 11, 20, false);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
            assertThat(deadLetters(h)).singleElement().extracting(DeadLetter::getReason).asString()
                    .contains("batch 99 of session " + TuningWorld.SESSION).contains("bins");
            assertThat(predictions(h)).extracting(Prediction::getWindowStartMicros)
                    .as("every bin of the valid batches once, nothing of the absurd one")
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).map(b -> b * TuningWorld.BIN)
                            .boxed().toList());
        }
    }

    @Test
    void theRatesDecoderLearnsNothingSoItsLabelsAreNoDeadLetters() throws Exception {
        try (var h = opened(config(DecoderKind.RATES))) {
            h.processElement2(new StreamRecord<>(Either.Left(new Label(TuningWorld.SESSION, 1L, 0L, TuningWorld.BIN,
                    null, List.of(1.0, 2.0, 3.0))), 0L));
            feed(h, 0, 5, false);
            assertThat(predictions(h)).hasSize(5);
            assertThat(deadLetters(h)).isEmpty();
        }
    }
}
