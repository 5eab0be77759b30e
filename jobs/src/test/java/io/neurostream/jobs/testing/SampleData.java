package io.neurostream.jobs.testing;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.PackedSpikes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The real recordings under {@code ../shared/data} (see its README), decoded by the byte layouts the
 * README verifies, and cut into our records. Kept small on purpose: jobs does not depend on the
 * connectors' readers, and the topology tests only need a few hundred milliseconds of each file.
 */
public final class SampleData {
    private SampleData() {}

    /** {@code ../shared/data}: system property {@code neurostream.data} (set by the build), else relative to jobs/. */
    public static Path dir() {
        String prop = System.getProperty("neurostream.data");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        return Path.of("../../shared/data").toAbsolutePath().normalize();
    }

    /** Events in time order: parallel arrays. */
    public record Events(long[] tMicros, int[] x, int[] y, boolean[] on) {
        public int size() {
            return tMicros.length;
        }

        /** The events with {@code from <= t < to}. */
        public Events between(long from, long to) {
            int a = 0;
            while (a < size() && tMicros[a] < from) {
                a++;
            }
            int b = a;
            while (b < size() && tMicros[b] < to) {
                b++;
            }
            return new Events(Arrays.copyOfRange(tMicros, a, b), Arrays.copyOfRange(x, a, b),
                    Arrays.copyOfRange(y, a, b), Arrays.copyOfRange(on, a, b));
        }

        /** The same events {@code offsetMicros} later. */
        public Events shifted(long offsetMicros) {
            long[] t = tMicros.clone();
            for (int i = 0; i < t.length; i++) {
                t[i] += offsetMicros;
            }
            return new Events(t, x, y, on);
        }

        public static Events concat(List<Events> parts) {
            int n = parts.stream().mapToInt(Events::size).sum();
            long[] t = new long[n];
            int[] xs = new int[n];
            int[] ys = new int[n];
            boolean[] ons = new boolean[n];
            int at = 0;
            for (Events e : parts) {
                System.arraycopy(e.tMicros, 0, t, at, e.size());
                System.arraycopy(e.x, 0, xs, at, e.size());
                System.arraycopy(e.y, 0, ys, at, e.size());
                System.arraycopy(e.on, 0, ons, at, e.size());
                at += e.size();
            }
            return new Events(t, xs, ys, ons);
        }

        /** Events per window start ({@code floor(t / window) * window}), sorted. */
        public NavigableMap<Long, Long> countPerWindow(long windowMicros) {
            NavigableMap<Long, Long> counts = new TreeMap<>();
            for (long t : tMicros) {
                counts.merge(Math.floorDiv(t, windowMicros) * windowMicros, 1L, Long::sum);
            }
            return counts;
        }
    }

    /** An N-MNIST recording ({@code .bin}/{@code .bs2}): 5-byte records, 34x34. */
    public static Events nmnist(Path file) {
        byte[] b = read(file);
        int n = b.length / 5;
        long[] t = new long[n];
        int[] x = new int[n];
        int[] y = new int[n];
        boolean[] on = new boolean[n];
        for (int i = 0; i < n; i++) {
            int p = i * 5;
            x[i] = b[p] & 0xFF;
            y[i] = b[p + 1] & 0xFF;
            on[i] = (b[p + 2] & 0x80) != 0;
            t[i] = (b[p + 2] & 0x7FL) << 16 | (b[p + 3] & 0xFFL) << 8 | (b[p + 4] & 0xFFL);
        }
        return new Events(t, x, y, on);
    }

    /** Sample {@code id} of nmnist-small and its class from train1K.txt / test100.txt. */
    public static Events nmnistSmall(int id) {
        return nmnist(dir().resolve("event-camera/nmnist-small/" + id + ".bs2"));
    }

