package io.neurostream.flink.spikes;

import io.neurostream.core.decoder.SlidingBinCounts;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link SpikeDecodeState}, version 1: has bins (boolean); if so units u (int), binMicros, stepMicros,
 * latenessMicros (long), started (boolean), nextBin, lateSpikes (long), slots s (int), s*u ints
 * counts, s ints slot totals; u doubles smoothed, smoothPrimed (boolean); then coveredUntilMicros, lastIngestMillis,
 * lastLearnedBin (long), learningBase (boolean), switches k (int), k longs times, k booleans.
 */
public final class SpikeDecodeStateSerializer extends TypeSerializerSingleton<SpikeDecodeState> {
    private static final long serialVersionUID = 1L;
    public static final SpikeDecodeStateSerializer INSTANCE = new SpikeDecodeStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public SpikeDecodeState createInstance() {
        return new SpikeDecodeState();
    }

    @Override
    public SpikeDecodeState copy(SpikeDecodeState from) {
        SlidingBinCounts b = from.bins;
        SpikeDecodeState s = b == null ? new SpikeDecodeState()
                : new SpikeDecodeState(SlidingBinCounts.restore(b.unitCount(), b.binMicros(), b.stepMicros(),
                        b.latenessMicros(), b.isStarted(), b.nextBin(), b.lateSpikes(), b.counts(), b.slotTotals()),
                        from.smoothed.clone());
        s.smoothPrimed = from.smoothPrimed;
        s.coveredUntilMicros = from.coveredUntilMicros;
        s.lastIngestMillis = from.lastIngestMillis;
        s.lastLearnedBin = from.lastLearnedBin;
        s.learningBase = from.learningBase;
        s.switchTimesMicros = from.switchTimesMicros.clone();
        s.switchLearning = from.switchLearning.clone();
        return s;
    }

    @Override
    public SpikeDecodeState copy(SpikeDecodeState from, SpikeDecodeState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SpikeDecodeState s, DataOutputView out) throws IOException {
        SlidingBinCounts b = s.bins;
        out.writeBoolean(b != null);
        if (b != null) {
            writeBins(s, b, out);
        }
        out.writeLong(s.coveredUntilMicros);
        out.writeLong(s.lastIngestMillis);
        out.writeLong(s.lastLearnedBin);
        out.writeBoolean(s.learningBase);
        out.writeInt(s.switchTimesMicros.length);
        for (long t : s.switchTimesMicros) {
            out.writeLong(t);
        }
        for (boolean v : s.switchLearning) {
            out.writeBoolean(v);
        }
    }

    private static void writeBins(SpikeDecodeState s, SlidingBinCounts b, DataOutputView out) throws IOException {
        out.writeInt(b.unitCount());
        out.writeLong(b.binMicros());
        out.writeLong(b.stepMicros());
        out.writeLong(b.latenessMicros());
        out.writeBoolean(b.isStarted());
        out.writeLong(b.nextBin());
        out.writeLong(b.lateSpikes());
        int[] totals = b.slotTotals();
        out.writeInt(totals.length);
        for (int c : b.counts()) {
            out.writeInt(c);
        }
        for (int c : totals) {
            out.writeInt(c);
        }
        for (double v : s.smoothed) {
            out.writeDouble(v);
        }
        out.writeBoolean(s.smoothPrimed);
    }

    @Override
    public SpikeDecodeState deserialize(DataInputView in) throws IOException {
        SpikeDecodeState s = in.readBoolean() ? readBins(in) : new SpikeDecodeState();
        s.coveredUntilMicros = in.readLong();
        s.lastIngestMillis = in.readLong();
        s.lastLearnedBin = in.readLong();
        s.learningBase = in.readBoolean();
        int k = in.readInt();
        s.switchTimesMicros = new long[k];
        s.switchLearning = new boolean[k];
        for (int i = 0; i < k; i++) {
            s.switchTimesMicros[i] = in.readLong();
        }
        for (int i = 0; i < k; i++) {
            s.switchLearning[i] = in.readBoolean();
        }
        return s;
    }

    private static SpikeDecodeState readBins(DataInputView in) throws IOException {
        int units = in.readInt();
        long bin = in.readLong();
        long step = in.readLong();
        long lateness = in.readLong();
        boolean started = in.readBoolean();
        long nextBin = in.readLong();
        long late = in.readLong();
        int slots = in.readInt();
        int[] counts = new int[slots * units];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = in.readInt();
        }
        int[] totals = new int[slots];
        for (int i = 0; i < slots; i++) {
            totals[i] = in.readInt();
        }
        double[] smoothed = new double[units];
        for (int i = 0; i < units; i++) {
            smoothed[i] = in.readDouble();
        }
        SpikeDecodeState s = new SpikeDecodeState(
                SlidingBinCounts.restore(units, bin, step, lateness, started, nextBin, late, counts, totals), smoothed);
        s.smoothPrimed = in.readBoolean();
        return s;
    }

    @Override
    public SpikeDecodeState deserialize(SpikeDecodeState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<SpikeDecodeState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Versioned snapshot; a layout change bumps the serializer, not this class's users. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SpikeDecodeState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
