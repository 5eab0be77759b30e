package io.neurostream.connectors.spikes;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads spikes from a text table with one spike per line: a time and an integer unit id,
 * separated by a tab, comma, semicolon or spaces (detected from the first data line).
 *
 * <pre>{@code
 * try (SpikeSource s = SpikeCsvReader.builder(Path.of("spikes.csv")).timeUnit(SpikeTimeUnit.SECONDS).open()) { ... }
 * }</pre>
 *
 * <p>A first line whose time field is not a number is a header: the time column is the one named
 * {@code time}, {@code t}, {@code timestamp} or {@code spike_time(s)} (also with a unit suffix
 * such as {@code time_s}), the unit column one of {@code unit}, {@code unit_id}, {@code cluster},
 * {@code cluster_id}, {@code neuron}, {@code channel}, {@code id}. Without a header column 0 is the
 * time and column 1 the unit. Lines starting with {@code #} and blank lines are skipped.
 * Times must not decrease. Units are indexed in increasing id. Opening makes one validating pass;
 * {@link #next()} streams the file a second time.
 */
public final class SpikeCsvReader implements SpikeSource {
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final List<String> TIME_NAMES = List.of("time", "t", "timestamp", "timestamps", "spike_time",
            "spike_times", "times");
    private static final List<String> UNIT_NAMES = List.of("unit", "unit_id", "units", "cluster", "cluster_id",
            "clusters", "neuron", "neuron_id", "channel", "id");

    private final Path file;
    private final SpikeTimeUnit timeUnit;
    private final Layout layout;
    private final List<SpikeUnit> units;
    private final long[] unitIds;
    private final BufferedReader reader;
    private long lineNumber;
    private boolean headerPending;
    private long timeMicros;
    private int unitIndex = -1;

    private SpikeCsvReader(Path file, SpikeTimeUnit timeUnit, Layout layout, List<SpikeUnit> units, long[] unitIds)
            throws IOException {
        this.file = file;
        this.timeUnit = timeUnit;
        this.layout = layout;
        this.units = units;
        this.unitIds = unitIds;
        this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        this.headerPending = layout.header;
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** Options of a {@link SpikeCsvReader}; default time unit: seconds. */
    public static final class Builder {
        private final Path file;
        private SpikeTimeUnit timeUnit = SpikeTimeUnit.SECONDS;

        private Builder(Path file) {
            if (file == null) {
                throw new IllegalArgumentException("file must not be null");
            }
            this.file = file;
        }

        /** Unit of the time column (default seconds). */
        public Builder timeUnit(SpikeTimeUnit unit) {
            if (unit == null) {
                throw new IllegalArgumentException("timeUnit must not be null (SECONDS, MILLISECONDS or MICROSECONDS)");
            }
            this.timeUnit = unit;
            return this;
        }

        public SpikeCsvReader open() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new SpikeFileException(file, "no such file");
            }
            Layout layout = null;
            TreeMap<Long, long[]> counts = new TreeMap<>();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long number = 0;
                long previous = Long.MIN_VALUE;
                String previousText = "";
                while ((line = r.readLine()) != null) {
                    number++;
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                        continue;
                    }
                    if (layout == null) {
                        layout = Layout.detect(file, trimmed, number);
                        if (layout.header) {
                            continue;
                        }
                    }
                    long t = layout.time(file, trimmed, number, timeUnit);
                    if (t < previous) {
                        throw new SpikeFileException(file, "line " + number + ": times not increasing ("
                                + layout.field(trimmed, layout.timeColumn) + " after " + previousText + ")");
                    }
                    previous = t;
                    previousText = layout.field(trimmed, layout.timeColumn);
                    counts.computeIfAbsent(layout.unit(file, trimmed, number), k -> new long[1])[0]++;
                }
            }
            if (layout == null) {
                throw new SpikeFileException(file, "empty: no header and no spikes");
            }
            List<SpikeUnit> units = new ArrayList<>(counts.size());
            long[] ids = new long[counts.size()];
            for (Map.Entry<Long, long[]> e : counts.entrySet()) {
                ids[units.size()] = e.getKey();
                units.add(new SpikeUnit(units.size(), e.getKey(), "", e.getValue()[0]));
            }
            return new SpikeCsvReader(file, timeUnit, layout, List.copyOf(units), ids);
        }
    }

    /** Column layout detected from the first non-comment line. */
    private record Layout(char separator, boolean header, int timeColumn, int unitColumn) {

        static Layout detect(Path file, String first, long number) throws SpikeFileException {
            char sep = first.indexOf('\t') >= 0 ? '\t' : first.indexOf(',') >= 0 ? ','
                    : first.indexOf(';') >= 0 ? ';' : ' ';
            String[] cols = split(first, sep);
            if (cols.length < 2) {
                throw new SpikeFileException(file, "line " + number + ": expected at least 2 columns (time, unit), found '"
                        + first + "'");
            }
            if (isNumber(cols[0])) {
                return new Layout(sep, false, 0, 1);
            }
            int time = -1;
            int unit = -1;
            for (int i = 0; i < cols.length; i++) {
                String name = cols[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
                String base = name.replaceAll("[_ ]?[(\\[]?(s|ms|us|µs|sec|seconds)[)\\]]?$", "");
                if (time < 0 && (TIME_NAMES.contains(name) || TIME_NAMES.contains(base))) {
                    time = i;
                } else if (unit < 0 && UNIT_NAMES.contains(name)) {
                    unit = i;
                }
            }
            if (time < 0 || unit < 0) {
                throw new SpikeFileException(file, "line " + number + ": header '" + first
                        + "' names no " + (time < 0 ? "time column (time, t, timestamp, spike_time)"
                        : "unit column (unit, unit_id, cluster, cluster_id, neuron, channel, id)"));
            }
            return new Layout(sep, true, time, unit);
        }

        private static boolean isNumber(String s) {
            try {
                Double.parseDouble(s.strip());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        static String[] split(String line, char sep) {
            return sep == ' ' ? SPACES.split(line) : line.split(Pattern.quote(String.valueOf(sep)), -1);
        }

        String field(String line, int column) {
            String[] cols = split(line, separator);
            return column < cols.length ? cols[column].strip() : "";
        }

        long time(Path file, String line, long number, SpikeTimeUnit unit) throws SpikeFileException {
            String[] cols = split(line, separator);
            if (cols.length <= Math.max(timeColumn, unitColumn)) {
                throw new SpikeFileException(file, "line " + number + ": expected at least "
                        + (Math.max(timeColumn, unitColumn) + 1) + " columns, found " + cols.length + ": '" + line + "'");
            }
            String text = cols[timeColumn].strip();
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new SpikeFileException(file, "line " + number + ": time '" + text + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new SpikeFileException(file, "line " + number + ": time '" + text + "' is not finite");
            }
            return unit.toMicros(v);
        }

        long unit(Path file, String line, long number) throws SpikeFileException {
            String text = field(line, unitColumn);
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                try {
                    double d = Double.parseDouble(text);
                    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                        return (long) d;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new SpikeFileException(file, "line " + number + ": unit '" + text + "' is not an integer id");
            }
        }
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public List<SpikeUnit> units() {
        return units;
    }

    /** The unit the time column is read in. */
    public SpikeTimeUnit timeUnit() {
        return timeUnit;
    }

    @Override
    public boolean next() throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (headerPending) {
                headerPending = false;
                continue;
            }
            timeMicros = layout.time(file, trimmed, lineNumber, timeUnit);
            unitIndex = java.util.Arrays.binarySearch(unitIds, layout.unit(file, trimmed, lineNumber));
            if (unitIndex < 0) {
                throw new SpikeFileException(file, "line " + lineNumber + ": file changed while reading");
            }
            return true;
        }
        unitIndex = -1;
        return false;
    }

    @Override
    public long timeMicros() {
        return timeMicros;
    }

    @Override
    public int unitIndex() {
        return unitIndex;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
