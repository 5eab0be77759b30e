package io.neurostream.flink.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidPlasticity;
import io.neurostream.core.lsm.LiquidState;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Layout 2 of {@link LiquidPlasticitySerializer} keeps the STDP rules' spike traces: a liquid restored from it goes
 * on bit for bit as the one that never stopped (without the traces it does not); layout-1 values (committed, written
 * by the previous code) still read, with empty traces.
 */
class LiquidPlasticitySerializerTest {
    private static final DvsLiquid LIQUID = new DvsLiquid(PlasticitySamples.LIQUID);

    private static byte[] serialize(LiquidPlasticitySerializer.Weights w) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1 << 14);
        LiquidPlasticitySerializer.INSTANCE.serialize(w, out);
        return out.getCopyOfBuffer();
    }

    private static LiquidPlasticitySerializer.Weights deserialize(byte[] bytes) throws IOException {
        return LiquidPlasticitySerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
    }

    @ParameterizedTest
    @EnumSource(value = LiquidPlasticity.Rule.class, names = {"STDP", "TRIPLET_STDP"})
    void aRestoredLiquidGoesOnBitForBitWithItsTraces(LiquidPlasticity.Rule rule) throws IOException {
        LiquidPlasticity straight = PlasticitySamples.adapted(LIQUID, rule, 2);
        byte[] bytes = serialize(LiquidPlasticitySerializer.Weights.of(straight));
        assertThat(bytes[0]).as("layout byte").isEqualTo((byte) 2);
        LiquidPlasticitySerializer.Weights stored = deserialize(bytes);
        assertThat(stored.hasTraces()).isTrue();
        assertThat(stored.traceValues()).hasNumberOfRows(rule == LiquidPlasticity.Rule.STDP ? 2 : 4);
        LiquidPlasticity restored = stored.restore(LIQUID);
        LiquidPlasticity withoutTraces = new LiquidPlasticitySerializer.Weights(stored.params(), stored.windows(),
                stored.excitatory(), stored.inhibitory(), stored.thresholdOffsetMv()).restore(LIQUID);
        assertThat(restored.traceValues()).isDeepEqualTo(straight.traceValues());
        assertThat(restored.traceUpdateMicros()).isDeepEqualTo(straight.traceUpdateMicros());

        // the same next windows through all three; the restored one goes on exactly, the one without traces not
        LiquidState a = PlasticitySamples.feed(LIQUID, straight, 2, 4, new SplittableRandom(12));
        LiquidState b = PlasticitySamples.feed(LIQUID, restored, 2, 4, new SplittableRandom(12));
        PlasticitySamples.feed(LIQUID, withoutTraces, 2, 4, new SplittableRandom(12));
        assertThat(restored.excitatoryWeights()).as("weights after two more windows").containsExactly(
                straight.excitatoryWeights());
        assertThat(b.spikeCounts).as("spike counts of the last window").containsExactly(a.spikeCounts);
        assertThat(restored.traceValues()).isDeepEqualTo(straight.traceValues());
        assertThat(withoutTraces.excitatoryWeights()).as("restored with empty traces (the previous layout)")
                .isNotEqualTo(straight.excitatoryWeights());
    }

    @Test
    void rulesWithoutTracesRoundTripWithNone() throws IOException {
        LiquidPlasticity p = PlasticitySamples.adapted(LIQUID, LiquidPlasticity.Rule.EI_HOMEOSTASIS, 2);
        LiquidPlasticitySerializer.Weights w = deserialize(serialize(LiquidPlasticitySerializer.Weights.of(p)));
        assertThat(w.hasTraces()).isFalse();
        LiquidPlasticity q = w.restore(LIQUID);
        assertThat(q.inhibitoryWeights()).containsExactly(p.inhibitoryWeights());
        assertThat(q.windows()).isEqualTo(2);
    }

    /** The committed layout-1 file (written by the serializer before the traces) reads as it did, traces empty. */
    @Test
    void layoutOneValuesStillRestore() throws Exception {
        DataInputDeserializer in = new DataInputDeserializer(resource("liquid-plasticity.layout1.bin"));
        for (LiquidPlasticity.Rule rule : PlasticitySamples.LAYOUT1_RULES) {
            LiquidPlasticitySerializer.Weights w = LiquidPlasticitySerializer.INSTANCE.deserialize(in);
            LiquidPlasticity expected = PlasticitySamples.adapted(LIQUID, rule, 2);
            assertThat(w.hasTraces()).as("%s: a layout-1 value has no traces", rule).isFalse();
            assertThat(w.params()).isEqualTo(expected.params());
            assertThat(w.windows()).isEqualTo(expected.windows());
            LiquidPlasticity restored = w.restore(LIQUID);
            assertThat(restored.excitatoryWeights()).as(rule.option()).containsExactly(expected.excitatoryWeights());
            assertThat(restored.inhibitoryWeights()).containsExactly(expected.inhibitoryWeights());
            assertThat(restored.thresholdOffsetMv()).containsExactly(expected.thresholdOffsetMv());
            for (double[] trace : restored.traceValues()) {
                assertThat(trace).as("empty traces").containsOnly(0.0);
            }
        }
        assertThat(in.available()).isZero();

        // state read from layout 1 and checkpointed again before its stream went on (layout 2, no traces) restores too
        in = new DataInputDeserializer(resource("liquid-plasticity.layout1.bin"));
        LiquidPlasticitySerializer.Weights again = deserialize(serialize(LiquidPlasticitySerializer.INSTANCE.deserialize(in)));
        assertThat(again.hasTraces()).isFalse();
        LiquidPlasticity restored = again.restore(LIQUID);
        assertThat(restored.params().rule()).isEqualTo(LiquidPlasticity.Rule.TRIPLET_STDP);
        assertThat(restored.excitatoryWeights()).containsExactly(
                PlasticitySamples.adapted(LIQUID, LiquidPlasticity.Rule.TRIPLET_STDP, 2).excitatoryWeights());

        TypeSerializerSnapshot<LiquidPlasticitySerializer.Weights> previous =
                TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
                        new DataInputDeserializer(resource("liquid-plasticity.snapshot-layout1.bin")),
                        getClass().getClassLoader());
        TypeSerializerSchemaCompatibility<LiquidPlasticitySerializer.Weights> compatibility =
                LiquidPlasticitySerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(previous);
        assertThat(compatibility.isCompatibleAsIs()).as("layout-1 state restores as is (the layout byte dispatches)")
                .isTrue();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LiquidPlasticitySerializerTest.class.getResourceAsStream("/serializer-layouts/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
