package io.neurostream.flink.state;

import io.neurostream.core.lsm.LiquidState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link LiquidState}, version 1: window start/end (long), event count
 * (long), neuron count n (int), time bins b (int), then n doubles vMv, n longs lastUpdateMicros,
 * n longs refractoryUntilMicros, n*b ints spikeCounts.
 */
public final class LiquidStateSerializer extends TypeSerializerSingleton<LiquidState> {
    private static final long serialVersionUID = 1L;
    public static final LiquidStateSerializer INSTANCE = new LiquidStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public LiquidState createInstance() {
        return new LiquidState(0, 1);
    }

    @Override
    public LiquidState copy(LiquidState from) {
        return new LiquidState(from.vMv.clone(), from.lastUpdateMicros.clone(), from.refractoryUntilMicros.clone(),
                from.spikeCounts.clone(), from.windowStartMicros, from.windowEndMicros, from.eventCount);
    }

    @Override
    public LiquidState copy(LiquidState from, LiquidState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(LiquidState s, DataOutputView out) throws IOException {
        int n = s.neuronCount();
        out.writeLong(s.windowStartMicros);
        out.writeLong(s.windowEndMicros);
        out.writeLong(s.eventCount);
        out.writeInt(n);
        out.writeInt(n == 0 ? 1 : s.spikeCounts.length / n);
        for (int i = 0; i < n; i++) {
            out.writeDouble(s.vMv[i]);
        }
        for (int i = 0; i < n; i++) {
            out.writeLong(s.lastUpdateMicros[i]);
        }
        for (int i = 0; i < n; i++) {
            out.writeLong(s.refractoryUntilMicros[i]);
        }
        for (int count : s.spikeCounts) {
            out.writeInt(count);
        }
    }

    @Override
    public LiquidState deserialize(DataInputView in) throws IOException {
        long start = in.readLong();
        long end = in.readLong();
        long events = in.readLong();
        int n = in.readInt();
        int bins = in.readInt();
        double[] v = new double[n];
        long[] last = new long[n];
        long[] refractory = new long[n];
        int[] counts = new int[n * bins];
        for (int i = 0; i < n; i++) {
            v[i] = in.readDouble();
        }
        for (int i = 0; i < n; i++) {
            last[i] = in.readLong();
        }
        for (int i = 0; i < n; i++) {
            refractory[i] = in.readLong();
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] = in.readInt();
        }
        return new LiquidState(v, last, refractory, counts, start, end, events);
    }

    @Override
    public LiquidState deserialize(LiquidState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<LiquidState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Versioned snapshot; a future layout change bumps the serializer, not this class's users. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LiquidState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
