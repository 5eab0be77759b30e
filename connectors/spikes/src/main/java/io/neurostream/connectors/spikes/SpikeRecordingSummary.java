package io.neurostream.connectors.spikes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What {@code neurostream inspect} shows about a spike recording: format, units, spikes, first and last spike
 * time, duration, mean rate over units, min/median/max rate per unit and the most active units. Computed in one
 * streaming pass over a {@link SpikeSource} (memory: one counter per unit).
 *
 * <pre>{@code
 * SpikeRecordingSummary s = SpikeRecordingSummary.of(Path.of("A8604-211122.nwb"));  // format detected by content
 * System.out.println(s.describe());
 * }</pre>
 *
 * <p>Rates are spikes per second over the recording's span (last minus first spike of all units), so that units
 * are comparable; they are NaN when the span is 0 (fewer than two distinct spike times).
 */
public final class SpikeRecordingSummary {
    /** Units listed as the most active in {@link #describe()}. */
    public static final int DEFAULT_TOP_UNITS = 5;

    private final Path path;
    private final SpikeFormat format;
    private final String detail;
    private final List<SpikeUnit> units;
    private final long[] counts;
    private final long spikes;
    private final long firstMicros;
    private final long lastMicros;
    private final List<String> behaviour;

    private SpikeRecordingSummary(Path path, SpikeFormat format, String detail, List<SpikeUnit> units, long[] counts,
                                  long spikes, long firstMicros, long lastMicros, List<String> behaviour) {
        this.path = path;
        this.format = format;
        this.detail = detail;
        this.units = units;
        this.counts = counts;
        this.spikes = spikes;
        this.firstMicros = firstMicros;
        this.lastMicros = lastMicros;
        this.behaviour = behaviour;
    }

    /** Detects the format of {@code path} by content ({@link SpikeFormats#detect}) and reads it to the end. */
    public static SpikeRecordingSummary of(Path path) throws IOException {
        SpikeFormat format = SpikeFormats.detect(path).orElseThrow(() -> new SpikeFileException(path,
                "not a spike recording this reads (" + SpikeFormats.supportedText() + ")"));
        try (SpikeSource source = SpikeFormats.open(path, format)) {
            return of(path, format, source);
        }
    }

    /**
     * Reads {@code source} (opened on {@code path} as {@code format}) to its end. A {@link SpikeFileException}
     * during the pass becomes a {@link CorruptSpikeFileException} when its byte offset is known.
     */
    public static SpikeRecordingSummary of(Path path, SpikeFormat format, SpikeSource source) throws IOException {
        List<SpikeUnit> units = source.units();
        long[] counts = new long[units.size()];
        long n = 0;
        long first = 0;
        long last = 0;
        try {
            while (source.next()) {
                long t = source.timeMicros();
                if (n == 0) {
                    first = t;
                }
                last = t;
                counts[source.unitIndex()]++;
                n++;
            }
        } catch (SpikeFileException e) {
            throw SpikeFormats.withByteOffset(e);
        }
        String detail = source instanceof PhyFolderReader phy
                ? String.format(Locale.ROOT, "sample rate %,.0f Hz (%s)", phy.sampleRateHz(), PhyFolderReader.PARAMS) : "";
        List<String> behaviour = source.behavior().stream()
                .map(b -> String.format(Locale.ROOT, "%s (%,d samples x %d%s)", b.name(), b.length(), b.dims(),
                        b.unit().isEmpty() ? "" : ", " + b.unit()))
                .collect(Collectors.toUnmodifiableList());
        return new SpikeRecordingSummary(path, format, detail, List.copyOf(units), counts, n, first, last, behaviour);
    }

    public Path path() {
        return path;
    }

    public SpikeFormat format() {
        return format;
    }

    /** Units in index order, as the reader lists them. */
    public List<SpikeUnit> units() {
        return units;
    }

    public int unitCount() {
        return units.size();
    }

    /** Spikes of the unit with index {@code unitIndex}, as counted in the pass. */
    public long spikeCount(int unitIndex) {
        return counts[unitIndex];
    }

    public long spikes() {
        return spikes;
    }

    /** Time of the first spike (µs on the recording clock), 0 if none. */
    public long firstMicros() {
        return firstMicros;
    }

