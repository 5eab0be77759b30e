package io.neurostream.core.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Per-unit statistics of one session in sliding event-time windows: firing rate, inter-spike
 * interval distribution (log-spaced histogram, coefficient of variation, refractory-period
 * violations), a quality flag, the Fano factor of counts in {@code fanoBinMicros} bins, and the
 * population rate.
 *
 * <p>Windows are {@code panes} consecutive slides on a grid aligned to time 0; the kernel keeps
 * per-pane sums in a ring (so a window costs O(panes x units) once per slide, a spike O(1)) and
 * emits a {@link Window} each time the recording clock passes a slide boundary. Until the first
 * {@code windowMicros} have passed, a window covers only the slides seen so far
 * ({@link Window#seconds}). Spikes must come in time order; an earlier spike is counted late and
 * left out. State is primitive arrays, written and read by {@link #writeTo}/{@link #readFrom}.
 *
 * <pre>{@code
 * PopulationStats stats = new PopulationStats(StatsParams.defaults(), 256);
 * stats.spike(unit, tMicros, listener);       // per spike, in time order
 * stats.advanceTo(batchEndMicros, listener);   // no more spikes before this time: close windows
 * }</pre>
 */
public final class PopulationStats {
    /** Receives each closed window; the {@link Window} is reused, copy what you keep. */
    public interface Listener {
        void window(Window window);
    }

    /** One window's statistics (arrays indexed by unit; the histogram is units x bins, row-major). */
    public static final class Window {
        public long startMicros;
        public long endMicros;
        public double seconds;
        public long spikes;
        public double populationRateHz;
        public double meanRateHz;
        public int goodUnits;
        public final double[] rateHz;
        public final double[] isiCv;
        public final double[] fanoFactor;
        public final double[] violationFraction;
        public final UnitQuality[] quality;
        public final int[] isiHistogram;

        Window(int units, int bins) {
            rateHz = new double[units];
            isiCv = new double[units];
            fanoFactor = new double[units];
            violationFraction = new double[units];
            quality = new UnitQuality[units];
            isiHistogram = new int[units * bins];
        }

        /** Mean Fano factor over units that have one (NaN if none). */
        public double meanFanoFactor() {
            return nanMean(fanoFactor);
        }

        /** Mean ISI CV over units that have one (NaN if none). */
        public double meanIsiCv() {
            return nanMean(isiCv);
        }

        private static double nanMean(double[] values) {
            double sum = 0;
            int n = 0;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }

    private final StatsParams p;
    private final int units;
    private final int panes;
    private final int bins;
    private final double logIsiMin;
    private final double binsPerLog;
    private final Window window;
    // state
    private boolean started;
    private long paneIndex;          // the open pane covers [paneIndex * slide, (paneIndex + 1) * slide)
    private long fanoBinEndMicros;
    private long clockMicros;
    private int panesFilled;
    private long lateSpikes;
    private final long[] lastSpikeMicros;
    private final int[] fanoCount;
    private final int[] counts;        // panes x units
    private final int[] isiN;
    private final double[] isiSumMs;
    private final double[] isiSumSqMs;
    private final int[] violations;
    private final long[] fanoSumSq;
    private final int[] fanoBins;      // per pane
    private final int[] histogram;     // panes x units x bins

    public PopulationStats(StatsParams params, int unitCount) {
        if (unitCount < 1 || unitCount > 100_000) {
            throw new IllegalArgumentException("unitCount must be in 1..100000, got " + unitCount);
        }
        this.p = params;
        this.units = unitCount;
        this.panes = params.panes();
        this.bins = params.isiHistogramBins();
        this.logIsiMin = Math.log(StatsParams.ISI_MIN_MICROS);
        this.binsPerLog = bins / Math.log((double) StatsParams.ISI_MAX_MICROS / StatsParams.ISI_MIN_MICROS);
        this.window = new Window(unitCount, bins);
        this.lastSpikeMicros = new long[unitCount];
        Arrays.fill(lastSpikeMicros, Long.MIN_VALUE);
        this.fanoCount = new int[unitCount];
        int cells = panes * unitCount;
        this.counts = new int[cells];
        this.isiN = new int[cells];
        this.isiSumMs = new double[cells];
        this.isiSumSqMs = new double[cells];
        this.violations = new int[cells];
        this.fanoSumSq = new long[cells];
        this.fanoBins = new int[panes];
        this.histogram = new int[cells * bins];
    }

    public int unitCount() {
        return units;
    }

    public StatsParams params() {
        return p;
    }

    /** Spikes refused because they were earlier than one already seen. */
    public long lateSpikes() {
        return lateSpikes;
    }

    /** Counts a spike; closes the windows that end at or before {@code tMicros} first. False if it was late. */
    public boolean spike(int unit, long tMicros, Listener listener) {
        if (unit < 0 || unit >= units) {
            throw new IllegalArgumentException("unit " + unit + " outside 0.." + (units - 1));
        }
        if (started && tMicros < clockMicros) {
            lateSpikes++;
            return false;
        }
        advanceTo(tMicros, listener);
        int cell = slot() * units + unit;
        counts[cell]++;
        fanoCount[unit]++;
        long last = lastSpikeMicros[unit];
        lastSpikeMicros[unit] = tMicros;
        if (last != Long.MIN_VALUE) {
            long isi = tMicros - last;
            double ms = isi / 1000.0;
            isiN[cell]++;
            isiSumMs[cell] += ms;
            isiSumSqMs[cell] += ms * ms;
            if (isi < p.refractoryMicros()) {
                violations[cell]++;
            }
            histogram[cell * bins + isiBin(isi)]++;
        }
        return true;
    }

    int isiBin(long isiMicros) {
        if (isiMicros <= StatsParams.ISI_MIN_MICROS) {
            return 0;
        }
        int b = (int) ((Math.log(isiMicros) - logIsiMin) * binsPerLog);
        return Math.min(bins - 1, b);
    }

    /** The recording clock reached {@code tMicros} (no spike before it will come): closes every window ending by then. */
    public void advanceTo(long tMicros, Listener listener) {
        if (!started) {
            started = true;
            paneIndex = Math.floorDiv(tMicros, p.slideMicros());
            fanoBinEndMicros = paneIndex * p.slideMicros() + p.fanoBinMicros();
            clockMicros = tMicros;
            return;
        }
        if (tMicros <= clockMicros) {
            return;
        }
        clockMicros = tMicros;
        long paneEnd = (paneIndex + 1) * p.slideMicros();
        long panesBehind = (tMicros - paneEnd) / p.slideMicros();
        if (panesBehind > panes + 1) {
            // a long silence: close the windows that still hold data, then jump (nothing to report in between)
            for (int i = 0; i <= panes; i++) {
                closeFanoBinsAndPane(listener);
            }
            paneIndex = Math.floorDiv(tMicros, p.slideMicros());
            fanoBinEndMicros = paneIndex * p.slideMicros() + p.fanoBinMicros();
            Arrays.fill(fanoCount, 0);
        }
        while (tMicros >= fanoBinEndMicros) {
            closeFanoBin();
            if (fanoBinEndMicros - p.fanoBinMicros() >= (paneIndex + 1) * p.slideMicros()) {
                closePane(listener);
            }
        }
    }

    private void closeFanoBinsAndPane(Listener listener) {
        long paneEnd = (paneIndex + 1) * p.slideMicros();
        while (fanoBinEndMicros <= paneEnd) {
            closeFanoBin();
        }
        closePane(listener);
    }

    private int slot() {
        return (int) Math.floorMod(paneIndex, (long) panes);
    }

    private void closeFanoBin() {
        int base = slot() * units;
        for (int u = 0; u < units; u++) {
            long c = fanoCount[u];
            fanoSumSq[base + u] += c * c;
            fanoCount[u] = 0;
        }
        fanoBins[slot()]++;
        fanoBinEndMicros += p.fanoBinMicros();
    }

    private void closePane(Listener listener) {
        panesFilled = Math.min(panes, panesFilled + 1);
        long end = (paneIndex + 1) * p.slideMicros();
        emit(end, listener);
        paneIndex++;
        int s = slot();
        int from = s * units;
        Arrays.fill(counts, from, from + units, 0);
        Arrays.fill(isiN, from, from + units, 0);
        Arrays.fill(isiSumMs, from, from + units, 0);
        Arrays.fill(isiSumSqMs, from, from + units, 0);
        Arrays.fill(violations, from, from + units, 0);
        Arrays.fill(fanoSumSq, from, from + units, 0);
        Arrays.fill(histogram, from * bins, (from + units) * bins, 0);
        fanoBins[s] = 0;
    }

    private void emit(long endMicros, Listener listener) {
        Window w = window;
        w.endMicros = endMicros;
        w.startMicros = endMicros - panesFilled * p.slideMicros();
        w.seconds = panesFilled * p.slideMicros() / 1e6;
        Arrays.fill(w.isiHistogram, 0);
        long total = 0;
        int good = 0;
        int fanoN = 0;
        for (int k = 0; k < panesFilled; k++) {
            fanoN += fanoBins[(int) Math.floorMod(paneIndex - k, (long) panes)];
        }
        for (int u = 0; u < units; u++) {
            long c = 0;
            long n = 0;
            double sum = 0;
            double sumSq = 0;
            long viol = 0;
            long fanoSq = 0;
            for (int k = 0; k < panesFilled; k++) {
                int cell = (int) Math.floorMod(paneIndex - k, (long) panes) * units + u;
                c += counts[cell];
                n += isiN[cell];
                sum += isiSumMs[cell];
                sumSq += isiSumSqMs[cell];
                viol += violations[cell];
                fanoSq += fanoSumSq[cell];
                for (int b = 0; b < bins; b++) {
                    w.isiHistogram[u * bins + b] += histogram[cell * bins + b];
                }
            }
            total += c;
            double rate = c / w.seconds;
            w.rateHz[u] = rate;
            if (n >= 2) {
                double mean = sum / n;
                double variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
                w.isiCv[u] = Math.sqrt(variance) / mean;
            } else {
                w.isiCv[u] = Double.NaN;
            }
            double fraction = n == 0 ? 0 : (double) viol / n;
            w.violationFraction[u] = fraction;
            if (c > 0 && fanoN >= 2) {
                double mean = (double) c / fanoN;
                double variance = Math.max(0, (fanoSq - fanoN * mean * mean) / (fanoN - 1));
                w.fanoFactor[u] = variance / mean;
            } else {
                w.fanoFactor[u] = Double.NaN;
            }
            UnitQuality q = rate < p.minRateHz() || c == 0 ? UnitQuality.LOW_RATE
                    : fraction > p.maxViolationFraction() ? UnitQuality.CONTAMINATED : UnitQuality.GOOD;
            w.quality[u] = q;
            if (q == UnitQuality.GOOD) {
                good++;
            }
        }
        w.spikes = total;
        w.populationRateHz = total / w.seconds;
        w.meanRateHz = w.populationRateHz / units;
        w.goodUnits = good;
        if (listener != null) {
            listener.window(w);
        }
    }

    /** Writes the state (not the parameters). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(units);
        out.writeBoolean(started);
        out.writeLong(paneIndex);
        out.writeLong(fanoBinEndMicros);
        out.writeLong(clockMicros);
        out.writeInt(panesFilled);
        out.writeLong(lateSpikes);
        Snapshots.writeLongs(out, lastSpikeMicros);
        Snapshots.writeInts(out, fanoCount);
        Snapshots.writeInts(out, counts);
        Snapshots.writeInts(out, isiN);
        Snapshots.writeDoubles(out, isiSumMs);
        Snapshots.writeDoubles(out, isiSumSqMs);
        Snapshots.writeInts(out, violations);
        Snapshots.writeLongs(out, fanoSumSq);
        Snapshots.writeInts(out, fanoBins);
        Snapshots.writeInts(out, histogram);
    }

    /** Reads what {@link #writeTo} wrote, with the same parameters. */
    public static PopulationStats readFrom(StatsParams params, DataInput in) throws IOException {
        PopulationStats s = new PopulationStats(params, in.readInt());
        s.started = in.readBoolean();
        s.paneIndex = in.readLong();
        s.fanoBinEndMicros = in.readLong();
        s.clockMicros = in.readLong();
        s.panesFilled = in.readInt();
        s.lateSpikes = in.readLong();
        Snapshots.readLongs(in, s.lastSpikeMicros);
        Snapshots.readInts(in, s.fanoCount);
        Snapshots.readInts(in, s.counts);
        Snapshots.readInts(in, s.isiN);
        Snapshots.readDoubles(in, s.isiSumMs);
        Snapshots.readDoubles(in, s.isiSumSqMs);
        Snapshots.readInts(in, s.violations);
        Snapshots.readLongs(in, s.fanoSumSq);
        Snapshots.readInts(in, s.fanoBins);
        Snapshots.readInts(in, s.histogram);
        return s;
    }

    /** Approximate bytes of state (for cost reports). */
    public long stateBytes() {
        long cells = (long) panes * units;
        return cells * (4 + 4 + 8 + 8 + 4 + 8 + 4L * bins) + units * (8 + 4) + panes * 4L;
    }
}
