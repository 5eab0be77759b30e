package io.neurostream.connectors.replay;

import io.neurostream.connectors.events.EventBuffer;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFileSummary;
import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.events.PacketBuilder;
import io.neurostream.connectors.events.SensorGeometry;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams event-camera files as {@link EventPacket}s (and, for labelled data sets, {@link Label}s)
 * with their original timing scaled by a speed, several files at once, one sensor id per file,
 * interleaved by time. Memory stays bounded: each file is read through its streaming reader.
 *
 * <pre>{@code
 * EventReplay replay = new EventReplay(EventReplay.Settings.defaults().withSpeed(0));
 * replay.addFile("cam-0", Path.of("recording.raw"), null);
 * replay.addFile("cam-1", Path.of("sample.aedat4"), null);
 * EventReplay.Stats stats = replay.run(target, progress -> {});
 * }</pre>
 *
 * Each file is paced on its own clock: its first event is "now", and a packet is sent when its end
 * ({@code endTimeMicros}) is due, {@code (end - first) / speed} after the start. Event times are
 * kept as in the file (looped passes add the file's span so that time keeps increasing). A labelled
 * N-MNIST folder ({@link #addDataset}) puts sample i into its own slot {@code [i * slot, (i + 1) * slot)}
 * of one sensor, sends each train sample's Label before its events, and no Label for test samples.
 */
public final class EventReplay {

    /**
     * How to replay.
     *
     * @param maxEventsPerPacket  events per packet at most
     * @param maxPacketMicros     time one packet covers at most (µs), 0 = no bound
     * @param speed               recording seconds per wall second; 0 = as fast as possible
     * @param passes              times each file is replayed (Integer.MAX_VALUE = until stopped)
     * @param slotMicros          slot of one data-set sample (µs), must exceed the longest sample
     */
    public record Settings(int maxEventsPerPacket, long maxPacketMicros, double speed, int passes, long slotMicros) {
        public Settings {
            if (maxEventsPerPacket < 1 || maxEventsPerPacket > PacketBuilder.MAX_EVENTS_LIMIT) {
                throw new IllegalArgumentException("--max-events-per-packet must be in [1, " + PacketBuilder.MAX_EVENTS_LIMIT
                        + "], got " + maxEventsPerPacket);
            }
            if (maxPacketMicros < 0) {
                throw new IllegalArgumentException("--packet-micros must be >= 0 (0 = no bound), got " + maxPacketMicros);
            }
            if (!(speed >= 0) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException("--speed must be > 0 (1 = real time), got " + speed);
            }
            if (passes < 1) {
                throw new IllegalArgumentException("passes must be >= 1, got " + passes);
            }
            if (slotMicros < 1) {
                throw new IllegalArgumentException("slotMicros must be > 0, got " + slotMicros);
            }
        }

        /** 4096 events or 10 ms per packet, real time, one pass, 400 ms sample slots. */
        public static Settings defaults() {
            return new Settings(4096, 10_000, 1.0, 1, 400_000);
        }

        public Settings withSpeed(double newSpeed) {
            return new Settings(maxEventsPerPacket, maxPacketMicros, newSpeed, passes, slotMicros);
        }

        public Settings withPackets(int maxEvents, long maxMicros) {
            return new Settings(maxEvents, maxMicros, speed, passes, slotMicros);
        }

        public Settings withPasses(int newPasses) {
            return new Settings(maxEventsPerPacket, maxPacketMicros, speed, newPasses, slotMicros);
        }

        public Settings withSlotMicros(long newSlotMicros) {
            return new Settings(maxEventsPerPacket, maxPacketMicros, speed, passes, newSlotMicros);
        }
    }

    /** Where packets and labels go (Kafka in the product, a list in tests). */
    public interface Target {
        void packet(EventPacket packet);

        void label(Label label);

        /** Waits until everything sent is acknowledged. */
        void flush();
    }

    /**
     * What a replay sent so far.
     *
     * @param fractionDone share of the input read (bytes), in [0, 1]; NaN when looping forever
     */
    public record Stats(long events, long packets, long labels, double recordingSeconds, double wallSeconds,
                        double fractionDone) {
        public double eventsPerSecond() {
            return wallSeconds > 0 ? events / wallSeconds : 0;
        }

        /** Seconds left at the current pace; NaN if unknown. */
        public double etaSeconds() {
            if (Double.isNaN(fractionDone) || fractionDone <= 0) {
                return Double.NaN;
            }
            return wallSeconds * (1 - fractionDone) / fractionDone;
        }
    }

    /** Progress callback, about once a second and at the end. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(Stats soFar);
    }

    /** A file or data set turned into a time-ordered sequence of items. */
    private interface Feed {
        /** The next item, or null at the end. */
        Item next() throws IOException;

        /** Bytes read / bytes in all passes (approximately). */
        double fractionDone();

        void close() throws IOException;
    }

    /** A packet or label due at {@code relMicros} after the feed's first event. */
    private record Item(long relMicros, EventPacket packet, Label label) {}

    private final Settings settings;
    private final List<Feed> feeds = new ArrayList<>();
    private final List<String> descriptions = new ArrayList<>();
    private volatile boolean stopped;

    public EventReplay(Settings settings) {
        this.settings = settings;
    }

    /** Adds a file replayed as sensor {@code sensorId}; {@code geometry} null = from the file (or its events). */
    public EventReplay addFile(String sensorId, Path file, SensorGeometry geometry) throws IOException {
        FileFeed feed = new FileFeed(sensorId, file, geometry, settings);
        feeds.add(feed);
        descriptions.add(sensorId + " <- " + file.getFileName() + " (" + feed.format + ", " + feed.geometry + ")");
        return this;
    }

    /**
     * Adds a labelled data set as sensor {@code sensorId}: {@code train} samples (Labels sent), then
     * {@code test} samples (no Labels), sample i in slot i.
     */
    public EventReplay addDataset(String sensorId, List<NmnistDataset.Sample> train, List<NmnistDataset.Sample> test) {
        feeds.add(new DatasetFeed(sensorId, train, test, settings));
        descriptions.add(sensorId + " <- " + train.size() + " labelled + " + test.size() + " unlabelled samples");
        return this;
    }

    /** One line per input. */
    public List<String> describe() {
        return List.copyOf(descriptions);
    }

    /** Stops a running {@link #run} after the current item. */
    public void stop() {
        stopped = true;
    }

    /**
     * Streams every input into {@code target}, in time order across inputs, paced by the speed;
     * closes the inputs at the end.
     */
    public Stats run(Target target, ProgressListener progress) throws IOException, InterruptedException {
        long startNanos = System.nanoTime();
        PriorityQueue<Head> heads = new PriorityQueue<>();
        try {
            for (int i = 0; i < feeds.size(); i++) {
                Item first = feeds.get(i).next();
                if (first != null) {
                    heads.add(new Head(first, i));
                }
            }
            long events = 0;
            long packets = 0;
            long labels = 0;
            long maxRelMicros = 0;
            long nextProgressNanos = startNanos + 1_000_000_000L;
            while (!heads.isEmpty() && !stopped) {
                Head head = heads.poll();
                Item item = head.item;
                if (settings.speed() > 0) {
                    long due = startNanos + (long) (item.relMicros() * 1000.0 / settings.speed());
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0 && !stopped) {
                        if (Thread.interrupted()) {
                            throw new InterruptedException("replay interrupted");
                        }
                        LockSupport.parkNanos(Math.min(wait, 200_000));
                    }
                }
                if (item.label() != null) {
                    target.label(item.label());
                    labels++;
                } else {
                    target.packet(item.packet());
                    packets++;
                    events += item.packet().getEventCount();
                }
                maxRelMicros = Math.max(maxRelMicros, item.relMicros());
                Item next = feeds.get(head.feed).next();
                if (next != null) {
                    heads.add(new Head(next, head.feed));
                }
                long now = System.nanoTime();
                if (now >= nextProgressNanos) {
                    nextProgressNanos = now + 1_000_000_000L;
                    progress.progress(stats(events, packets, labels, maxRelMicros, startNanos));
                }
            }
            target.flush();
            Stats done = stats(events, packets, labels, maxRelMicros, startNanos);
            progress.progress(done);
            return done;
        } finally {
            for (Feed f : feeds) {
                f.close();
            }
        }
    }

    private Stats stats(long events, long packets, long labels, long relMicros, long startNanos) {
        double fraction;
        if (settings.passes() == Integer.MAX_VALUE) {
            fraction = Double.NaN;
        } else {
            double sum = 0;
            for (Feed f : feeds) {
                sum += f.fractionDone();
            }
            fraction = feeds.isEmpty() ? 1 : sum / feeds.size();
        }
        return new Stats(events, packets, labels, relMicros / 1e6, (System.nanoTime() - startNanos) / 1e9, fraction);
    }

    private record Head(Item item, int feed) implements Comparable<Head> {
        @Override
        public int compareTo(Head o) {
            int c = Long.compare(item.relMicros(), o.item.relMicros());
            return c != 0 ? c : Integer.compare(feed, o.feed);
        }
    }

    /** One file, looped {@code passes} times; packets due at their end time. */
    private static final class FileFeed implements Feed {
        private final Path file;
        private final SensorGeometry override;
        private final SensorGeometry geometry;
        private final String format;
        private final int passes;
        private final ArrayDeque<EventPacket> ready = new ArrayDeque<>();
        private final PacketBuilder builder;
        private final EventBuffer buffer = new EventBuffer(8192);
        private EventFileReader reader;
        private int pass;
        private long shiftMicros;
        private long firstMicros = Long.MIN_VALUE;
        private long lastMicros = Long.MIN_VALUE;
        private long passFirstMicros = Long.MIN_VALUE;

        FileFeed(String sensorId, Path file, SensorGeometry override, Settings settings) throws IOException {
            this.file = file;
            this.override = override;
            this.passes = settings.passes();
            this.reader = EventFormats.open(file, override);
            this.format = reader.format().toString();
            SensorGeometry g = reader.geometry();
            if (!g.isKnown()) {
                // The file states no geometry (several Prophesee files): take the range its events cover.
                try (EventFileReader scan = EventFormats.open(file, override)) {
                    g = EventFileSummary.of(scan, EventFileSummary.DEFAULT_PEAK_WINDOW_MICROS).effectiveGeometry();
                }
            }
            this.geometry = g;
            this.builder = PacketBuilder.builder().sensorId(sensorId).geometry(g)
                    .maxEvents(settings.maxEventsPerPacket()).maxDurationMicros(settings.maxPacketMicros())
                    .sink(ready::add).build();
        }

        @Override
        public Item next() throws IOException {
            while (ready.isEmpty() && reader != null) {
                int n = reader.read(buffer);
                if (n == 0) {
                    reader.close();
                    reader = null;
                    pass++;
                    if (pass < passes && lastMicros != Long.MIN_VALUE) {
                        // the next pass starts just after this one ended, so time keeps increasing
                        shiftMicros += lastMicros + 1 - shiftMicros - passFirstMicros;
                        passFirstMicros = Long.MIN_VALUE;
                        reader = EventFormats.open(file, override);
                    } else {
                        builder.finish();
                    }
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    long t = buffer.tMicros[i];
                    if (passFirstMicros == Long.MIN_VALUE) {
                        passFirstMicros = t;
                    }
                    long shifted = t + shiftMicros;
                    if (firstMicros == Long.MIN_VALUE) {
                        firstMicros = shifted;
                    }
                    lastMicros = shifted;
                    builder.accept(shifted, buffer.x[i], buffer.y[i], buffer.on[i]);
                }
            }
            EventPacket p = ready.poll();
            return p == null ? null : new Item(p.getEndTimeMicros() - firstMicros, p, null);
        }

        @Override
        public double fractionDone() {
            double inPass = reader == null ? 1 : (double) reader.bytePosition() / Math.max(1, reader.sizeBytes());
            return Math.min(1, (Math.min(pass, passes) + (reader == null ? 0 : inPass)) / passes);
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    /** Labelled samples in slots of one sensor; a train sample's Label comes first, due at its slot start. */
    private static final class DatasetFeed implements Feed {
        private final String sensorId;
        private final List<NmnistDataset.Sample> samples = new ArrayList<>();
        private final int trainCount;
        private final Settings settings;
        private final ArrayDeque<Item> ready = new ArrayDeque<>();
        private final List<EventPacket> samplePackets = new ArrayList<>();
        private int nextSample;
        private long sequence;

        DatasetFeed(String sensorId, List<NmnistDataset.Sample> train, List<NmnistDataset.Sample> test, Settings settings) {
            this.sensorId = sensorId;
            this.samples.addAll(train);
            this.samples.addAll(test);
            this.trainCount = train.size();
            this.settings = settings;
        }

        @Override
        public Item next() throws IOException {
            while (ready.isEmpty() && nextSample < samples.size()) {
                loadSample(nextSample++);
            }
            return ready.poll();
        }

        private void loadSample(int index) throws IOException {
            NmnistDataset.Sample sample = samples.get(index);
            long slotStart = index * settings.slotMicros();
            long slotEnd = slotStart + settings.slotMicros();
            if (index < trainCount) {
                ready.add(new Item(slotStart, null, new Label(sensorId, (long) index, slotStart, slotEnd,
                        sample.classIndex(), List.of())));
            }
            samplePackets.clear();
            try (EventFileReader reader = EventFormats.open(sample.file())) {
                PacketBuilder builder = PacketBuilder.builder().sensorId(sensorId).geometry(reader.geometry())
                        .maxEvents(settings.maxEventsPerPacket()).maxDurationMicros(settings.maxPacketMicros())
                        .firstSequence(sequence).sink(samplePackets::add).build();
                EventBuffer buffer = new EventBuffer(8192);
                int n;
                while ((n = reader.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        long t = buffer.tMicros[i];
                        if (t >= settings.slotMicros()) {
                            throw new IOException(sample.file() + ": event at " + t + " µs does not fit the "
                                    + settings.slotMicros() + " µs sample slot; raise the slot");
                        }
                        builder.accept(slotStart + t, buffer.x[i], buffer.y[i], buffer.on[i]);
                    }
                }
                builder.finish();
                sequence += builder.packetsEmitted();
            }
            if (samplePackets.isEmpty()) {
                return;
            }
            // The last packet covers the slot to its end, so the sample's window closes at once.
            samplePackets.get(samplePackets.size() - 1).setEndTimeMicros(slotEnd);
            for (EventPacket p : samplePackets) {
                ready.add(new Item(p.getEndTimeMicros(), p, null));
            }
        }

        @Override
        public double fractionDone() {
            return samples.isEmpty() ? 1 : (double) nextSample / samples.size();
        }

        @Override
        public void close() {}
    }
}
