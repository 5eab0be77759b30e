package io.neurostream.flink.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.core.decoder.EsnRateDecoder;
import io.neurostream.core.decoder.LmsRateDecoder;
import io.neurostream.core.decoder.RateDecoder;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import io.neurostream.flink.state.VersionedStateSerializer;
import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Layout 2 of {@link RateDecoderSerializer}: LMS and plastic decoders round-trip; they have no layout-1 form. */
class RateDecoderSerializerLayoutTwoTest {
    private static final EsnRateDecoder.Params ESN = new EsnRateDecoder.Params(
            new EsnParams(12, 3, 0.9, 0.5, 0.5, 0.2, 0.3, 0.5, 9L), 2, 0.5, true, 0.999, 1.0);

    /** Decoders that learned and adapted a little, so that no field is at its initial value. */
    private static RateDecoder[] samples() {
        SplittableRandom r = new SplittableRandom(4);
        Esn esn = new Esn(ESN.esn());
        RateDecoder[] d = {
            new LmsRateDecoder(3, 2, 0.1),
            new EsnRateDecoder(ESN, esn, new EsnRateDecoder.Adaptation(0.05, 1e-3)),
            new EsnRateDecoder(ESN, esn, new EsnRateDecoder.Adaptation(0, 1e-3)),
            new EsnRateDecoder(ESN, esn, new EsnRateDecoder.Adaptation(0.05, 0)),
        };
        double[] out = new double[2];
        for (RateDecoder decoder : d) {
            for (int t = 0; t < 20; t++) {
                double[] u = {r.nextDouble(3), r.nextDouble(3), r.nextDouble(3)};
                decoder.decode(u, out);
                decoder.learn(u, new double[] {u[0] - u[1], u[2]});
            }
        }
        d[0].setLearning(false);
        return d;
    }

    @Test
    void lmsAndPlasticDecodersRoundTripInLayoutTwo() throws IOException {
        RateDecoderSerializer serializer = new RateDecoderSerializer();
        assertThat(serializer.currentLayout()).isEqualTo(2);
        for (RateDecoder d : samples()) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(d, out);
            byte[] bytes = out.getCopyOfBuffer();
            assertThat(bytes[0]).isEqualTo((byte) 2);
            RateDecoder back = new RateDecoderSerializer().deserialize(new DataInputDeserializer(bytes));
            assertThat(back).hasSameClassAs(d);
            assertThat(back.updates()).isEqualTo(d.updates());
            assertThat(back.isLearning()).isEqualTo(d.isLearning());
            if (d instanceof EsnRateDecoder e) {
                assertThat(back).isEqualTo(e);
            } else {
                LmsRateDecoder l = (LmsRateDecoder) d;
                assertThat(((LmsRateDecoder) back).readout().weights()).isEqualTo(l.readout().weights());
                assertThat(((LmsRateDecoder) back).readout().mu()).isEqualTo(l.readout().mu());
            }
            // the copy is deep and equal too
            RateDecoder copy = serializer.copy(d);
            assertThat(copy).isNotSameAs(d);
            if (d instanceof EsnRateDecoder e) {
                assertThat(copy).isEqualTo(e);
            }
            // decoding on from the restored decoder gives the same numbers
            double[] u = {1, 2, 0.5};
            double[] a = new double[2];
            double[] b = new double[2];
            d.decode(u, a);
            back.decode(u, b);
            assertThat(b).isEqualTo(a);
        }
    }

    @Test
    void theyHaveNoLayoutOneFormButPlainDecodersKeepTheirLayoutOneBytes() throws IOException {
        TypeSerializer<RateDecoder> layoutOne = unversioned();
        for (RateDecoder d : samples()) {
            assertThatThrownBy(() -> layoutOne.serialize(d, new DataOutputSerializer(64)))
                    .hasMessageContaining("no layout-1 form");
        }
        EsnRateDecoder plain = new EsnRateDecoder(ESN, new Esn(ESN.esn()));
        DataOutputSerializer v1 = new DataOutputSerializer(256);
        layoutOne.serialize(plain, v1);
        DataOutputSerializer v2 = new DataOutputSerializer(256);
        new RateDecoderSerializer().serialize(plain, v2);
        byte[] two = v2.getCopyOfBuffer();
        assertThat(java.util.Arrays.copyOfRange(two, 1, two.length)).as("kind 3 body unchanged")
                .isEqualTo(v1.getCopyOfBuffer());
    }

    /** The serializer Flink restores from a snapshot written before values carried a layout byte (layout 1). */
    private static TypeSerializer<RateDecoder> unversioned() throws IOException {
        TypeSerializerSnapshot<RateDecoder> old = new RateDecoderSerializer().snapshotConfiguration();
        old.readSnapshot(VersionedStateSerializer.Snapshot.UNVERSIONED_VALUES, new DataInputDeserializer(new byte[0]),
                RateDecoderSerializerLayoutTwoTest.class.getClassLoader());
        return old.restoreSerializer();
    }
}
