package io.neurostream.connectors.spikes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a Kilosort/phy output folder: {@code spike_times.npy} (integer sample indices),
 * {@code spike_clusters.npy} (integer cluster ids, same length), {@code params.py}
 * ({@code sample_rate}) and optionally {@code cluster_group.tsv} (phy's manual labels).
 *
 * <pre>{@code
 * try (SpikeSource s = PhyFolderReader.builder(Path.of("kilosort")).goodUnitsOnly(true).open()) { ... }
 * }</pre>
 *
 * <p>Units are the clusters that have spikes (only those labelled {@code good} with
 * {@link Builder#goodUnitsOnly}), indexed in increasing cluster id. Opening makes one validating
 * pass over both arrays (lengths, dtypes, non-decreasing times) holding only per-cluster counts,
 * then {@link #next()} streams them again. Times: {@code round(sample * 1e6 / sample_rate)} µs.
 */
public final class PhyFolderReader implements SpikeSource {
    public static final String SPIKE_TIMES = "spike_times.npy";
    public static final String SPIKE_CLUSTERS = "spike_clusters.npy";
    public static final String PARAMS = "params.py";
    public static final String CLUSTER_GROUP = "cluster_group.tsv";

    private final Path folder;
    private final double sampleRateHz;
    private final long microsPerSample; // > 0 when 1e6 / sampleRate is a whole number
    private final List<SpikeUnit> units;
    private final int[] clusterIds;     // sorted cluster ids that are units
    private final NpyReader times;
    private final NpyReader clusters;
    private long timeMicros;
    private int unitIndex = -1;

    private PhyFolderReader(Path folder, double sampleRateHz, List<SpikeUnit> units, int[] clusterIds,
                            NpyReader times, NpyReader clusters) {
        this.folder = folder;
        this.sampleRateHz = sampleRateHz;
        double mps = 1e6 / sampleRateHz;
        this.microsPerSample = mps == Math.rint(mps) ? (long) mps : 0;
        this.units = units;
        this.clusterIds = clusterIds;
        this.times = times;
        this.clusters = clusters;
    }

    public static Builder builder(Path folder) {
        return new Builder(folder);
    }

    /** Opens the folder with the defaults (all clusters, sample rate from params.py). */
    public static PhyFolderReader open(Path folder) throws IOException {
        return builder(folder).open();
    }

    /** Options of a {@link PhyFolderReader}; defaults: all clusters, sample rate from params.py. */
    public static final class Builder {
        private final Path folder;
        private boolean goodUnitsOnly;
        private double sampleRateHz = Double.NaN;

        private Builder(Path folder) {
            if (folder == null) {
                throw new IllegalArgumentException("folder must not be null");
            }
            this.folder = folder;
        }

        /** Keep only clusters labelled {@code good} in cluster_group.tsv (which must then exist). */
        public Builder goodUnitsOnly(boolean goodOnly) {
            this.goodUnitsOnly = goodOnly;
            return this;
        }

        /** Use this sample rate instead of params.py's {@code sample_rate}. */
        public Builder sampleRateHz(double hz) {
            if (!(hz > 0) || Double.isInfinite(hz)) {
                throw new IllegalArgumentException("sampleRateHz must be positive and finite, got " + hz);
            }
            this.sampleRateHz = hz;
            return this;
        }

        public PhyFolderReader open() throws IOException {
            if (!Files.isDirectory(folder)) {
                throw new SpikeFileException(folder, "not a folder (expected a Kilosort/phy output folder)");
            }
            double rate = Double.isNaN(sampleRateHz) ? readSampleRate(folder.resolve(PARAMS)) : sampleRateHz;
            Map<Long, String> labels = readClusterGroups(folder.resolve(CLUSTER_GROUP), goodUnitsOnly);
            Path timesFile = folder.resolve(SPIKE_TIMES);
            Path clustersFile = folder.resolve(SPIKE_CLUSTERS);

            // pass 1: validate and count spikes per cluster
            TreeMap<Long, long[]> counts = new TreeMap<>();
            try (NpyReader t = NpyReader.open(timesFile).requireInteger();
                 NpyReader c = NpyReader.open(clustersFile).requireInteger()) {
                if (c.length() != t.length()) {
                    throw new SpikeFileException(clustersFile, "mismatched lengths: " + SPIKE_TIMES + " has "
                            + t.length() + " spikes but " + SPIKE_CLUSTERS + " has " + c.length());
                }
                long previous = Long.MIN_VALUE;
                for (long i = 0; i < t.length(); i++) {
                    long sample = t.nextLong();
                    if (sample < previous) {
                        throw new SpikeFileException(timesFile, "times not increasing at spike " + i + ": sample "
                                + sample + " after " + previous);
                    }
                    previous = sample;
                    long cluster = c.nextLong();
                    if (cluster > Integer.MAX_VALUE || cluster < 0) {
                        throw new SpikeFileException(clustersFile, "cluster id " + cluster + " at spike " + i
                                + " outside [0, 2^31)");
                    }
                    counts.computeIfAbsent(cluster, k -> new long[1])[0]++;
                }
            }
            List<SpikeUnit> units = new ArrayList<>();
            int[] ids = new int[counts.size()];
            for (Map.Entry<Long, long[]> e : counts.entrySet()) {
                String label = labels.getOrDefault(e.getKey(), "");
                if (goodUnitsOnly && !"good".equals(label)) {
                    continue;
                }
                ids[units.size()] = e.getKey().intValue();
                units.add(new SpikeUnit(units.size(), e.getKey(), label, e.getValue()[0]));
            }
            NpyReader t = NpyReader.open(timesFile);
            try {
                NpyReader c = NpyReader.open(clustersFile);
                return new PhyFolderReader(folder, rate, List.copyOf(units), Arrays.copyOf(ids, units.size()), t, c);
            } catch (IOException | RuntimeException e) {
                t.close();
                throw e;
            }
        }
    }

    static double readSampleRate(Path params) throws IOException {
        if (!Files.isRegularFile(params)) {
            throw new SpikeFileException(params, "missing (it gives sample_rate); set sampleRateHz explicitly instead");
        }
        List<String> lines = Files.readAllLines(params, StandardCharsets.UTF_8);
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).trim().equals("sample_rate")) {
                String value = line.substring(eq + 1).trim();
                int hash = value.indexOf('#');
                if (hash >= 0) {
                    value = value.substring(0, hash).trim();
                }
                try {
                    double rate = Double.parseDouble(value);
                    if (rate > 0 && !Double.isInfinite(rate)) {
                        return rate;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new SpikeFileException(params, "sample_rate '" + value + "' is not a positive number");
            }
        }
        throw new SpikeFileException(params, "no 'sample_rate = ...' line");
    }

    /** cluster id -> label; empty when the file is absent and not required. */
    static Map<Long, String> readClusterGroups(Path tsv, boolean required) throws IOException {
        Map<Long, String> labels = new HashMap<>();
        if (!Files.isRegularFile(tsv)) {
            if (required) {
                throw new SpikeFileException(tsv, "missing, but goodUnitsOnly needs the cluster labels");
            }
            return labels;
        }
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().startsWith("cluster_id")) {
            throw new SpikeFileException(tsv, "expected a header 'cluster_id<TAB>group', found "
                    + (lines.isEmpty() ? "an empty file" : "'" + lines.get(0) + "'"));
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length != 2) {
                throw new SpikeFileException(tsv, "line " + (i + 1) + ": expected 2 tab-separated columns, found "
                        + cols.length + ": '" + line + "'");
            }
            try {
                labels.put(Long.parseLong(cols[0].trim()), cols[1].trim());
            } catch (NumberFormatException e) {
                throw new SpikeFileException(tsv, "line " + (i + 1) + ": cluster id '" + cols[0] + "' is not an integer");
            }
        }
        return labels;
    }

    @Override
    public String name() {
        return folder.toString();
    }

    @Override
    public List<SpikeUnit> units() {
        return units;
    }

    /** The sample rate used to convert samples to µs. */
    public double sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public boolean next() throws IOException {
        while (times.hasNext()) {
            long sample = times.nextLong();
            int cluster = (int) clusters.nextLong();
            int index = Arrays.binarySearch(clusterIds, cluster);
            if (index < 0) {
                continue; // filtered out (not good)
            }
            timeMicros = microsPerSample > 0 ? Math.multiplyExact(sample, microsPerSample)
                    : Math.round(sample * (1e6 / sampleRateHz));
            unitIndex = index;
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
        try {
            times.close();
        } finally {
            clusters.close();
        }
    }
}
