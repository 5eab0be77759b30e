package io.neurostream.flink.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of the open window's binned input counts ({@code io.neurostream.core.features.BinnedCounts},
 * dvs-classify's {@code --readout-input counts}), layout 1: length n (int), then n ints. Framing and versions:
 * {@link VersionedStateSerializer}.
 */
public final class InputCountsSerializer extends VersionedStateSerializer<int[]> {
    private static final long serialVersionUID = 1L;
    public static final InputCountsSerializer INSTANCE = new InputCountsSerializer();

    private InputCountsSerializer() {
        super(FIRST_LAYOUT);
    }

    @Override
    public int[] createInstance() {
        return new int[0];
    }

    @Override
    public int[] copy(int[] from) {
        return from.clone();
    }

    @Override
    protected void writeBody(int[] counts, DataOutputView out) throws IOException {
        out.writeInt(counts.length);
        writeInts(out, counts);
    }

    @Override
    protected int[] readBody(int layout, DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt input counts: length " + n);
        }
        return readInts(in, new int[n]);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<int[]> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
