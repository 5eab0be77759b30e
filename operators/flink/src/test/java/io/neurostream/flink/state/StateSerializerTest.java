package io.neurostream.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidParams;
import io.neurostream.core.lsm.LiquidState;
import io.neurostream.core.readout.RlsReadout;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class StateSerializerTest {

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void liquidStateRoundTripsAndCopiesDeeply() throws Exception {
        LiquidParams params = LiquidParams.nmnistDefault();
        DvsLiquid liquid = new DvsLiquid(params);
        LiquidState state = liquid.newState();
        state.reset(400_000, 800_000);
        for (int i = 0; i < 500; i++) {
            liquid.onEvent(state, 400_000 + i * 100L, i % 34, (i * 7) % 34, i % 3 == 0);
        }
        assertThat(state.totalSpikes()).isPositive();
        LiquidState back = roundTrip(LiquidStateSerializer.INSTANCE, state);
        assertThat(back).isEqualTo(state);
        LiquidState copy = LiquidStateSerializer.INSTANCE.copy(state);
        copy.spikeCounts[0]++;
        assertThat(copy).isNotEqualTo(state);
    }

    @Test
    void readoutRoundTrips() throws Exception {
        RlsReadout readout = new RlsReadout(5, 2, 0.99, 10);
        readout.update(new double[] {1, 2, 3, 4, 5}, new double[] {1, 0});
        readout.update(new double[] {0, 1, 0, 1, 0}, new double[] {0, 1});
        RlsReadout back = roundTrip(RlsReadoutSerializer.INSTANCE, readout);
        assertThat(back).isEqualTo(readout);
        assertThat(back.updates()).isEqualTo(2);
        assertThat(RlsReadoutSerializer.INSTANCE.snapshotConfiguration().restoreSerializer())
                .isSameAs(RlsReadoutSerializer.INSTANCE);
    }
}