    /** Classes of nmnist-small samples: id -> class (train1K.txt and test100.txt). */
    public static Map<Integer, Integer> nmnistSmallClasses() {
        Map<Integer, Integer> classes = new TreeMap<>();
        for (String list : List.of("train1K.txt", "test100.txt")) {
            for (String line : new String(read(dir().resolve("event-camera/nmnist-small/" + list)),
                    StandardCharsets.US_ASCII).split("\r?\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                classes.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        }
        return classes;
    }

    /** Prophesee EVT 2.0 ({@code .raw}): {@code %} header, then uint32 LE words (README, "Byte layouts"). */
    public static Events evt2(Path file) {
        byte[] b = read(file);
        int p = 0;
        while (p < b.length && b[p] == '%') {
            while (b[p] != '\n') {
                p++;
            }
            p++;
        }
        ByteBuffer words = ByteBuffer.wrap(b, p, b.length - p).slice().order(ByteOrder.LITTLE_ENDIAN);
        int max = words.remaining() / 4;
        long[] t = new long[max];
        int[] x = new int[max];
        int[] y = new int[max];
        boolean[] on = new boolean[max];
        int n = 0;
        long timeHigh = -1;
        for (int i = 0; i < max; i++) {
            int w = words.getInt(i * 4);
            int type = w >>> 28;
            if (type <= 1 && timeHigh >= 0) {
                t[n] = (timeHigh << 6) | ((w >>> 22) & 0x3F);
                x[n] = (w >>> 11) & 0x7FF;
                y[n] = w & 0x7FF;
                on[n] = type == 1;
                n++;
            } else if (type == 0x8) {
                timeHigh = w & 0x0FFF_FFFFL;
            }
        }
        return new Events(Arrays.copyOf(t, n), Arrays.copyOf(x, n), Arrays.copyOf(y, n), Arrays.copyOf(on, n));
    }

    /** The EVT 2.0 sample (Gen3 camera, 640x480, 521,252 events in 95.9 ms). */
    public static Events evt2Sample() {
        return evt2(dir().resolve("event-camera/evt2/evt2.raw"));
    }

    /**
     * Cuts events into EventPackets of at most {@code maxEvents} events, never between events of one µs;
     * each packet ends where the next one starts (the last one after its last event), as replay does.
     */
    public static List<EventPacket> packets(String sensorId, int width, int height, Events e, int maxEvents) {
        List<EventPacket> packets = new ArrayList<>();
        int start = 0;
        long sequence = 0;
        while (start < e.size()) {
            int end = Math.min(start + maxEvents, e.size());
            while (end < e.size() && end > start + 1 && e.tMicros[end] == e.tMicros[end - 1]) {
                end--; // do not split one µs across packets
            }
            long t0 = e.tMicros[start];
            long endMicros = end < e.size() ? e.tMicros[end] : e.tMicros[end - 1] + 1;
            ByteBuffer packed = PackedEvents.allocate(end - start);
            for (int i = start; i < end; i++) {
                PackedEvents.put(packed, e.tMicros[i] - t0, e.x[i], e.y[i], e.on[i]);
            }
            packed.flip();
            packets.add(new EventPacket(sensorId, sequence++, width, height, t0, endMicros, end - start, packed, null));
            start = end;
        }
        return packets;
    }

    /** Spikes in time order: parallel arrays of time (µs) and dense unit index in [0, unitCount). */
    public record Spikes(long[] tMicros, int[] unit, int unitCount) {
        public int size() {
            return tMicros.length;
        }

        /** The spikes with {@code from <= t < to}. */
        public Spikes between(long from, long to) {
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < size(); i++) {
                if (tMicros[i] >= from && tMicros[i] < to) {
                    keep.add(i);
                }
            }
            long[] t = new long[keep.size()];
            int[] u = new int[keep.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = tMicros[keep.get(i)];
                u[i] = unit[keep.get(i)];
            }
            return new Spikes(t, u, unitCount);
        }

        /** Spikes per bin start ({@code floor(t / bin) * bin}), sorted. */
        public Map<Long, Long> countPerBin(long binMicros) {
            Map<Long, Long> counts = new TreeMap<>();
            for (long t : tMicros) {
                counts.merge(Math.floorDiv(t, binMicros) * binMicros, 1L, Long::sum);
            }
            return counts;
        }
    }

    /** The phy/Kilosort template data set: 314 spikes of 62 clusters at 25 kHz (cluster ids made dense, sorted). */
    public static Spikes kilosortTemplate() {
        Path folder = dir().resolve("spikes/kilosort");
        ByteBuffer times = npyData(folder.resolve("spike_times.npy"));
        ByteBuffer clusters = npyData(folder.resolve("spike_clusters.npy"));
        int n = times.remaining() / 8;
        long[] t = new long[n];
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.round(times.getLong(times.position() + i * 8) * 1e6 / 25_000.0);
            c[i] = clusters.getInt(clusters.position() + i * 4);
        }
        int[] distinct = Arrays.stream(c).distinct().sorted().toArray();
        int[] dense = new int[n];
        for (int i = 0; i < n; i++) {
            dense[i] = Arrays.binarySearch(distinct, c[i]);
        }
        return sortByTime(t, dense, distinct.length);
    }

    /**
     * The NWB sample's {@code /units}: 3 units, 21,354 spikes over 1087 s. Read at the file offsets the
     * data README verified for this file only (contiguous, uncompressed datasets); no HDF5 library.
     */
    public static Spikes nwbUnits() {
        byte[] b = read(dir().resolve("spikes/nwb/A8604-211122.nwb"));
        ByteBuffer file = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int[] index = new int[3];
        for (int u = 0; u < 3; u++) {
            index[u] = file.getShort(196_292 + 2 * u) & 0xFFFF;
        }
        if (index[2] != 21_354) {
            throw new IllegalStateException("unexpected NWB layout: spike_times_index " + Arrays.toString(index));
        }
        long[] t = new long[index[2]];
        int[] unit = new int[index[2]];
        int u = 0;
        for (int i = 0; i < t.length; i++) {
            while (i >= index[u]) {
                u++;
            }
            t[i] = Math.round(file.getDouble(264_312 + 8 * i) * 1e6);
            unit[i] = u;
        }
        return sortByTime(t, unit, 3);
    }

    private static Spikes sortByTime(long[] t, int[] unit, int unitCount) {
        Integer[] order = new Integer[t.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b]));
        long[] ts = new long[t.length];
        int[] us = new int[t.length];
        for (int i = 0; i < order.length; i++) {
            ts[i] = t[order[i]];
            us[i] = unit[order[i]];
        }
        return new Spikes(ts, us, unitCount);
    }

    /** SpikeBatches covering {@code [from, to)} back to back, {@code batchMicros} each (empty ones included). */
    public static List<SpikeBatch> batches(String sessionId, Spikes s, long from, long to, long batchMicros) {
        List<SpikeBatch> batches = new ArrayList<>();
        int i = 0;
        while (i < s.size() && s.tMicros[i] < from) {
            i++;
        }
        long sequence = 0;
        for (long start = from; start < to; start += batchMicros) {
            long end = Math.min(start + batchMicros, to);
            int first = i;
            while (i < s.size() && s.tMicros[i] < end) {
                i++;
            }
            ByteBuffer packed = PackedSpikes.allocate(i - first);
            for (int k = first; k < i; k++) {
                PackedSpikes.put(packed, s.tMicros[k] - start, s.unit[k]);
            }
            packed.flip();
            batches.add(new SpikeBatch(sessionId, sequence++, start, end, s.unitCount(), i - first, packed, null));
        }
        return batches;
    }

    /** The data part of a NumPy v1.0 file, little-endian (single column: C and Fortran order agree). */
    private static ByteBuffer npyData(Path file) {
        byte[] b = read(file);
        if (b.length < 10 || b[0] != (byte) 0x93 || b[6] != 1) {
            throw new IllegalStateException(file + " is not a NumPy v1.0 file");
        }
        int headerLength = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        return ByteBuffer.wrap(b, 10 + headerLength, b.length - 10 - headerLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (see ../shared/data/README.md)", e);
        }
    }
}
