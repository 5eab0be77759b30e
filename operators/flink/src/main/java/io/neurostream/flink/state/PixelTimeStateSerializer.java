package io.neurostream.flink.state;

import io.neurostream.operators.events.PixelTimeState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link PixelTimeState} (filters, time surfaces), version 1: width, height,
 * channels (ints), then {@code width * height * channels} longs {@code lastMicros}, row-major,
 * channel fastest.
 */
public final class PixelTimeStateSerializer extends TypeSerializerSingleton<PixelTimeState> {
    private static final long serialVersionUID = 1L;
    public static final PixelTimeStateSerializer INSTANCE = new PixelTimeStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PixelTimeState createInstance() {
        return new PixelTimeState(1, 1, 1);
    }

    @Override
    public PixelTimeState copy(PixelTimeState from) {
        PixelTimeState copy = new PixelTimeState(from.width, from.height, from.channels);
        copy.copyFrom(from);
        return copy;
    }

    @Override
    public PixelTimeState copy(PixelTimeState from, PixelTimeState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PixelTimeState s, DataOutputView out) throws IOException {
        out.writeInt(s.width);
        out.writeInt(s.height);
        out.writeInt(s.channels);
        for (long t : s.lastMicros) {
            out.writeLong(t);
        }
    }

    @Override
    public PixelTimeState deserialize(DataInputView in) throws IOException {
        int width = in.readInt();
        int height = in.readInt();
        int channels = in.readInt();
        PixelTimeState s = new PixelTimeState(width, height, channels);
        long[] last = s.lastMicros;
        for (int i = 0; i < last.length; i++) {
            last[i] = in.readLong();
        }
        return s;
    }

    @Override
    public PixelTimeState deserialize(PixelTimeState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PixelTimeState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Versioned snapshot; a future layout change bumps the serializer, not this class's users. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PixelTimeState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
