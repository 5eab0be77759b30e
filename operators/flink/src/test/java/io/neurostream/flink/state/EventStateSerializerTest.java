package io.neurostream.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.operators.events.FeastParams;
import io.neurostream.operators.events.FeastState;
import io.neurostream.operators.events.PixelTimeState;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EventStateSerializerTest {

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    private static <T> TypeSerializer<T> restoredFromSnapshot(TypeSerializer<T> serializer) throws Exception {
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass(serializer));
        assertThat(read.resolveSchemaCompatibility(snapshot).isCompatibleAsIs()).isTrue();
        return read.restoreSerializer();
    }

    private static ClassLoader getClass(Object o) {
        return o.getClass().getClassLoader();
    }

    @Test
    void pixelTimeStateRoundTripsAndCopiesDeeply() throws Exception {
        PixelTimeState s = new PixelTimeState(7, 5, 2);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < s.size(); i += 3) {
            s.set(i, random.nextLong(1_000_000));
        }
        PixelTimeState back = roundTrip(PixelTimeStateSerializer.INSTANCE, s);
        assertThat(back).isEqualTo(s);
        assertThat(back.width).isEqualTo(7);
        assertThat(back.channels).isEqualTo(2);
        assertThat(back.get(1)).isEqualTo(PixelTimeState.NEVER);
        PixelTimeState copy = PixelTimeStateSerializer.INSTANCE.copy(s);
        copy.set(0, copy.get(0) + 1);
        assertThat(copy).isNotEqualTo(s);
        assertThat(restoredFromSnapshot(PixelTimeStateSerializer.INSTANCE)).isSameAs(PixelTimeStateSerializer.INSTANCE);
    }

    @Test
    void feastStateRoundTripsAndCopiesDeeply() throws Exception {
        FeastState s = FeastState.random(FeastParams.afshar2020(16, 25), new SplittableRandom(9));
        s.thresholds[3] = 0.25;
        FeastState back = roundTrip(FeastStateSerializer.INSTANCE, s);
        assertThat(back).isEqualTo(s);
        FeastState copy = FeastStateSerializer.INSTANCE.copy(s);
        copy.weights[0] = 2;
        assertThat(copy).isNotEqualTo(s);
        assertThat(restoredFromSnapshot(FeastStateSerializer.INSTANCE)).isSameAs(FeastStateSerializer.INSTANCE);
    }
}
