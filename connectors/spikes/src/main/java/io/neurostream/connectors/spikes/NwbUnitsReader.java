package io.neurostream.connectors.spikes;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the sorted units of a Neurodata Without Borders (NWB 2.x, HDF5) file with jHDF:
 * {@code /units/spike_times} (seconds), the ragged index {@code /units/spike_times_index}
 * (exclusive end of each unit's slice) and {@code /units/id}; plus behavioural
 * {@code TimeSeries} (a group with a {@code data} dataset and {@code timestamps} or
 * {@code starting_time}+{@code rate}) found under {@code /acquisition} and {@code /processing}.
 *
 * <pre>{@code
 * try (SpikeSource s = NwbUnitsReader.open(Path.of("A8604-211122.nwb"))) { ... }
 * }</pre>
 *
 * <p>Units keep the row order of the table (unit index i = row i). The per-unit time-sorted
 * slices are merged into one time-ordered stream with a heap. Spike times are loaded into memory
 * at open (8 bytes per spike) and validated: lengths consistent, each unit's times non-decreasing,
 * finite. Times are {@code round(seconds * 1e6)} µs.
 */
public final class NwbUnitsReader implements SpikeSource {
    /** neurodata types that are recordings, not behaviour: never loaded. */
    private static final Set<String> NOT_BEHAVIOUR = Set.of("ElectricalSeries", "SpikeEventSeries",
            "ImageSeries", "ImageMaskSeries", "OpticalSeries", "TwoPhotonSeries", "OnePhotonSeries",
            "RoiResponseSeries", "DfOverF", "Fluorescence");
    private static final int MAX_BEHAVIOUR_DIMS = 64;

    private final Path file;
    private final List<SpikeUnit> units;
    private final List<BehaviorSeries> behavior;
    private final long[] timesMicros;  // all spikes, unit slices back to back
    private final long[] cursor;       // per unit: next position
    private final long[] end;          // per unit: exclusive end
    private final int[] heap;          // unit indices, min-heap on timesMicros[cursor[u]]
    private int heapSize;
    private long timeMicros;
    private int unitIndex = -1;

    private NwbUnitsReader(Path file, List<SpikeUnit> units, List<BehaviorSeries> behavior, long[] timesMicros,
                           long[] ends) {
        this.file = file;
        this.units = units;
        this.behavior = behavior;
        this.timesMicros = timesMicros;
        int n = units.size();
        this.cursor = new long[n];
        this.end = ends;
        this.heap = new int[n];
        for (int u = 0; u < n; u++) {
            cursor[u] = u == 0 ? 0 : ends[u - 1];
            if (cursor[u] < end[u]) {
                heap[heapSize++] = u;
            }
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Opens and validates the file (all spike times and behaviour are read here). */
    public static NwbUnitsReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new SpikeFileException(file, "no such file");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            Node unitsNode = child(hdf, "units");
            if (!(unitsNode instanceof Group unitsTable)) {
                throw new SpikeFileException(file, "missing units table: no /units group (not an NWB file with sorted units?)");
            }
            Dataset spikeTimes = dataset(file, unitsTable, "spike_times");
            Dataset index = dataset(file, unitsTable, "spike_times_index");
            Dataset ids = dataset(file, unitsTable, "id");
            double[] seconds = toDoubles(file, "/units/spike_times", spikeTimes.getDataFlat());
            long[] ends = toLongs(file, "/units/spike_times_index", index.getDataFlat());
            long[] idValues = toLongs(file, "/units/id", ids.getDataFlat());
            if (ends.length != idValues.length) {
                throw new SpikeFileException(file, "mismatched lengths: /units/spike_times_index has " + ends.length
                        + " rows but /units/id has " + idValues.length);
            }
            String[] labels = optionalStrings(unitsTable, "quality", ends.length);
            long[] micros = new long[seconds.length];
            List<SpikeUnit> units = new ArrayList<>(ends.length);
            long start = 0;
            for (int u = 0; u < ends.length; u++) {
                long e = ends[u];
                if (e < start || e > seconds.length) {
                    throw new SpikeFileException(file, "/units/spike_times_index row " + u + " (id " + idValues[u]
                            + ") ends at " + e + ", outside [" + start + ", " + seconds.length + "]");
                }
                for (long i = start; i < e; i++) {
                    double s = seconds[(int) i];
                    if (!Double.isFinite(s)) {
                        throw new SpikeFileException(file, "unit id " + idValues[u] + ": spike_times[" + i + "] is " + s);
                    }
                    micros[(int) i] = Math.round(s * 1e6);
                    if (i > start && s < seconds[(int) i - 1]) {
                        throw new SpikeFileException(file, "unit id " + idValues[u] + " (row " + u
                                + "): spike times not increasing at spike_times[" + i + "]: " + s + " s after "
                                + seconds[(int) i - 1] + " s");
                    }
                }
                units.add(new SpikeUnit(u, idValues[u], labels[u], e - start));
                start = e;
            }
            if (start != seconds.length) {
                throw new SpikeFileException(file, "mismatched lengths: /units/spike_times_index ends at " + start
                        + " but /units/spike_times has " + seconds.length + " values");
            }
            List<BehaviorSeries> behavior = new ArrayList<>();
            for (String root : new String[] {"acquisition", "processing"}) {
                if (child(hdf, root) instanceof Group g) {
                    collectBehaviour(file, g, behavior, 0);
                }
            }
            return new NwbUnitsReader(file, List.copyOf(units), List.copyOf(behavior), micros, ends);
        } catch (HdfException e) {
            throw new SpikeFileException(file, "cannot be read as HDF5/NWB: " + e.getMessage(), e);
        }
    }

    private static Node child(Group g, String name) {
        return g.getChildren().get(name);
    }

    private static Dataset dataset(Path file, Group table, String name) throws SpikeFileException {
        Node n = child(table, name);
        if (!(n instanceof Dataset d)) {
            throw new SpikeFileException(file, "units table has no '" + name + "' dataset (found "
                    + table.getChildren().keySet() + ")");
        }
        return d;
    }

    private static String[] optionalStrings(Group table, String name, int rows) {
        String[] out = new String[rows];
        java.util.Arrays.fill(out, "");
        if (child(table, name) instanceof Dataset d && d.getJavaType() == String.class) {
            Object data = d.getDataFlat();
            if (data instanceof String[] s && s.length == rows) {
                for (int i = 0; i < rows; i++) {
                    out[i] = s[i] == null ? "" : s[i];
                }
            }
        }
        return out;
    }

    private static void collectBehaviour(Path file, Group group, List<BehaviorSeries> out, int depth)
            throws SpikeFileException {
        if (depth > 6) {
            return;
        }
        for (Node n : group) {
            if (!(n instanceof Group g)) {
                continue;
            }
            String type = stringAttribute(g, "neurodata_type");
            if (NOT_BEHAVIOUR.contains(type)) {
                continue;
            }
            Node data = child(g, "data");
            if (data instanceof Dataset d && !d.isCompound() && d.getJavaType() != String.class) {
                BehaviorSeries series = readSeries(file, g, d);
                if (series != null) {
                    out.add(series);
                }
            } else {
                collectBehaviour(file, g, out, depth + 1);
            }
        }
    }

    private static BehaviorSeries readSeries(Path file, Group g, Dataset data) throws SpikeFileException {
        int[] dims = data.getDimensions();
        if (dims.length < 1 || dims.length > 2 || (dims.length == 2 && dims[1] > MAX_BEHAVIOUR_DIMS)) {
            return null; // images, raw voltage etc.: not behaviour samples
        }
        String path = g.getPath().endsWith("/") ? g.getPath().substring(0, g.getPath().length() - 1) : g.getPath();
        int samples = dims[0];
        int width = dims.length == 2 ? dims[1] : 1;
        double[] values = toDoubles(file, path + "/data", data.getDataFlat());
        double conversion = doubleAttribute(data, "conversion", 1.0);
        if (conversion != 1.0) {
            for (int i = 0; i < values.length; i++) {
                values[i] *= conversion;
            }
        }
        long[] times = new long[samples];
        Node ts = child(g, "timestamps");
        if (ts instanceof Dataset t) {
            double[] seconds = toDoubles(file, path + "/timestamps", t.getDataFlat());
            if (seconds.length != samples) {
                throw new SpikeFileException(file, "mismatched lengths: " + path + "/timestamps has " + seconds.length
                        + " values but " + path + "/data has " + samples + " samples");
            }
            for (int i = 0; i < samples; i++) {
                times[i] = Math.round(seconds[i] * 1e6);
                if (i > 0 && times[i] < times[i - 1]) {
                    throw new SpikeFileException(file, path + "/timestamps not increasing at " + i + ": "
                            + seconds[i] + " s after " + seconds[i - 1] + " s");
                }
            }
        } else if (child(g, "starting_time") instanceof Dataset st) {
            double t0 = toDoubles(file, path + "/starting_time", st.getDataFlat())[0];
            double rate = doubleAttribute(st, "rate", Double.NaN);
            if (!(rate > 0)) {
                throw new SpikeFileException(file, path + "/starting_time has no positive 'rate' attribute");
            }
            for (int i = 0; i < samples; i++) {
                times[i] = Math.round((t0 + i / rate) * 1e6);
            }
        } else {
            return null;
        }
        return new BehaviorSeries(path, stringAttribute(data, "unit"), times, width, values);
    }

    private static String stringAttribute(Node n, String name) {
        Attribute a = n.getAttributes().get(name);
        if (a == null) {
            return "";
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v != null && v.getClass().isArray() && Array.getLength(v) == 1 && Array.get(v, 0) instanceof String s) {
            return s;
        }
        return "";
    }

    private static double doubleAttribute(Node n, String name, double fallback) {
        Attribute a = n.getAttributes().get(name);
        if (a == null) {
            return fallback;
        }
        Object v = a.getData();
        if (v instanceof Number x) {
            return x.doubleValue();
        }
        if (v != null && v.getClass().isArray() && Array.getLength(v) == 1 && Array.get(v, 0) instanceof Number x) {
            return x.doubleValue();
        }
        return fallback;
    }

    static double[] toDoubles(Path file, String what, Object data) throws SpikeFileException {
        if (data instanceof double[] d) {
            return d;
        }
        if (data instanceof float[] f) {
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        if (data != null && data.getClass().isArray() && data.getClass().getComponentType().isPrimitive()) {
            long[] l = toLongs(file, what, data);
            double[] out = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = l[i];
            }
            return out;
        }
        throw new SpikeFileException(file, what + " has an unsupported data type "
                + (data == null ? "null" : data.getClass().getSimpleName()) + " (expected numbers)");
    }

    static long[] toLongs(Path file, String what, Object data) throws SpikeFileException {
        if (data instanceof long[] l) {
            return l;
        }
        if (data instanceof int[] i) {
            long[] out = new long[i.length];
            for (int k = 0; k < i.length; k++) {
                out[k] = i[k];
            }
            return out;
        }
        if (data instanceof short[] s) {
            long[] out = new long[s.length];
            for (int k = 0; k < s.length; k++) {
                out[k] = s[k];
            }
            return out;
        }
        if (data instanceof byte[] b) {
            long[] out = new long[b.length];
            for (int k = 0; k < b.length; k++) {
                out[k] = b[k];
            }
            return out;
        }
        if (data instanceof java.math.BigInteger[] big) {
            long[] out = new long[big.length];
            for (int k = 0; k < big.length; k++) {
                out[k] = big[k].longValueExact();
            }
            return out;
        }
        throw new SpikeFileException(file, what + " has data type "
                + (data == null ? "null" : data.getClass().getSimpleName()) + ", expected integers");
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public List<SpikeUnit> units() {
        return units;
    }

    @Override
    public List<BehaviorSeries> behavior() {
        return behavior;
    }

    @Override
    public boolean next() {
        if (heapSize == 0) {
            unitIndex = -1;
            return false;
        }
        int u = heap[0];
        timeMicros = timesMicros[(int) cursor[u]];
        unitIndex = u;
        cursor[u]++;
        if (cursor[u] >= end[u]) {
            heap[0] = heap[--heapSize];
        }
        siftDown(0);
        return true;
    }

    private long key(int u) {
        return timesMicros[(int) cursor[u]];
    }

    private void siftDown(int i) {
        int at = i;
        while (true) {
            int left = 2 * at + 1;
            if (left >= heapSize) {
                return;
            }
            int right = left + 1;
            int smallest = right < heapSize && less(heap[right], heap[left]) ? right : left;
            if (!less(heap[smallest], heap[at])) {
                return;
            }
            int tmp = heap[at];
            heap[at] = heap[smallest];
            heap[smallest] = tmp;
            at = smallest;
        }
    }

    private boolean less(int a, int b) {
        long ka = key(a);
        long kb = key(b);
        return ka < kb || (ka == kb && a < b);
    }

    @Override
    public long timeMicros() {
        return timeMicros;
    }

    @Override
    public int unitIndex() {
        return unitIndex;
    }
}
