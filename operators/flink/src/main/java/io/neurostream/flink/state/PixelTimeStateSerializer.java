package io.neurostream.flink.state;

import io.neurostream.operators.events.PixelTimeState;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link PixelTimeState} (filters, time surfaces), layout 1: width, height, channels (ints),
 * then {@code width * height * channels} longs times (µs), row-major, channel fastest. Framing and versions:
 * {@link VersionedStateSerializer}.
 */
public final class PixelTimeStateSerializer extends VersionedStateSerializer<PixelTimeState> {
    private static final long serialVersionUID = 2L;
    public static final PixelTimeStateSerializer INSTANCE = new PixelTimeStateSerializer();

    private PixelTimeStateSerializer() {
        super(FIRST_LAYOUT);
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
    protected void writeBody(PixelTimeState s, DataOutputView out) throws IOException {
        out.writeInt(s.width);
        out.writeInt(s.height);
        out.writeInt(s.channels);
        writeLongs(out, s.toMicros()); // full times, as before the in-memory offsets (issue 14): same layout
    }

    @Override
    protected PixelTimeState readBody(int layout, DataInputView in) throws IOException {
        PixelTimeState s = new PixelTimeState(in.readInt(), in.readInt(), in.readInt());
        long[] times = new long[s.size()];
        readLongs(in, times);
        s.fromMicros(times);
        return s;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<PixelTimeState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
