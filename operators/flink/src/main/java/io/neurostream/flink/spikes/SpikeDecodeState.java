package io.neurostream.flink.spikes;

import io.neurostream.core.decoder.SlidingBinCounts;
import java.util.Arrays;

/**
 * Per-session state of spike-decode besides the decoder: the open bins' counts, the smoother's
 * state, when learning is frozen (from Control records), and bookkeeping. Mutable; touched once
 * per SpikeBatch.
 */
public final class SpikeDecodeState {
    /** Open bins' spike counts; null until the session's first SpikeBatch (a Control may come first). */
    public SlidingBinCounts bins;
    /** Exponentially smoothed counts of the last closed bin (smoother state); null with {@link #bins}. */
    public double[] smoothed;
    public boolean smoothPrimed;
    /** Largest batch end seen (µs, exclusive): the watermark closes only bins starting before it. */
    public long coveredUntilMicros = Long.MIN_VALUE;
    /** Kafka ingest time of the last batch (used when the watermark closes a bin). */
    public long lastIngestMillis;
    /** Index of the last bin learned from, -1 if none (labels after a gap reset Kalman's pairing). */
    public long lastLearnedBin = -1;
    /** Learning switch before the first entry of {@link #switchTimesMicros}. */
    public boolean learningBase = true;
    /** Times (µs, increasing) from which learning is on/off, from FREEZE/UNFREEZE controls. */
    public long[] switchTimesMicros = new long[0];
    public boolean[] switchLearning = new boolean[0];

    /** A session seen only through a Control so far. */
    public SpikeDecodeState() {
    }

    public SpikeDecodeState(SlidingBinCounts bins) {
        this.bins = bins;
        this.smoothed = new double[bins.unitCount()];
    }

    public SpikeDecodeState(SlidingBinCounts bins, double[] smoothed) {
        if (bins == null || smoothed == null) {
            if (bins != null || smoothed != null) {
                throw new IllegalArgumentException("bins and smoothed are both null or both set");
            }
            return;
        }
        if (smoothed.length != bins.unitCount()) {
            throw new IllegalArgumentException("smoothed has " + smoothed.length + " values, expected " + bins.unitCount());
        }
        this.bins = bins;
        this.smoothed = smoothed;
    }

    /** Whether labels of a bin starting at {@code tMicros} may be learned from. */
    public boolean learningAt(long tMicros) {
        boolean on = learningBase;
        for (int i = 0; i < switchTimesMicros.length && switchTimesMicros[i] <= tMicros; i++) {
            on = switchLearning[i];
        }
        return on;
    }

    /** Records "learning on/off from {@code tMicros}"; a later switch at the same time wins. */
    public void addSwitch(long tMicros, boolean learning) {
        int n = switchTimesMicros.length;
        int at = 0;
        while (at < n && switchTimesMicros[at] <= tMicros) {
            at++;
        }
        long[] times = new long[n + 1];
        boolean[] values = new boolean[n + 1];
        System.arraycopy(switchTimesMicros, 0, times, 0, at);
        System.arraycopy(switchLearning, 0, values, 0, at);
        times[at] = tMicros;
        values[at] = learning;
        System.arraycopy(switchTimesMicros, at, times, at + 1, n - at);
        System.arraycopy(switchLearning, at, values, at + 1, n - at);
        switchTimesMicros = times;
        switchLearning = values;
    }

    /** Folds the switches at or before {@code horizonMicros} into {@link #learningBase}. */
    public void pruneSwitches(long horizonMicros) {
        int k = 0;
        while (k < switchTimesMicros.length && switchTimesMicros[k] <= horizonMicros) {
            learningBase = switchLearning[k];
            k++;
        }
        if (k > 0) {
            switchTimesMicros = Arrays.copyOfRange(switchTimesMicros, k, switchTimesMicros.length);
            switchLearning = Arrays.copyOfRange(switchLearning, k, switchLearning.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpikeDecodeState s && java.util.Objects.equals(s.bins, bins)
                && Arrays.equals(s.smoothed, smoothed)
                && s.smoothPrimed == smoothPrimed && s.coveredUntilMicros == coveredUntilMicros && s.lastIngestMillis == lastIngestMillis
                && s.lastLearnedBin == lastLearnedBin && s.learningBase == learningBase
                && Arrays.equals(s.switchTimesMicros, switchTimesMicros) && Arrays.equals(s.switchLearning, switchLearning);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(bins) * 31 + Long.hashCode(lastLearnedBin);
    }
}
