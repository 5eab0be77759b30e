package io.neurostream.connectors.replay;

import io.neurostream.connectors.events.EventFormat;
import io.neurostream.connectors.events.EventFormatException;
import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.spikes.SpikeFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Opens any recording as a {@link Recording}, the kind chosen by the files' content, never by their
 * names: event-camera files by their headers ({@link EventFormats#detect}), labelled N-MNIST folders
 * by their {@code train*.txt} list ({@link NmnistDataset}), spike recordings by
 * {@link SpikeFormats#detect}. Several event-camera inputs replay together, interleaved by time; a
 * spike recording replays alone. This is what {@code neurostream replay} runs, and the way for other
 * code to replay files into Kafka:
 *
 * <pre>{@code
 * Recording recording = Recordings.open(List.of(Path.of("a.raw"), Path.of("b.aedat4")), ReplayOptions.defaults());
 * Pacer pacer = Pacer.asFastAsPossible();               // or new Pacer(2.0): twice real time
 * NeurostreamTopics topics = NeurostreamTopics.defaults(2);
 * TopicAdmin.createTopics(bootstrapServers, topics.definitions());
 * try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrapServers, topics, pacer)) {
 *     ReplayStats stats = recording.replay(target, pacer, soFar -> show(soFar.events(), soFar.etaSeconds()));
 * }
 * }</pre>
 *
 * The replay runs in the calling thread and returns when everything sent is acknowledged; another
 * thread ends it early with {@code pacer.stop()}. {@link ReplayOptions} sets the keys (sensor or
 * session ids), packet and batch sizes, passes, N-MNIST slots and subsets.
 */
public final class Recordings {
    private Recordings() {}

    /** The kinds of recording, each with its own {@link Recording}. */
    public enum Kind {
        /** Event-camera files and labelled N-MNIST folders: {@link EventReplay}, EventPackets. */
        EVENTS("an event-camera recording"),
        /** Spike recordings: {@link SpikeFileReplay}, SpikeBatches. */
        SPIKES("a spike recording");

        private final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    /** What every kind reads, for messages about input that is none of them. */
    public static String supportedText() {
        StringJoiner events = new StringJoiner(", ");
        for (EventFormat f : EventFormat.values()) {
            events.add(describe(f));
        }
        return "event-camera files, several at once (" + events + "), labelled N-MNIST folders (train*.txt and "
                + "test*.txt lists of 'id<TAB>class' beside the samples); spike recordings, one at a time ("
                + SpikeFormats.supportedText() + ")";
    }

    private static String describe(EventFormat format) {
        return switch (format) {
            case NMNIST -> "N-MNIST .bin/.bs2";
            case AEDAT2 -> "AEDAT 2.0";
            case AEDAT31 -> "AEDAT 3.1";
            case AEDAT4 -> "AEDAT 4.0";
            case EVT2 -> "Prophesee EVT 2.0 .raw";
            case EVT3 -> "Prophesee EVT 3.0 .raw";
            case DAT -> "Prophesee .dat";
        };
    }

    /**
     * The kind of recording {@code path} holds, by its content.
     *
     * @throws IOException naming the file and {@link #supportedText() the supported formats} if it is none this
     *     replays, or if it does not exist or cannot be read
     */
    public static Kind kindOf(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            if (NmnistDataset.isDataset(path)) {
                return Kind.EVENTS;
            }
            if (SpikeFormats.detect(path).isPresent()) {
                return Kind.SPIKES;
            }
            throw unsupported(path + ": a folder with neither a train*.txt sample list (labelled N-MNIST) nor "
                    + "spike_times.npy (phy/Kilosort)");
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file or folder");
        }
        // Spike detection first: it only accepts an HDF5 signature or clean text, which no event file is.
        if (SpikeFormats.detect(path).isPresent()) {
            return Kind.SPIKES;
        }
        try {
            EventFormats.detect(path);
            return Kind.EVENTS;
        } catch (EventFormatException notAnEventFile) {
            throw unsupported(notAnEventFile.getMessage() + "; not a spike recording either");
        }
    }

    /**
     * Opens {@code files} as one recording: one or more event-camera files and N-MNIST folders, or one
     * spike recording. Each file's key is {@code options.ids()}' entry, or {@link #defaultId} (made
     * unique).
     *
     * @throws IOException naming the file and the supported formats if one is no recording this replays
     *     (or the reader's own error if it is damaged)
     * @throws IllegalArgumentException for no file, kinds mixed, several spike recordings, or options that do
     *     not fit the files
     */
    public static Recording open(List<Path> files, ReplayOptions options) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no recording given: " + supportedText());
        }
        Kind kind = null;
        for (Path f : files) {
            Kind k = kindOf(f);
            if (kind != null && k != kind) {
                throw new IllegalArgumentException(files.get(0) + " is " + kind.noun + " but " + f + " is " + k.noun
                        + ": replay them separately");
            }
            kind = k;
        }
        List<String> ids = ids(files, options.ids());
        return kind == Kind.EVENTS ? openEvents(files, ids, options) : openSpikes(files, ids, options);
    }

    /** A key from a file name: without its extension, other characters than letters, digits, '.', '_', '-' as '_'. */
    public static String defaultId(Path file) {
        String name = file.getFileName() == null ? "recording" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static Recording openEvents(List<Path> files, List<String> ids, ReplayOptions options) throws IOException {
        EventReplay replay = new EventReplay(options);
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            if (Files.isDirectory(f)) {
                NmnistDataset dataset = NmnistDataset.open(f);
                dataset = dataset.subset(options.trainSamples() == ReplayOptions.ALL ? dataset.train().size()
                        : options.trainSamples(), options.testSamples() == ReplayOptions.ALL ? dataset.test().size()
                        : options.testSamples());
                replay.addDataset(ids.get(i), dataset.train(), dataset.test());
            } else {
                replay.addFile(ids.get(i), f, options.geometry());
            }
        }
        return replay;
    }

    private static Recording openSpikes(List<Path> files, List<String> ids, ReplayOptions options) throws IOException {
        if (files.size() != 1) {
            throw new IllegalArgumentException("spike recordings replay one at a time, got " + files.size() + ": " + files);
        }
        if (options.passes() != 1) {
            throw new IllegalArgumentException("--passes and --loop are for event-camera files; " + files.get(0)
                    + " is a spike recording");
        }
        return SpikeFileReplay.open(files.get(0), ids.get(0), options.spikeBatchMicros());
    }

    private static List<String> ids(List<Path> files, List<String> given) {
        if (!given.isEmpty() && given.size() != files.size()) {
            throw new IllegalArgumentException(given.size() + " ids (--sensor-id, --session) for " + files.size()
                    + " files: give one per file");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String id = given.isEmpty() ? defaultId(files.get(i)) : given.get(i);
            ids.add(ids.contains(id) ? id + "-" + i : id);
        }
        return ids;
    }

    private static IOException unsupported(String what) {
        return new IOException(what + ". Supported: " + supportedText());
    }
}
