package io.neurostream.flink.spikes;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.decoder.EsnRateDecoder;
import io.neurostream.core.decoder.KalmanVelocityDecoder;
import io.neurostream.core.decoder.RateDecoder;
import io.neurostream.core.decoder.RlsRateDecoder;
import io.neurostream.core.decoder.SlidingBinCounts;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpikeStateSerializerTest {

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void decodeStateRoundTripsWithAndWithoutBins() throws Exception {
        SpikeDecodeState empty = new SpikeDecodeState();
        empty.addSwitch(500, false);
        assertThat(roundTrip(SpikeDecodeStateSerializer.INSTANCE, empty)).isEqualTo(empty);

        SpikeDecodeState s = new SpikeDecodeState(new SlidingBinCounts(5, 40_000, 20_000, 10_000));
        s.bins.add(1_000, 4);
        s.bins.add(21_000, 2);
        s.smoothed[3] = 0.25;
        s.smoothPrimed = true;
        s.coveredUntilMicros = 40_000;
        s.lastIngestMillis = 123;
        s.lastLearnedBin = 7;
        s.addSwitch(900, false);
        s.addSwitch(100, true);
        SpikeDecodeState back = roundTrip(SpikeDecodeStateSerializer.INSTANCE, s);
        assertThat(back).isEqualTo(s);
        assertThat(back.switchTimesMicros).containsExactly(100, 900);
        SpikeDecodeState copy = SpikeDecodeStateSerializer.INSTANCE.copy(s);
        copy.bins.add(22_000, 1);
        copy.smoothed[0] = 1;
        assertThat(copy).isNotEqualTo(s);
        assertThat(SpikeDecodeStateSerializer.INSTANCE.snapshotConfiguration().restoreSerializer())
                .isSameAs(SpikeDecodeStateSerializer.INSTANCE);
    }

    @Test
    void learningSwitchesApplyFromTheirTime() {
        SpikeDecodeState s = new SpikeDecodeState();
        s.addSwitch(1000, false);
        s.addSwitch(2000, true);
        assertThat(s.learningAt(999)).isTrue();
        assertThat(s.learningAt(1000)).isFalse();
        assertThat(s.learningAt(2500)).isTrue();
        s.pruneSwitches(1500);
        assertThat(s.learningBase).isFalse();
        assertThat(s.switchTimesMicros).containsExactly(2000);
        assertThat(s.learningAt(1999)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(DecoderKind.class)
    void decodersRoundTripAndCopyDeeply(DecoderKind kind) throws Exception {
        SpikeDecodeConfig config = SpikeDecodeConfig.defaults(kind).withReservoir(30, 9L);
        RateDecoder decoder = new SpikeDecodeFunction(config, "spike-decode", "labels").newDecoderForTest(12);
        SplittableRandom random = new SplittableRandom(2);
        double[] rates = new double[12];
        double[] out = new double[decoder.outputCount()];
        for (int t = 0; t < 50; t++) {
            for (int i = 0; i < rates.length; i++) {
                rates[i] = random.nextInt(4);
            }
            decoder.decode(rates, out);
            decoder.learn(rates, new double[] {random.nextDouble(), random.nextDouble()});
        }
        RateDecoderSerializer serializer = new RateDecoderSerializer();
        RateDecoder back = roundTrip(serializer, decoder);
        RateDecoder copy = serializer.copy(decoder);
        // all three continue identically
        double[] a = new double[out.length];
        double[] b = new double[out.length];
        double[] c = new double[out.length];
        for (int t = 0; t < 20; t++) {
            for (int i = 0; i < rates.length; i++) {
                rates[i] = random.nextInt(4);
            }
            decoder.decode(rates, a);
            back.decode(rates, b);
            copy.decode(rates, c);
            assertThat(b).containsExactly(a);
            assertThat(c).containsExactly(a);
            double[] target = {random.nextDouble(), random.nextDouble()};
            decoder.learn(rates, target);
            back.learn(rates, target);
            copy.learn(rates, target);
        }
        assertThat(back.updates()).isEqualTo(decoder.updates());
        if (decoder instanceof KalmanVelocityDecoder k) {
            assertThat(((KalmanVelocityDecoder) back).snapshot()).isEqualTo(k.snapshot());
        } else if (decoder instanceof RlsRateDecoder r) {
            assertThat(((RlsRateDecoder) back).readout()).isEqualTo(r.readout());
        } else if (decoder instanceof EsnRateDecoder e) {
            assertThat(back).isEqualTo(e);
        }
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isInstanceOf(RateDecoderSerializer.class);
    }
}
