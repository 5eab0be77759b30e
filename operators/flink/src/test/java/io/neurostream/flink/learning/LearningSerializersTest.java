package io.neurostream.flink.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidParams;
import io.neurostream.core.lsm.LiquidPlasticity;
import io.neurostream.core.lsm.LiquidState;
import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The new learner state round-trips through its versioned serializers, and goes on exactly as before. */
class LearningSerializersTest {
    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void localReadoutsOfBothKindsRoundTrip() throws IOException {
        for (ReadoutKind kind : new ReadoutKind[] {ReadoutKind.LMS, ReadoutKind.THREE_FACTOR}) {
            LocalReadout a = LocalReadout.create(kind, 12, 3, LearningConfig.defaults());
            SplittableRandom r = new SplittableRandom(4);
            double[] x = new double[12];
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < x.length; j++) {
                    x[j] = r.nextDouble() * 3;
                }
                a.update(x, new double[] {i % 3 == 0 ? 1 : 0, i % 3 == 1 ? 1 : 0, i % 3 == 2 ? 1 : 0});
            }
            LocalReadout b = roundTrip(LocalReadoutSerializer.INSTANCE, a);
            LocalReadout c = LocalReadoutSerializer.INSTANCE.copy(a);
            assertThat(b.kind()).isEqualTo(kind);
            assertThat(b.updates()).isEqualTo(20);
            double[] ya = new double[3];
            double[] yb = new double[3];
            double[] yc = new double[3];
            a.predict(x, ya);
            b.predict(x, yb);
            c.predict(x, yc);
            assertThat(yb).containsExactly(ya);
            assertThat(yc).containsExactly(ya);
            assertThat(b.effectiveWeights()).containsExactly(a.effectiveWeights());
        }
    }

    @Test
    void adaptedLiquidWeightsRoundTrip() throws IOException {
        DvsLiquid liquid = new DvsLiquid(LiquidParams.nmnistDefault());
        LiquidPlasticity p = LiquidPlasticity.create(liquid,
                new LiquidPlasticity.Params(LiquidPlasticity.Rule.INTRINSIC, 1, 5, 0.05));
        LiquidState state = liquid.newState();
        state.reset(0, 100_000);
        SplittableRandom r = new SplittableRandom(2);
        for (int k = 0; k < 3000; k++) {
            liquid.onInput(state, k * 30L, r.nextInt(34), r.nextInt(34), r.nextInt(2), p);
        }
        p.endWindow(state);
        LiquidPlasticitySerializer.Weights w = roundTrip(LiquidPlasticitySerializer.INSTANCE,
                LiquidPlasticitySerializer.Weights.of(p));
        LiquidPlasticity q = w.restore(liquid);
        assertThat(q.params()).isEqualTo(p.params());
        assertThat(q.windows()).isEqualTo(1);
        assertThat(q.thresholdOffsetMv()).containsExactly(p.thresholdOffsetMv());
        assertThat(q.excitatoryWeights()).containsExactly(p.excitatoryWeights());
        assertThat(q.inhibitoryWeights()).containsExactly(p.inhibitoryWeights());
    }
}
