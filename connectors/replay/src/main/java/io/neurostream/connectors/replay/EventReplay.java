package io.neurostream.connectors.replay;

import io.neurostream.connectors.events.EventBuffer;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFileSummary;
import io.neurostream.connectors.events.EventFormat;
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

/**
 * The event-camera {@link Recording}: event files as {@link EventPacket}s (and, for labelled data
 * sets, {@link Label}s), several at once, one sensor id per input, interleaved by time. Memory stays
 * bounded: each file is read through its streaming reader. {@link Recordings#open} builds one from
 * files and N-MNIST folders; to build one by hand:
 *
 * <pre>{@code
 * EventReplay replay = new EventReplay(ReplayOptions.defaults().withPackets(1000, 5_000));
 * replay.addFile("cam-0", Path.of("recording.raw"), null);
 * replay.addFile("cam-1", Path.of("sample.aedat4"), null);
 * ReplayStats stats = replay.replay(target, Pacer.asFastAsPossible(), progress);
 * }</pre>
 *
 * Each input keeps its own clock: its first event is "now", and a packet is due when its end
 * ({@code endTimeMicros}) is, {@code (end - first) / speed} after the start (see {@link Pacer}). Event
 * times are kept as in the file (looped passes add the file's span so that time keeps increasing). A
 * labelled N-MNIST folder ({@link #addDataset}) puts sample i into its own slot
 * {@code [i * slot, (i + 1) * slot)} of one sensor, sends each train sample's Label before its
 * events, and no Label for test samples. The replay can be run again: inputs are reopened each time.
 */
public final class EventReplay implements Recording {

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

    /** One input, checked when added, opened as a {@link Feed} for each replay. */
    private interface Input {
        Feed open() throws IOException;
    }

    private record FileInput(String sensorId, Path file, EventFormat format, SensorGeometry override,
                             SensorGeometry geometry, ReplayOptions options) implements Input {
        @Override
        public Feed open() throws IOException {
            return new FileFeed(this);
        }
    }

    private record DatasetInput(String sensorId, List<NmnistDataset.Sample> train, List<NmnistDataset.Sample> test,
                                ReplayOptions options) implements Input {
        @Override
        public Feed open() {
            return new DatasetFeed(this);
        }
    }

    private final ReplayOptions options;
    private final List<Input> inputs = new ArrayList<>();
    private final List<String> descriptions = new ArrayList<>();

    /** Reads the packet bounds, passes and sample slot of {@code options}. */
    public EventReplay(ReplayOptions options) {
        this.options = options;
    }

    /**
     * Adds a file replayed as sensor {@code sensorId}: detects its format and reads its geometry
     * ({@code geometry} null = from the file, or the range its events cover when it states none).
     */
    public EventReplay addFile(String sensorId, Path file, SensorGeometry geometry) throws IOException {
        EventFormat format = EventFormats.detect(file);
        SensorGeometry g;
        try (EventFileReader reader = EventFormats.open(file, format, geometry)) {
            g = reader.geometry();
            if (!g.isKnown()) {
                // The file states no geometry (several Prophesee files): take the range its events cover.
                g = EventFileSummary.of(reader, EventFileSummary.DEFAULT_PEAK_WINDOW_MICROS).effectiveGeometry();
            }
        }
        inputs.add(new FileInput(sensorId, file, format, geometry, g, options));
        descriptions.add(sensorId + " <- " + file + " (" + format + ", " + g + ")");
        return this;
    }

    /**
     * Adds a labelled data set as sensor {@code sensorId}: {@code train} samples (Labels sent), then
     * {@code test} samples (no Labels), sample i in slot i.
     */
    public EventReplay addDataset(String sensorId, List<NmnistDataset.Sample> train, List<NmnistDataset.Sample> test) {
        inputs.add(new DatasetInput(sensorId, List.copyOf(train), List.copyOf(test), options));
        descriptions.add(sensorId + " <- " + train.size() + " labelled + " + test.size() + " unlabelled N-MNIST samples");
        return this;
    }

    /** One line per input: sensor id, file, format and geometry. */
    @Override
    public String describe() {
        return String.join("\n", descriptions);
    }

    /** Unknown (-1): files are not read ahead; progress goes by bytes read instead. */
    @Override
    public long totalEvents() {
        return -1;
    }

