package io.neurostream.flink.state;

import io.neurostream.operators.events.FeastState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link FeastState} (learned FEAST neurons), version 1: neurons n, context
 * size c (ints), then {@code n * c} doubles of weights (neuron-major) and n doubles of thresholds.
 */
public final class FeastStateSerializer extends TypeSerializerSingleton<FeastState> {
    private static final long serialVersionUID = 1L;
    public static final FeastStateSerializer INSTANCE = new FeastStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
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
    public FeastState copy(FeastState from, FeastState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FeastState s, DataOutputView out) throws IOException {
        out.writeInt(s.neurons);
        out.writeInt(s.contextSize);
        for (double w : s.weights) {
            out.writeDouble(w);
        }
        for (double th : s.thresholds) {
            out.writeDouble(th);
        }
    }

    @Override
    public FeastState deserialize(DataInputView in) throws IOException {
        int neurons = in.readInt();
        int contextSize = in.readInt();
        if (neurons < 1 || contextSize < 1 || (long) neurons * contextSize > Integer.MAX_VALUE - 8) {
            throw new IOException("corrupt FeastState: " + neurons + " neurons x " + contextSize + " context");
        }
        FeastState s = new FeastState(neurons, contextSize);
        for (int i = 0; i < s.weights.length; i++) {
            s.weights[i] = in.readDouble();
        }
        for (int i = 0; i < neurons; i++) {
            s.thresholds[i] = in.readDouble();
        }
        return s;
    }

    @Override
    public FeastState deserialize(FeastState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<FeastState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Versioned snapshot; a future layout change bumps the serializer, not this class's users. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeastState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
