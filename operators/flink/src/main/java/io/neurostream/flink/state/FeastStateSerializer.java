package io.neurostream.flink.state;

import io.neurostream.operators.events.FeastState;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link FeastState} (learned FEAST neurons), layout 1: neurons n, context size c (ints), then
 * {@code n * c} doubles of weights (neuron-major) and n doubles of thresholds. Framing and versions:
 * {@link VersionedStateSerializer}.
 */
public final class FeastStateSerializer extends VersionedStateSerializer<FeastState> {
    private static final long serialVersionUID = 2L;
    public static final FeastStateSerializer INSTANCE = new FeastStateSerializer();

    private FeastStateSerializer() {
        super(FIRST_LAYOUT);
    }

    @Override
    public FeastState createInstance() {
        return new FeastState(1, 1);
    }

    @Override
    public FeastState copy(FeastState from) {
        FeastState copy = new FeastState(from.neurons, from.contextSize);
        copy.copyFrom(from);
        return copy;
    }

    @Override
    protected void writeBody(FeastState s, DataOutputView out) throws IOException {
        out.writeInt(s.neurons);
        out.writeInt(s.contextSize);
        writeDoubles(out, s.weights);
        writeDoubles(out, s.thresholds);
    }

    @Override
    protected FeastState readBody(int layout, DataInputView in) throws IOException {
        int neurons = in.readInt();
        int contextSize = in.readInt();
        if (neurons < 1 || contextSize < 1 || (long) neurons * contextSize > Integer.MAX_VALUE - 8) {
            throw new IOException("corrupt FeastState: " + neurons + " neurons x " + contextSize + " context");
        }
        FeastState s = new FeastState(neurons, contextSize);
        readDoubles(in, s.weights);
        readDoubles(in, s.thresholds);
        return s;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<FeastState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
