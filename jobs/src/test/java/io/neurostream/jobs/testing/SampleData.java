package io.neurostream.jobs.testing;

import io.neurostream.connectors.events.EventBuffer;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFormat;
import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.events.PacketBuilder;
import io.neurostream.connectors.events.SensorGeometry;
import io.neurostream.connectors.spikes.SpikeBatcher;
import io.neurostream.connectors.spikes.SpikeFormats;
import io.neurostream.connectors.spikes.SpikeSource;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.SpikeBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The real recordings under {@code ../shared/data} (see its README), read by the project's own readers
 * (connectors-events, connectors-spikes: test dependencies of jobs, so not in the job jar) and cut into
 * our records by its own builders ({@link PacketBuilder}, {@link SpikeBatcher}), as replay does.
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

    /** Every event of {@code file}, decoded by the project's reader of {@code format}. */
    public static Events events(Path file, EventFormat format) {
        try (EventFileReader reader = EventFormats.open(file, format, null)) {
            EventBuffer buf = new EventBuffer(8192);
            List<Events> chunks = new ArrayList<>();
            while (reader.read(buf) > 0) {
                chunks.add(new Events(Arrays.copyOf(buf.tMicros, buf.size), Arrays.copyOf(buf.x, buf.size),
                        Arrays.copyOf(buf.y, buf.size), Arrays.copyOf(buf.on, buf.size)));
            }
            return Events.concat(chunks);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Sample {@code id} of nmnist-small (N-MNIST {@code .bs2}, 34x34). */
    public static Events nmnistSmall(int id) {
        return events(dir().resolve("event-camera/nmnist-small/" + id + ".bs2"), EventFormat.NMNIST);
    }

    /** Classes of nmnist-small samples: id -> class (train1K.txt and test100.txt). */
    public static Map<Integer, Integer> nmnistSmallClasses() {
        Map<Integer, Integer> classes = new TreeMap<>();
        for (String list : List.of("train1K.txt", "test100.txt")) {
            Path file = dir().resolve("event-camera/nmnist-small/" + list);
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] parts = line.trim().split("\\s+");
                    classes.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                }
            } catch (IOException e) {
                throw unreadable(file, e);
            }
        }
        return classes;
    }

    /** The EVT 2.0 sample (Gen3 camera, 640x480, 521,252 events in 95.9 ms). */
    public static Events evt2Sample() {
        return events(dir().resolve("event-camera/evt2/evt2.raw"), EventFormat.EVT2);
    }

    /**
     * Cuts events into EventPackets of at most {@code maxEvents} events with the project's
     * {@link PacketBuilder}, as replay does: never between events of one µs, each packet ending where
     * the next one starts (the last one after its last event).
     */
    public static List<EventPacket> packets(String sensorId, int width, int height, Events e, int maxEvents) {
        List<EventPacket> packets = new ArrayList<>();
        PacketBuilder packer = PacketBuilder.builder()
                .sensorId(sensorId)
                .geometry(new SensorGeometry(width, height))
                .maxEvents(maxEvents)
                .sink(packets::add)
                .build();
        for (int i = 0; i < e.size(); i++) {
            packer.accept(e.tMicros[i], e.x[i], e.y[i], e.on[i]);
        }
        packer.finish();
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

    /** Every spike of a recording (file or phy folder), read by the project's reader of its format. */
    public static Spikes spikes(Path recording) {
        try (SpikeSource source = SpikeFormats.open(recording)) {
            long[] t = new long[1024];
            int[] unit = new int[1024];
            int n = 0;
            while (source.next()) {
                if (n == t.length) {
                    t = Arrays.copyOf(t, 2 * n);
                    unit = Arrays.copyOf(unit, 2 * n);
                }
                t[n] = source.timeMicros();
                unit[n++] = source.unitIndex();
            }
            return new Spikes(Arrays.copyOf(t, n), Arrays.copyOf(unit, n), source.unitCount());
        } catch (IOException e) {
            throw unreadable(recording, e);
        }
    }

    /** The phy/Kilosort template data set: 314 spikes of 62 clusters at 25 kHz (units: clusters by id). */
    public static Spikes kilosortTemplate() {
        return spikes(dir().resolve("spikes/kilosort"));
    }

    /** The NWB sample's {@code /units}: 3 units, 21,354 spikes over 1087 s. */
    public static Spikes nwbUnits() {
        return spikes(dir().resolve("spikes/nwb/A8604-211122.nwb"));
    }

    /**
     * SpikeBatches covering {@code [from, to)} back to back, {@code batchMicros} each (empty ones included),
     * cut by the project's {@link SpikeBatcher}; when {@code to - from} is no multiple of {@code batchMicros}
     * the last batch ends at {@code to}, short.
     */
    public static List<SpikeBatch> batches(String sessionId, Spikes s, long from, long to, long batchMicros) {
        List<SpikeBatch> batches = new ArrayList<>();
        SpikeBatcher batcher = new SpikeBatcher(sessionId, s.unitCount(), batchMicros, batches::add).startAt(from);
        for (int i = 0; i < s.size(); i++) {
            if (s.tMicros[i] >= from && s.tMicros[i] < to) {
                batcher.add(s.tMicros[i], s.unit[i]);
            }
        }
        batcher.advanceTo(to);
        if (batcher.windowStartMicros() < to) {
            batcher.advanceTo(batcher.windowStartMicros() + batchMicros);
            SpikeBatch last = batches.remove(batches.size() - 1);
            batches.add(SpikeBatch.newBuilder(last).setEndTimeMicros(to).build());
        }
        return batches;
    }

    private static UncheckedIOException unreadable(Path file, IOException e) {
        return new UncheckedIOException("cannot read " + file + " (see ../shared/data/README.md)", e);
    }
}