    /** Time of the last spike (µs), 0 if none. */
    public long lastMicros() {
        return lastMicros;
    }

    /** Last minus first spike time, µs. */
    public long durationMicros() {
        return lastMicros - firstMicros;
    }

    public double durationSeconds() {
        return durationMicros() / 1e6;
    }

    /** Spikes per second of one unit over the recording's span; NaN if the span is 0. */
    public double unitRateHz(int unitIndex) {
        return durationMicros() > 0 ? counts[unitIndex] * 1e6 / durationMicros() : Double.NaN;
    }

    /** Mean of the per-unit rates (spikes / units / span); NaN without units or span. */
    public double meanRateHz() {
        return units.isEmpty() || durationMicros() <= 0 ? Double.NaN : spikes * 1e6 / durationMicros() / units.size();
    }

    /** Per-unit rates, sorted ascending. */
    public double[] sortedUnitRatesHz() {
        double[] r = new double[units.size()];
        for (int u = 0; u < r.length; u++) {
            r[u] = unitRateHz(u);
        }
        Arrays.sort(r);
        return r;
    }

    public double minUnitRateHz() {
        double[] r = sortedUnitRatesHz();
        return r.length == 0 ? Double.NaN : r[0];
    }

    /** Median per-unit rate (the mean of the two middle ones for an even number of units). */
    public double medianUnitRateHz() {
        double[] r = sortedUnitRatesHz();
        if (r.length == 0) {
            return Double.NaN;
        }
        int mid = r.length / 2;
        return r.length % 2 == 1 ? r[mid] : (r[mid - 1] + r[mid]) / 2;
    }

    public double maxUnitRateHz() {
        double[] r = sortedUnitRatesHz();
        return r.length == 0 ? Double.NaN : r[r.length - 1];
    }

    /** The {@code n} units with the most spikes, most first (ties: lower index first). */
    public List<SpikeUnit> mostActive(int n) {
        return IntStream.range(0, units.size()).boxed()
                .sorted(Comparator.comparingLong((Integer u) -> -counts[u]).thenComparingInt(u -> u))
                .limit(Math.max(0, n))
                .map(units::get)
                .collect(Collectors.toUnmodifiableList());
    }

    /** A multi-line human-readable description, in the layout of the event-file summary. */
    public String describe() {
        return describe(DEFAULT_TOP_UNITS);
    }

    /** As {@link #describe()}, listing {@code top} most active units. */
    public String describe(int top) {
        StringBuilder b = new StringBuilder();
        String size = "";
        if (Files.isRegularFile(path)) {
            try {
                size = String.format(Locale.ROOT, " (%,d bytes)", Files.size(path));
            } catch (IOException ignored) {
                // size is a nicety
            }
        }
        line(b, "file", path + size);
        line(b, "format", format.description() + (detail.isEmpty() ? "" : ", " + detail));
        line(b, "units", String.format(Locale.ROOT, "%,d", units.size()));
        line(b, "spikes", String.format(Locale.ROOT, "%,d", spikes));
        line(b, "time", String.format(Locale.ROOT, "%,.6f -> %,.6f s (duration %,.6f s)", firstMicros / 1e6,
                lastMicros / 1e6, durationSeconds()));
        line(b, "rate", String.format(Locale.ROOT, "mean %s Hz per unit; per unit min %s, median %s, max %s Hz",
                hz(meanRateHz()), hz(minUnitRateHz()), hz(medianUnitRateHz()), hz(maxUnitRateHz())));
        List<String> active = new ArrayList<>();
        for (SpikeUnit u : mostActive(top)) {
            active.add(String.format(Locale.ROOT, "unit %d%s: %,d spikes (%s Hz)", u.id(),
                    u.label().isEmpty() ? "" : " " + u.label(), counts[u.index()], hz(unitRateHz(u.index()))));
        }
        if (!active.isEmpty()) {
            line(b, "top units", String.join("; ", active));
        }
        if (!behaviour.isEmpty()) {
            line(b, "behaviour", String.join("; ", behaviour));
        }
        return b.substring(0, b.length() - System.lineSeparator().length());
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "%-11s%s", key, value)).append(System.lineSeparator());
    }

    private static String hz(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.3f", v);
    }
}