    /** Streams every input into {@code target}, in time order across inputs; closes the inputs at the end. */
    @Override
    public ReplayStats replay(ReplayTarget target, Pacer pacer, ReplayProgress progress)
            throws IOException, InterruptedException {
        ReplayMeter meter = new ReplayMeter(progress, -1);
        List<Feed> feeds = new ArrayList<>();
        try {
            PriorityQueue<Head> heads = new PriorityQueue<>();
            for (Input input : inputs) {
                Feed feed = input.open();
                feeds.add(feed);
                Item first = feed.next();
                if (first != null) {
                    heads.add(new Head(first, feeds.size() - 1));
                }
            }
            long maxRelMicros = 0;
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                Item item = head.item;
                if (!pacer.await(item.relMicros())) {
                    break;
                }
                if (item.label() != null) {
                    target.label(item.label());
                    meter.label();
                } else {
                    target.packet(item.packet());
                    meter.packet(item.packet().getEventCount());
                }
                maxRelMicros = Math.max(maxRelMicros, item.relMicros());
                Item next = feeds.get(head.feed).next();
                if (next != null) {
                    heads.add(new Head(next, head.feed));
                }
                meter.tick(maxRelMicros / 1e6, () -> fractionDone(feeds));
            }
            target.flush();
            return meter.done(maxRelMicros / 1e6, fractionDone(feeds));
        } finally {
            for (Feed f : feeds) {
                f.close();
            }
        }
    }

    private double fractionDone(List<Feed> feeds) {
        if (options.passes() == ReplayOptions.FOREVER) {
            return Double.NaN;
        }
        double sum = 0;
        for (Feed f : feeds) {
            sum += f.fractionDone();
        }
        return feeds.isEmpty() ? 1 : sum / feeds.size();
    }

    private record Head(Item item, int feed) implements Comparable<Head> {
        @Override
        public int compareTo(Head o) {
            int c = Long.compare(item.relMicros(), o.item.relMicros());
            return c != 0 ? c : Integer.compare(feed, o.feed);
        }
    }

    private static PacketBuilder.Builder packets(String sensorId, SensorGeometry geometry, ReplayOptions options) {
        return PacketBuilder.builder().sensorId(sensorId).geometry(geometry).maxEvents(options.maxEventsPerPacket())
                .maxDurationMicros(options.maxPacketMicros());
    }

    /**
     * One file, looped {@code passes} times; packets due at their end time. Progress is the byte position of
     * the last event of the last packet handed out (the reader reads ahead of what is sent).
     */
    private static final class FileFeed implements Feed {
        /** A packet built and the share of all passes read when it was. */
        private record Built(EventPacket packet, double fractionDone) {}

        private final FileInput input;
        private final int passes;
        private final ArrayDeque<Built> ready = new ArrayDeque<>();
        private final PacketBuilder builder;
        private final EventBuffer buffer = new EventBuffer(8192);
        private EventFileReader reader;
        private int pass;
        private double fractionRead;
        private double fractionSent;
        private long shiftMicros;
        private long firstMicros = Long.MIN_VALUE;
        private long lastMicros = Long.MIN_VALUE;
        private long passFirstMicros = Long.MIN_VALUE;

        FileFeed(FileInput input) throws IOException {
            this.input = input;
            this.passes = input.options().passes();
            this.reader = openReader();
            this.builder = packets(input.sensorId(), input.geometry(), input.options())
                    .sink(p -> ready.add(new Built(p, fractionRead))).build();
        }

        private EventFileReader openReader() throws IOException {
            return EventFormats.open(input.file(), input.format(), input.override());
        }

        @Override
        public Item next() throws IOException {
            while (ready.isEmpty() && reader != null) {
                double before = (double) reader.bytePosition() / Math.max(1, reader.sizeBytes());
                int n = reader.read(buffer);
                if (n == 0) {
                    reader.close();
                    reader = null;
                    pass++;
                    fractionRead = Math.min(1, (double) pass / passes);
                    if (pass < passes && lastMicros != Long.MIN_VALUE) {
                        // the next pass starts just after this one ended, so time keeps increasing
                        shiftMicros += lastMicros + 1 - shiftMicros - passFirstMicros;
                        passFirstMicros = Long.MIN_VALUE;
                        reader = openReader();
                    } else {
                        builder.finish();
                    }
                    continue;
                }
                double after = (double) reader.bytePosition() / Math.max(1, reader.sizeBytes());
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
                    fractionRead = Math.min(1, (pass + before + (after - before) * i / n) / passes);
                    builder.accept(shifted, buffer.x[i], buffer.y[i], buffer.on[i]);
                }
            }
            Built b = ready.poll();
            if (b == null) {
                fractionSent = 1;
                return null;
            }
            fractionSent = b.fractionDone();
            return new Item(b.packet().getEndTimeMicros() - firstMicros, b.packet(), null);
        }

        @Override
        public double fractionDone() {
            return fractionSent;
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
        private final DatasetInput input;
        private final List<NmnistDataset.Sample> samples = new ArrayList<>();
        private final long slotMicros;
        private final ArrayDeque<Item> ready = new ArrayDeque<>();
        private final List<EventPacket> samplePackets = new ArrayList<>();
        private int nextSample;
        private long sequence;

        DatasetFeed(DatasetInput input) {
            this.input = input;
            this.samples.addAll(input.train());
            this.samples.addAll(input.test());
            this.slotMicros = input.options().slotMicros();
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
            long slotStart = index * slotMicros;
            long slotEnd = slotStart + slotMicros;
            if (index < input.train().size()) {
                ready.add(new Item(slotStart, null, new Label(input.sensorId(), (long) index, slotStart, slotEnd,
                        sample.classIndex(), List.of())));
            }
            samplePackets.clear();
            try (EventFileReader reader = EventFormats.open(sample.file())) {
                PacketBuilder builder = packets(input.sensorId(), reader.geometry(), input.options())
                        .firstSequence(sequence).sink(samplePackets::add).build();
                EventBuffer buffer = new EventBuffer(8192);
                int n;
                while ((n = reader.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        long t = buffer.tMicros[i];
                        if (t >= slotMicros) {
                            throw new IOException(sample.file() + ": event at " + t + " µs does not fit the "
                                    + slotMicros + " µs sample slot; raise the slot (--slot-ms)");
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
