package io.neurostream.core.decoder;

import java.util.Arrays;

/**
 * Per-unit spike counts in event-time bins of width {@code binMicros} that start every
 * {@code stepMicros} (overlapping when step &lt; width), on a grid aligned to time 0: bin k covers
 * {@code [k step, k step + width)}. Bins are closed in order with {@link #closeNext(double[])}.
 *
 * <p>Spikes are counted per step-long slot in a ring of {@code width/step + ceil(lateness/step)}
 * slots, so a bin stays open for spikes arriving up to {@code latenessMicros} after its end and
 * closing a bin costs O(units * width/step). A spike for a slot no open bin covers is late:
 * refused and counted. State is primitive arrays (checkpointed as they are).
 *
 * <pre>{@code
 * SlidingBinCounts bins = new SlidingBinCounts(256, 20_000, 20_000, 0);
 * bins.add(tMicros, unit);                       // per spike, tMicros >= bins.nextBinStartMicros()
 * while (bins.isComplete(batchEndMicros)) {       // a batch says: no more spikes before its end
 *     int spikes = bins.closeNext(counts);        // counts of bin [start, start + width)
 * }
 * }</pre>
 */
public final class SlidingBinCounts {
    private final int unitCount;
    private final long binMicros;
    private final long stepMicros;
    private final long latenessMicros;
    private final int slotsPerBin;
    private final int ringSlots;
    private final int[] counts;      // ringSlots x unitCount
    private final int[] slotTotals;  // ringSlots
    private boolean started;
    private long nextBin;            // index of the next bin to close (= its first slot)
    private long lateSpikes;

    /**
     * @param unitCount units, &gt;= 1
     * @param binMicros bin width, a positive multiple of stepMicros
     * @param stepMicros bin step (hop), &gt; 0
     * @param latenessMicros how long past its end a bin stays open, &gt;= 0
     */
    public SlidingBinCounts(int unitCount, long binMicros, long stepMicros, long latenessMicros) {
        if (unitCount < 1) {
            throw new IllegalArgumentException("unitCount must be >= 1, got " + unitCount);
        }
        if (stepMicros < 1 || binMicros < stepMicros || binMicros % stepMicros != 0) {
            throw new IllegalArgumentException("binMicros must be a positive multiple of stepMicros >= 1, got "
                    + binMicros + " and " + stepMicros);
        }
        if (latenessMicros < 0) {
            throw new IllegalArgumentException("latenessMicros must be >= 0, got " + latenessMicros);
        }
        long ring = binMicros / stepMicros + (latenessMicros + stepMicros - 1) / stepMicros;
        if ((long) unitCount * ring > 64L << 20) {
            throw new IllegalArgumentException("units x slots = " + unitCount + " x " + ring
                    + " is too large: use a larger step or a smaller lateness");
        }
        this.unitCount = unitCount;
        this.binMicros = binMicros;
        this.stepMicros = stepMicros;
        this.latenessMicros = latenessMicros;
        this.slotsPerBin = (int) (binMicros / stepMicros);
        this.ringSlots = (int) ring;
        this.counts = new int[ringSlots * unitCount];
        this.slotTotals = new int[ringSlots];
    }

    /** Restores a checkpointed state (arrays copied). */
    public static SlidingBinCounts restore(int unitCount, long binMicros, long stepMicros, long latenessMicros,
                                           boolean started, long nextBin, long lateSpikes, int[] counts,
                                           int[] slotTotals) {
        SlidingBinCounts b = new SlidingBinCounts(unitCount, binMicros, stepMicros, latenessMicros);
        if (counts.length != b.counts.length || slotTotals.length != b.slotTotals.length) {
            throw new IllegalArgumentException("restored arrays have lengths " + counts.length + "/"
                    + slotTotals.length + ", expected " + b.counts.length + "/" + b.slotTotals.length);
        }
        System.arraycopy(counts, 0, b.counts, 0, counts.length);
        System.arraycopy(slotTotals, 0, b.slotTotals, 0, slotTotals.length);
        b.started = started;
        b.nextBin = nextBin;
        b.lateSpikes = lateSpikes;
        return b;
    }

    /** Starts the grid so that the first bin is the one starting at or before {@code tMicros}; no-op once started. */
    public void startAt(long tMicros) {
        if (!started) {
            started = true;
            nextBin = Math.floorDiv(tMicros, stepMicros);
        }
    }

    public boolean isStarted() {
        return started;
    }

