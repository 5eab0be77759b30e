package io.neurostream.flink.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidPlasticity;
import io.neurostream.flink.learning.LearningConfig;
import io.neurostream.flink.learning.LiquidPlasticitySerializer;
import io.neurostream.flink.learning.LocalReadout;
import io.neurostream.flink.learning.ReadoutKind;
import io.neurostream.flink.migration.LearnerSnapshots;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dvs-classify's learner with plasticity, a selectable readout and control: STDP changes the liquid's
 * weights, FREEZE stops it and the readout (predictions go on), the adapted weights and the readout
 * survive a snapshot and restore, and UNFREEZE resumes learning; on the heap and on RocksDB.
 */
class ControlledLearnerTest {
    private static final String SENSOR = "cam-a";
    private static final long WINDOW = LiquidClassifierFunctionTest.CONFIG.windowMicros();

    private static LearningConfig learning(ReadoutKind readout) {
        return LearningConfig.defaults().withReadout(readout)
                .withPlasticity(new LiquidPlasticity.Params(LiquidPlasticity.Rule.STDP, 20, 20, 0.01));
    }

    private static LiquidClassifierFunction function(ReadoutKind readout) {
        return new LiquidClassifierFunction(LiquidClassifierFunctionTest.CONFIG.withWindow(WINDOW, 2, 4), "dvs-classify",
                "dvs.events", "labels").withLearning(learning(readout));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void plasticityLearnsFreezeStopsItAndStateSurvivesARestore(String backend) throws Exception {
        double[] initial = LiquidPlasticity.create(new DvsLiquid(LiquidClassifierFunctionTest.CONFIG.liquid()),
                learning(ReadoutKind.THREE_FACTOR).plasticity()).excitatoryWeights().clone();
        double[] learned;
        OperatorSubtaskState snapshot;
        try (var h = harness(backend, null)) {
            feed(h, 0, 8);
            learned = weights(h).excitatory();
            assertThat(learned).as("STDP changed the excitatory weights").isNotEqualTo(initial);
            assertThat(readout(h).updates()).isEqualTo(8);

            control(h, ControlCommand.FREEZE, 8 * WINDOW);
            feed(h, 8, 14);
            assertThat(weights(h).excitatory()).as("frozen: weights unchanged").containsExactly(learned);
            assertThat(readout(h).updates()).as("frozen: readout unchanged").isEqualTo(8);
            List<Prediction> predictions = LearnerSnapshots.predictions(h);
            assertThat(predictions).hasSize(14);
            assertThat(predictions.get(13).getModelVersion()).isEqualTo(8);
            assertThat(h.getSideOutput(LiquidClassifierFunction.MODEL_SNAPSHOTS)).extracting(r -> r.getValue().getKind())
                    .contains("three-factor-readout", LiquidClassifierFunction.RESERVOIR_WEIGHTS_KIND);

            h.getOperator().prepareSnapshotPreBarrier(1L);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(backend, snapshot)) {
            assertThat(weights(h).excitatory()).as("restored weights").containsExactly(learned);
            assertThat(readout(h).updates()).as("restored readout").isEqualTo(8);
            feed(h, 14, 16);
            assertThat(weights(h).excitatory()).as("still frozen after the restore").containsExactly(learned);

            control(h, ControlCommand.UNFREEZE, 16 * WINDOW);
            feed(h, 16, 22);
            assertThat(weights(h).excitatory()).as("learning again after UNFREEZE").isNotEqualTo(learned);
            assertThat(readout(h).updates()).isEqualTo(14);
        }
    }

    /**
     * The adapted weights and the STDP rule's spike traces are keyed state: a learner snapshotted between two windows
     * (the traces of the last spikes still well above zero: 4 ms before the next window, tau 20 ms) and restored goes
     * on exactly as one that never stopped: same weights, traces and predictions, bit for bit.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void plasticityGoesOnBitForBitAfterASnapshotAndRestore(String backend) throws Exception {
        LiquidPlasticitySerializer.Weights straight;
        List<String> straightPredictions;
        try (var h = harness(backend, null)) {
            feed(h, 0, 12);
            straight = weights(h);
            straightPredictions = LearnerSnapshots.lines(LearnerSnapshots.predictions(h));
        }
        OperatorSubtaskState snapshot;
        List<String> predictions;
        try (var h = harness(backend, null)) {
            feed(h, 0, 6);
            predictions = new java.util.ArrayList<>(LearnerSnapshots.lines(LearnerSnapshots.predictions(h)));
            h.getOperator().prepareSnapshotPreBarrier(1L);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(backend, snapshot)) {
            assertThat(weights(h).traceValues()).as("traces restored").isNotEmpty();
            feed(h, 6, 12);
            predictions.addAll(LearnerSnapshots.lines(LearnerSnapshots.predictions(h)));
            LiquidPlasticitySerializer.Weights resumed = weights(h);
            assertThat(resumed.excitatory()).as("excitatory weights").containsExactly(straight.excitatory());
            assertThat(resumed.traceValues()).as("trace values").isDeepEqualTo(straight.traceValues());
            assertThat(resumed.traceUpdateMicros()).as("trace times").isDeepEqualTo(straight.traceUpdateMicros());
            assertThat(predictions).as("predictions (scores, model versions)").containsExactlyElementsOf(straightPredictions);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rls", "lms", "three-factor"})
    void everyReadoutLearnsTheTwoClasses(String kind) throws Exception {
        try (var h = harness(ReadoutKind.parse(kind), "hashmap", null)) {
            feed(h, 0, 80);
            List<Prediction> p = LearnerSnapshots.predictions(h);
            int correct = 0;
            for (Prediction x : p.subList(60, 80)) {
                correct += x.getPredictedClass() != null && x.getPredictedClass() == (int) (x.getWindowStartMicros() / WINDOW) % 2 ? 1 : 0;
            }
            assertThat(correct).as(kind + ": correct of the last 20 windows (predicted before learning)").isGreaterThanOrEqualTo(17);
        }
    }

    /**
     * The job's learner with control reads the committed snapshots of the learner without it (no plasticity,
     * RLS): it goes on exactly as the version that wrote them (the migration test's windows and scores).
     */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void restoresTheCommittedSnapshotsOfTheLearnerWithoutControl(String backend) throws Exception {
        java.nio.file.Path file = LearnerSnapshots.snapshot("dvs-classify-learner", backend,
                org.apache.flink.FlinkVersion.v2_2, false);
        List<String> expected = LearnerSnapshots.read(LearnerSnapshots.predictionsOf(file));
        var function = new LiquidClassifierFunction(LiquidClassifierFunctionTest.CONFIG, "dvs-classify", "dvs.events",
                "labels");
        var h = new KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Either<Label, Control>, Prediction>(
                new ControlledLearnerOperator(function), EventPacket::getSensorId,
                e -> e.isLeft() ? e.left().getStreamId() : e.right().getStreamId(), Types.STRING);
        h.setStateBackend(LearnerSnapshots.backend(backend));
        h.initializeState(org.apache.flink.streaming.util.OperatorSnapshotUtil.readStateHandle(file.toString()));
        h.open();
        try (h) {
            for (int w = 30; w < 50; w++) {
                int cls = w % 2;
                if (w < 40) {
                    h.processElement2(new StreamRecord<>(Either.Left(new Label("cam", (long) w, w * WINDOW,
                            (w + 1) * WINDOW, cls, List.of())), w * WINDOW));
                }
                h.processElement1(new StreamRecord<>(LiquidClassifierFunctionTest.packet(w, w, cls, (w + 1) * WINDOW,
                        new SplittableRandom(w)), w * WINDOW));
            }
            assertThat(LearnerSnapshots.lines(LearnerSnapshots.predictions(h))).containsExactlyElementsOf(expected);
        }
    }

    private static LiquidPlasticitySerializer.Weights weights(
            KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Either<Label, Control>, Prediction> h) throws Exception {
        ControlledLearnerOperator op = (ControlledLearnerOperator) h.getOperator();
        op.setCurrentKey(SENSOR);
        return op.getKeyedStateStore().getState(LiquidClassifierFunction.PLASTIC_WEIGHTS).value();
    }

    private static LocalReadout readout(
            KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Either<Label, Control>, Prediction> h) throws Exception {
        ControlledLearnerOperator op = (ControlledLearnerOperator) h.getOperator();
        op.setCurrentKey(SENSOR);
        return op.getKeyedStateStore().getState(LiquidClassifierFunction.LOCAL_READOUT).value();
    }

    private static void control(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Either<Label, Control>,
            Prediction> h, ControlCommand command, long tMicros) throws Exception {
        h.processElement2(new StreamRecord<>(Either.Right(new Control(SENSOR, tMicros, tMicros, command, null, null)),
                tMicros));
    }

    /** Windows [from, to): label, then the packet that closes the window; classes alternate. */
    private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Either<Label, Control>,
            Prediction> h, int from, int to) throws Exception {
        for (int w = from; w < to; w++) {
            int cls = w % 2;
            h.processElement2(new StreamRecord<>(Either.Left(new Label(SENSOR, (long) w, w * WINDOW, (w + 1) * WINDOW,
                    cls, List.of())), w * WINDOW));
            EventPacket p = LiquidClassifierFunctionTest.packet(w, w, cls, (w + 1) * WINDOW, new SplittableRandom(31L * w));
            p.setSensorId(SENSOR);
            h.processElement1(new StreamRecord<>(p, w * WINDOW));
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Either<Label, Control>, Prediction> harness(
            String backend, OperatorSubtaskState restore) throws Exception {
        return harness(ReadoutKind.THREE_FACTOR, backend, restore);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Either<Label, Control>, Prediction> harness(
            ReadoutKind readout, String backend, OperatorSubtaskState restore) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Either<Label, Control>, Prediction>(
                new ControlledLearnerOperator(function(readout)), EventPacket::getSensorId,
                e -> e.isLeft() ? e.left().getStreamId() : e.right().getStreamId(), Types.STRING);
        h.setStateBackend(LearnerSnapshots.backend(backend));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }
}
