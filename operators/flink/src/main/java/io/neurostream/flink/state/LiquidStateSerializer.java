package io.neurostream.flink.state;

import io.neurostream.core.lsm.LiquidState;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link LiquidState}, layout 1: window start/end (long), event count (long), neuron count n
 * (int), time bins b (int), then n doubles vMv, n longs lastUpdateMicros, n longs refractoryUntilMicros, n*b ints
 * spikeCounts. Framing and versions: {@link VersionedStateSerializer}.
 */
public final class LiquidStateSerializer extends VersionedStateSerializer<LiquidState> {
    private static final long serialVersionUID = 2L;
    public static final LiquidStateSerializer INSTANCE = new LiquidStateSerializer();

    private LiquidStateSerializer() {
        super(FIRST_LAYOUT);
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
    protected void writeBody(LiquidState s, DataOutputView out) throws IOException {
        int n = s.neuronCount();
        out.writeLong(s.windowStartMicros);
        out.writeLong(s.windowEndMicros);
        out.writeLong(s.eventCount);
        out.writeInt(n);
        out.writeInt(n == 0 ? 1 : s.spikeCounts.length / n);
        writeDoubles(out, s.vMv);
        writeLongs(out, s.lastUpdateMicros);
        writeLongs(out, s.refractoryUntilMicros);
        writeInts(out, s.spikeCounts);
    }

    @Override
    protected LiquidState readBody(int layout, DataInputView in) throws IOException {
        long start = in.readLong();
        long end = in.readLong();
        long events = in.readLong();
        int n = in.readInt();
        int bins = in.readInt();
        double[] v = readDoubles(in, new double[n]);
        long[] last = readLongs(in, new long[n]);
        long[] refractory = readLongs(in, new long[n]);
        int[] counts = readInts(in, new int[n * bins]);
        return new LiquidState(v, last, refractory, counts, start, end, events);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<LiquidState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
