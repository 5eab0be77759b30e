package io.neurostream.flink.spikes;

import io.neurostream.core.decoder.SlidingBinCounts;
import io.neurostream.flink.state.VersionedStateSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link SpikeDecodeState}, layout 1: has bins (boolean); if so units u (int), binMicros,
 * stepMicros, latenessMicros (long), started (boolean), nextBin, lateSpikes (long), slots s (int), s*u ints counts,
 * s ints slot totals; u doubles smoothed, smoothPrimed (boolean); then coveredUntilMicros, lastIngestMillis,
 * lastLearnedBin (long), learningBase (boolean), switches k (int), k longs times, k booleans. Framing and versions:
 * {@link VersionedStateSerializer}.
 */
public final class SpikeDecodeStateSerializer extends VersionedStateSerializer<SpikeDecodeState> {
    private static final long serialVersionUID = 2L;
    public static final SpikeDecodeStateSerializer INSTANCE = new SpikeDecodeStateSerializer();

    private SpikeDecodeStateSerializer() {
        super(FIRST_LAYOUT);
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
    protected void writeBody(SpikeDecodeState s, DataOutputView out) throws IOException {
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
        writeLongs(out, s.switchTimesMicros);
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
        out.writeInt(b.slotTotals().length);
        writeInts(out, b.counts());
        writeInts(out, b.slotTotals());
        writeDoubles(out, s.smoothed);
        out.writeBoolean(s.smoothPrimed);
    }

    @Override
    protected SpikeDecodeState readBody(int layout, DataInputView in) throws IOException {
        SpikeDecodeState s = in.readBoolean() ? readBins(in) : new SpikeDecodeState();
        s.coveredUntilMicros = in.readLong();
        s.lastIngestMillis = in.readLong();
        s.lastLearnedBin = in.readLong();
        s.learningBase = in.readBoolean();
        int k = in.readInt();
        s.switchTimesMicros = readLongs(in, new long[k]);
        s.switchLearning = new boolean[k];
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
        int[] counts = readInts(in, new int[slots * units]);
        int[] totals = readInts(in, new int[slots]);
        double[] smoothed = readDoubles(in, new double[units]);
        SpikeDecodeState s = new SpikeDecodeState(
                SlidingBinCounts.restore(units, bin, step, lateness, started, nextBin, late, counts, totals), smoothed);
        s.smoothPrimed = in.readBoolean();
        return s;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<SpikeDecodeState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