    /** Whether a spike at {@code tMicros} falls inside the slots held now (else close bins first, or it is late). */
    public boolean fits(long tMicros) {
        if (!started) {
            return true;
        }
        long slot = Math.floorDiv(tMicros, stepMicros);
        return slot < nextBin + ringSlots;
    }

    /**
     * Counts one spike (starting the grid if needed).
     *
     * @return false if it is late (no open bin covers it) and was dropped
     * @throws IllegalStateException if it does not {@link #fits fit} yet: close bins first
     */
    public boolean add(long tMicros, int unit) {
        if (unit < 0 || unit >= unitCount) {
            throw new IllegalArgumentException("unit " + unit + " outside [0, " + unitCount + ")");
        }
        startAt(tMicros);
        long slot = Math.floorDiv(tMicros, stepMicros);
        if (slot < nextBin) {
            lateSpikes++;
            return false;
        }
        if (slot >= nextBin + ringSlots) {
            throw new IllegalStateException("spike at " + tMicros + " µs is beyond the open bins: close bins first");
        }
        int at = (int) Math.floorMod(slot, (long) ringSlots);
        counts[at * unitCount + unit]++;
        slotTotals[at]++;
        return true;
    }

    /** Whether the next bin may close once the stream is complete up to {@code completeUntilMicros} (exclusive). */
    public boolean isComplete(long completeUntilMicros) {
        return started && nextBinEndMicros() + latenessMicros <= completeUntilMicros;
    }

    /** Event time (µs) at which a watermark closes the next bin: {@code end + lateness - 1}. */
    public long closingWatermarkMicros() {
        return nextBinEndMicros() + latenessMicros - 1;
    }

    /**
     * Closes the next bin.
     *
     * @param countsOut per-unit counts of the bin, length unitCount (modified)
     * @return the number of spikes in the bin
     */
    public int closeNext(double[] countsOut) {
        if (!started) {
            throw new IllegalStateException("no bin is open: add a spike or call startAt first");
        }
        if (countsOut.length != unitCount) {
            throw new IllegalArgumentException("expected " + unitCount + " counts, got " + countsOut.length);
        }
        Arrays.fill(countsOut, 0);
        int total = 0;
        for (int s = 0; s < slotsPerBin; s++) {
            int at = (int) Math.floorMod(nextBin + s, (long) ringSlots);
            int row = at * unitCount;
            if (slotTotals[at] == 0) {
                continue;
            }
            total += slotTotals[at];
            for (int u = 0; u < unitCount; u++) {
                countsOut[u] += counts[row + u];
            }
        }
        // the bin's first slot is covered by no later bin
        int first = (int) Math.floorMod(nextBin, (long) ringSlots);
        Arrays.fill(counts, first * unitCount, (first + 1) * unitCount, 0);
        slotTotals[first] = 0;
        nextBin++;
        return total;
    }

    /** Skips {@code bins} bins without closing them (their spikes are discarded). */
    public void skip(long bins) {
        for (long i = 0; i < Math.min(bins, ringSlots); i++) {
            int at = (int) Math.floorMod(nextBin + i, (long) ringSlots);
            Arrays.fill(counts, at * unitCount, (at + 1) * unitCount, 0);
            slotTotals[at] = 0;
        }
        nextBin += bins;
    }

    public long nextBinStartMicros() {
        return nextBin * stepMicros;
    }

    public long nextBinEndMicros() {
        return nextBin * stepMicros + binMicros;
    }

    public long nextBin() {
        return nextBin;
    }

    public long lateSpikes() {
        return lateSpikes;
    }

    public int unitCount() {
        return unitCount;
    }

    public long binMicros() {
        return binMicros;
    }

    public long stepMicros() {
        return stepMicros;
    }

    public long latenessMicros() {
        return latenessMicros;
    }

    /** Live slot counts (ring x units); for checkpointing, do not modify. */
    public int[] counts() {
        return counts;
    }

    /** Live spikes per slot; for checkpointing, do not modify. */
    public int[] slotTotals() {
        return slotTotals;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlidingBinCounts b && b.unitCount == unitCount && b.binMicros == binMicros
                && b.stepMicros == stepMicros && b.latenessMicros == latenessMicros && b.started == started
                && b.nextBin == nextBin && b.lateSpikes == lateSpikes && Arrays.equals(b.counts, counts)
                && Arrays.equals(b.slotTotals, slotTotals);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(nextBin) * 31 + Arrays.hashCode(slotTotals);
    }
}
