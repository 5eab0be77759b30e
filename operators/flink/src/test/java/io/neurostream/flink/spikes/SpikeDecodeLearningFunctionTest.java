package io.neurostream.flink.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.core.decoder.EsnRateDecoder;
import io.neurostream.core.decoder.RSquared;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import io.neurostream.flink.learning.ReadoutKind;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** spike-decode's readout selection (LMS) and the esn decoder's reservoir plasticity (Oja), on the tuning world. */
class SpikeDecodeLearningFunctionTest {
    static final TuningWorld WORLD = SpikeDecodeFunctionTest.WORLD;
    static final SpikeDecodeLearning OJA = SpikeDecodeLearning.defaults()
            .withPlasticity(SpikeDecodeLearning.Plasticity.OJA, 1e-3).withPublishEveryBins(1);

    static KeyedTwoInputStreamOperatorTestHarness<String, SpikeBatch, Either<Label, Control>, Prediction>
            harness(SpikeDecodeConfig config, SpikeDecodeLearning learning) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new SpikeDecodeFunction(config, "spike-decode", "labels")
                        .withLearning(learning)),
                SpikeBatch::getSessionId,
                e -> e.isLeft() ? e.left().getStreamId() : e.right().getStreamId(), Types.STRING);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, SpikeBatch, Either<Label, Control>, Prediction>
            opened(SpikeDecodeConfig config, SpikeDecodeLearning learning) throws Exception {
        var h = harness(config, learning);
        h.open();
        return h;
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

    /** The reservoir-weights snapshots with the bin (from the record's timestamp) each was published on. */
    private static List<StreamRecord<ModelSnapshot>> snapshots(
            KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, Prediction> h) {
        var side = h.getSideOutput(SpikeDecodeFunction.MODEL_SNAPSHOTS);
        return side == null ? List.of() : new ArrayList<>(side);
    }

    private static double[] weights(ModelSnapshot s) {
        ByteBuffer b = s.getParameters().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        double[] w = new double[b.remaining() / 8];
        for (int i = 0; i < w.length; i++) {
            w[i] = b.getDouble();
        }
        return w;
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
    @EnumSource(value = DecoderKind.class, names = {"RLS", "ESN"})
    void lmsReadoutLearnsTheVelocityOfHeldOutBinsCloseToRls(DecoderKind kind) throws Exception {
        SpikeDecodeLearning lms = SpikeDecodeLearning.defaults().withReadout(ReadoutKind.LMS,
                SpikeDecodeLearning.defaults().lmsMu());
        double lmsR2;
        try (var h = opened(SpikeDecodeFunctionTest.config(kind), lms)) {
            SpikeDecodeFunctionTest.feed(h, 0, 2000, true);
            SpikeDecodeFunctionTest.feed(h, 2000, 2600, false);
            List<Prediction> out = predictions(h);
            assertThat(out).hasSize(2600);
            assertThat(out.get(1000).getModelVersion()).isEqualTo(1000);
            assertThat(out.get(2599).getModelVersion()).isEqualTo(2000);
            lmsR2 = heldOutR2(out, 2000);
        }
        double rlsR2;
        try (var h = opened(SpikeDecodeFunctionTest.config(kind), SpikeDecodeLearning.defaults())) {
            SpikeDecodeFunctionTest.feed(h, 0, 2000, true);
            SpikeDecodeFunctionTest.feed(h, 2000, 2600, false);
            rlsR2 = heldOutR2(predictions(h), 2000);
        }
        System.out.printf("%s decoder, held-out R^2 (bins 2000-2599): LMS %.3f, RLS %.3f%n", kind, lmsR2, rlsR2);
        assertThat(lmsR2).as("held-out R^2 of the LMS readout on %s", kind).isGreaterThan(0.8);
        assertThat(lmsR2).as("LMS within 0.1 of RLS on %s", kind).isGreaterThan(rlsR2 - 0.1);
    }

    @Test
    void ojaAdaptsTheInputWeightsStopsOnFreezeAndResumesOnUnfreeze() throws Exception {
        SpikeDecodeConfig config = SpikeDecodeFunctionTest.config(DecoderKind.ESN);
        try (var h = opened(config, OJA)) {
            h.processElement2(new StreamRecord<>(TuningWorld.control(ControlCommand.FREEZE, 300 * TuningWorld.BIN)));
            h.processElement2(new StreamRecord<>(TuningWorld.control(ControlCommand.UNFREEZE, 500 * TuningWorld.BIN)));
            SpikeDecodeFunctionTest.feed(h, 0, 700, true);
            List<StreamRecord<ModelSnapshot>> published = snapshots(h);
            // one snapshot per adapted bin: bins 0..299 and 500..699, none while frozen
            assertThat(published).hasSize(500);
            for (StreamRecord<ModelSnapshot> r : published) {
                long bin = r.getTimestamp() / TuningWorld.BIN;
                assertThat(bin < 300 || bin >= 500).as("bin %d adapted while frozen", bin).isTrue();
                assertThat(r.getValue().getVersion()).isEqualTo(bin < 300 ? bin + 1 : bin - 199);
                assertThat(r.getValue().getKind()).isEqualTo("reservoir-weights");
                assertThat(r.getValue().getStreamId()).isEqualTo(TuningWorld.SESSION);
            }
            ModelSnapshot first = published.get(0).getValue();
            EsnParams p = new EsnParams(60, WORLD.batches.get(0).getUnitCount(), 0.9, 0.5, 0.5, 0.2, 0.1, 0.1, 3L);
            double[] seeded = new Esn(p).inputWeights();
            assertThat(first.getShape()).containsExactly(60, p.inputs());
            double[] beforeFreeze = weights(published.get(299).getValue());
            double[] afterUnfreeze = weights(published.get(499).getValue());
            assertThat(changed(seeded, beforeFreeze)).as("weights changed by plasticity").isGreaterThan(1e-3);
            assertThat(changed(beforeFreeze, afterUnfreeze)).as("plasticity resumed").isGreaterThan(1e-6);
            for (int k = 0; k < seeded.length; k++) {
                if (seeded[k] == 0) {
                    assertThat(afterUnfreeze[k]).as("unconnected input %d", k).isZero();
                }
            }
        }
    }

    @Test
    void freezeLeavesTheAdaptedWeightsAsTheyWereInState() throws Exception {
        try (var h = opened(SpikeDecodeFunctionTest.config(DecoderKind.ESN), OJA)) {
            h.processElement2(new StreamRecord<>(TuningWorld.control(ControlCommand.FREEZE, 300 * TuningWorld.BIN)));
            h.processElement2(new StreamRecord<>(TuningWorld.control(ControlCommand.UNFREEZE, 500 * TuningWorld.BIN)));
            SpikeDecodeFunctionTest.feed(h, 0, 300, true);
            EsnRateDecoder atFreeze = decoderOf(h);
            assertThat(atFreeze.plasticUpdates()).isEqualTo(300);
            double[] frozen = atFreeze.inputWeights().clone();
            SpikeDecodeFunctionTest.feed(h, 300, 500, true);
            EsnRateDecoder beforeUnfreeze = decoderOf(h);
            assertThat(beforeUnfreeze.plasticUpdates()).isEqualTo(300);
            assertThat(beforeUnfreeze.inputWeights()).as("weights while frozen").isEqualTo(frozen);
            assertThat(beforeUnfreeze.updates()).as("readout frozen too").isEqualTo(atFreeze.updates());
            SpikeDecodeFunctionTest.feed(h, 500, 600, true);
            EsnRateDecoder resumed = decoderOf(h);
            assertThat(resumed.plasticUpdates()).isEqualTo(400);
            assertThat(changed(frozen, resumed.inputWeights())).as("plasticity resumed").isGreaterThan(1e-6);
        }
    }

    /** The esn decoder of session s1, as the operator keeps it in state. */
    private static EsnRateDecoder decoderOf(
            KeyedTwoInputStreamOperatorTestHarness<String, SpikeBatch, Either<Label, Control>, Prediction> h)
            throws Exception {
        var backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(TuningWorld.SESSION);
        var state = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>(SpikeDecodeFunction.DECODER_STATE, new RateDecoderSerializer()));
        return (EsnRateDecoder) state.value();
    }

    @Test
    void restoredFromASnapshotTheAdaptedWeightsAndLmsReadoutContinueExactly() throws Exception {
        SpikeDecodeConfig config = SpikeDecodeFunctionTest.config(DecoderKind.ESN);
        SpikeDecodeLearning learning = OJA.withReadout(ReadoutKind.LMS, 0.5).withPublishEveryBins(50);
        List<Prediction> uninterrupted;
        List<StreamRecord<ModelSnapshot>> uninterruptedModels;
        try (var h = opened(config, learning)) {
            SpikeDecodeFunctionTest.feed(h, 0, 600, true);
            uninterrupted = predictions(h);
            uninterruptedModels = snapshots(h);
        }
        OperatorSubtaskState snapshot;
        List<Prediction> combined;
        List<StreamRecord<ModelSnapshot>> combinedModels;
        try (var h = opened(config, learning)) {
            SpikeDecodeFunctionTest.feed(h, 0, 330, true);
            combined = new ArrayList<>(predictions(h));
            combinedModels = new ArrayList<>(snapshots(h));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(config, learning)) {
            h.initializeState(snapshot);
            h.open();
            SpikeDecodeFunctionTest.feed(h, 330, 600, true);
            combined.addAll(predictions(h));
            combinedModels.addAll(snapshots(h));
        }
        assertThat(combined).hasSize(600);
        for (int i = 0; i < 600; i++) {
            assertThat(combined.get(i).getDecoded()).as("bin %d", i).isEqualTo(uninterrupted.get(i).getDecoded());
            assertThat(combined.get(i).getModelVersion()).isEqualTo(uninterrupted.get(i).getModelVersion());
        }
        assertThat(combinedModels).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(combinedModels.get(i).getValue().getVersion()).isEqualTo(50L * (i + 1));
            assertThat(weights(combinedModels.get(i).getValue())).isEqualTo(weights(uninterruptedModels.get(i).getValue()));
        }
    }

    @Test
    void optionsFailFastNamingWhatToFix() {
        SpikeDecodeLearning parsed = SpikeDecodeLearning.parse(
                (name, d) -> Map.of("readout", "lms", "lms-mu", "0.25", "plasticity", "oja").getOrDefault(name, d));
        assertThat(parsed.readout()).isEqualTo(ReadoutKind.LMS);
        assertThat(parsed.lmsMu()).isEqualTo(0.25);
        assertThat(parsed.plasticity()).isEqualTo(SpikeDecodeLearning.Plasticity.OJA);
        assertThat(SpikeDecodeLearning.parse((name, d) -> d)).isEqualTo(SpikeDecodeLearning.defaults());
        assertThatThrownBy(() -> SpikeDecodeLearning.parse(opt("readout", "three-factor")))
                .hasMessageContaining("classification-only").hasMessageContaining("rls or lms");
        assertThatThrownBy(() -> SpikeDecodeLearning.parse(opt("readout", "ridge")))
                .hasMessageContaining("readout must be rls, lms or three-factor");
        assertThatThrownBy(() -> SpikeDecodeLearning.parse(opt("plasticity", "intrinsic")))
                .hasMessageContaining("tanh rate units").hasMessageContaining("oja");
        assertThatThrownBy(() -> SpikeDecodeLearning.parse(opt("plasticity", "stdp")))
                .hasMessageContaining("spiking neurons");
        assertThatThrownBy(() -> SpikeDecodeLearning.parse(opt("lms-mu", "2.5"))).hasMessageContaining("--lms-mu");
        assertThatThrownBy(() -> SpikeDecodeLearning.parse(opt("oja-eta", "fast"))).hasMessageContaining("--oja-eta");
        assertThatThrownBy(() -> SpikeDecodeLearning.defaults().withReadout(ReadoutKind.LMS, 0.5)
                .checkApplies(List.of(DecoderKind.KALMAN))).hasMessageContaining("rls and esn decoders");
        assertThatThrownBy(() -> OJA.checkApplies(List.of(DecoderKind.RLS))).hasMessageContaining("add esn");
        OJA.checkApplies(List.of(DecoderKind.KALMAN, DecoderKind.ESN));
    }

    private static java.util.function.BiFunction<String, String, String> opt(String key, String value) {
        return (name, d) -> name.equals(key) ? value : d;
    }

    /** Largest absolute difference. */
    private static double changed(double[] a, double[] b) {
        assertThat(b).hasSameSizeAs(a);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
