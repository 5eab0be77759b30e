package io.neurostream.cli;

import io.neurostream.connectors.events.SensorGeometry;
import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.Recording;
import io.neurostream.connectors.replay.Recordings;
import io.neurostream.connectors.replay.ReplayOptions;
import io.neurostream.connectors.replay.ReplayStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neurostream replay FILE...}: streams a recording onto Kafka with its original timing
 * ({@link Recordings#open}). Its options depend on the kind of recording, so this command only
 * dispatches: it detects the first FILE by content ({@link Recordings#kindOf}) and hands all
 * arguments to the command of that kind, {@link EventFiles} or {@link SpikeRecording}; each is its
 * own picocli spec, so {@code replay FILE --help} shows the options of that kind, an option of the
 * other kind is refused by name, and {@code replay --help} without a file shows both.
 */
@Command(name = "replay", customSynopsis = "neurostream replay FILE... [OPTIONS]",
        description = {"Replays recordings onto Kafka with their original timing, told apart by their content: "
                + "event-camera files and labelled N-MNIST folders become EventPackets, a spike recording SpikeBatches.",
                "The options depend on the kind of the first FILE: 'neurostream replay FILE --help' shows them."})
final class ReplayCommand implements Callable<Integer> {
    /** Everything after {@code replay}: handed to the command of the first FILE's kind. */
    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine events = kindCommand(new EventFiles());
        CommandLine spikes = kindCommand(new SpikeRecording());
        boolean help = args.contains("-h") || args.contains("--help");
        String first = firstPositional(args, events.getCommandSpec(), spikes.getCommandSpec());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (first == null) {
            if (!help) {
                err.println("Missing required parameter: 'FILE'");
            }
            usage(help ? out : err, events, spikes);
            return help ? CommandLine.ExitCode.OK : CommandLine.ExitCode.USAGE;
        }
        Recordings.Kind kind;
        try {
            kind = Recordings.kindOf(Path.of(first));
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            if (help) {
                usage(out, events, spikes);
                return CommandLine.ExitCode.OK;
            }
            return InspectCommand.EXIT_BAD_FILE;
        }
        return (kind == Recordings.Kind.EVENTS ? events : spikes).execute(args.toArray(String[]::new));
    }

    private CommandLine kindCommand(KafkaReplay command) {
        CommandLine parent = spec.commandLine();
        CommandLine cl = new CommandLine(command);
        cl.setCommandName(spec.qualifiedName());
        cl.setOut(parent.getOut());
        cl.setErr(parent.getErr());
        cl.setExecutionExceptionHandler(parent.getExecutionExceptionHandler());
        return cl;
    }

    private void usage(PrintWriter to, CommandLine... kinds) {
        spec.commandLine().usage(to);
        for (CommandLine kind : kinds) {
            to.println();
            kind.usage(to);
        }
        to.flush();
    }

    /** The first argument that is neither an option of {@code specs} nor an option's value; null if none. */
    static String firstPositional(List<String> args, CommandSpec... specs) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                return i + 1 < args.size() ? args.get(i + 1) : null;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                return a;
            }
            for (CommandSpec s : specs) {
                OptionSpec option = s.findOption(a);
                if (option != null) {
                    i += option.arity().max() > 0 ? 1 : 0; // its value follows
                    break;
                }
            }
        }
        return null;
    }

    /**
     * What every kind of replay shares: the Kafka side, speed, progress and summary. The kinds say
     * which files they take, how they open them and what they call their records.
     */
    abstract static class KafkaReplay implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean helpRequested;

        @Option(names = "--bootstrap-servers", description = "Kafka cluster to write to (host:port,...).")
        String bootstrapServers;

        @Option(names = "--embedded", description = "Start an in-process Kafka broker (KRaft, loopback) instead.")
        boolean embedded;

        @Option(names = "--speed", description = "Recording seconds per wall second, 1 = real time (default: ${DEFAULT-VALUE}).")
        double speed = 1.0;

        @Option(names = "--max", description = "As fast as possible (ignores --speed).")
        boolean max;

        @Option(names = "--labels-topic", description = "Labels topic (default: ${DEFAULT-VALUE}).")
        String labelsTopic = "labels";

        @Option(names = "--partitions", description = "Partitions of topics created if missing (default: ${DEFAULT-VALUE}).")
        int partitions = 2;

        @Option(names = "--hold-s", description = "With --embedded: keep the broker up this long after the replay (default: ${DEFAULT-VALUE}).")
        long holdSeconds = 0;

        abstract List<Path> files();

        /** The options of this kind, checked (an {@link IllegalArgumentException} names the wrong option). */
        abstract ReplayOptions replayOptions();

        /**
         * The main stream of a kind: its topic as given, what its records are called (alone and per second)
         * and the messages carrying them.
         */
        record Stream(Recordings.Kind kind, String topic, String records, String rate, String packets) {}

        abstract Stream stream();

        /** One line of the summary on the messages sent. */
        abstract String packetsSummary(ReplayStats stats);

        /** The packing settings, for the line that says where the replay goes. */
        abstract String packingText();

        @Override
        public final Integer call() throws Exception {
            if (embedded == (bootstrapServers != null)) {
                throw new IllegalArgumentException("give either --bootstrap-servers HOST:PORT or --embedded");
            }
            if (!max && !(speed > 0 && Double.isFinite(speed))) {
                throw new IllegalArgumentException("--speed must be > 0 (or use --max), got " + speed);
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
            }
            if (holdSeconds < 0) {
                throw new IllegalArgumentException("--hold-s must be >= 0, got " + holdSeconds);
            }
            ReplayOptions options = replayOptions();
            Stream stream = stream();
            NeurostreamTopics d = NeurostreamTopics.defaults(partitions);
            NeurostreamTopics topics = new NeurostreamTopics(
                    stream.kind() == Recordings.Kind.EVENTS ? stream.topic() : d.dvsEvents(),
                    stream.kind() == Recordings.Kind.SPIKES ? stream.topic() : d.neuralSpikes(), labelsTopic,
                    d.control(), d.predictions(), d.models(), d.deadLetters(), partitions);
            Recording recording;
            try {
                recording = Recordings.open(files(), options);
            } catch (IOException e) {
                System.err.println("error: " + e.getMessage());
                return InspectCommand.EXIT_BAD_FILE;
            }
            recording.describe().lines().forEach(line -> System.out.println("replaying " + line));
            Pacer pacer = new Pacer(max ? 0 : speed);
            EmbeddedKafkaBroker broker = null;
            Thread hook = new Thread(pacer::stop, "neurostream-replay-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (embedded) {
                    System.out.println("starting Kafka broker (KRaft, loopback) ...");
                    broker = EmbeddedKafkaBroker.start();
                }
                String bootstrap = embedded ? broker.bootstrapServers() : bootstrapServers;
                List<String> written = List.of(stream.topic(), topics.labels());
                List<NewTopic> definitions = topics.definitions().stream()
                        .filter(t -> written.contains(t.name())).toList();
                TopicAdmin.createTopics(bootstrap, definitions);
                System.out.printf(Locale.ROOT, "to %s (%s, %s), %s, %s%n", bootstrap, written.get(0), written.get(1),
                        max ? "as fast as possible" : "speed " + speed + "x", packingText());
                Progress progress = new Progress(System.out);
                ReplayStats stats;
                try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrap, topics, pacer)) {
                    stats = recording.replay(target, pacer, s -> progress.update(String.format(Locale.ROOT,
                            "%s %,12d %s %,11.0f %s | %,d %s, %,d labels | recording %.1f s | %s elapsed, ETA %s",
                            bar(s.fractionDone()), s.events(), stream.records(), s.eventsPerSecond(), stream.rate(),
                            s.packets(), stream.packets(),
                            s.labels(), s.recordingSeconds(), Progress.eta(s.wallSeconds()),
                            Progress.eta(s.etaSeconds()))));
                } catch (IOException e) {
                    progress.done();
                    System.err.println("error: " + e.getMessage());
                    return InspectCommand.EXIT_BAD_FILE;
                }
                progress.done();
                System.out.printf(Locale.ROOT, """
                        replay summary
                          %-13s %,d (%,.0f %s/s)
                          %s
                          labels        %,d
                          recording     %.3f s replayed in %.3f s wall (%.2fx)
                        """, stream.records(), stats.events(), stats.eventsPerSecond(), stream.records(),
                        packetsSummary(stats),
                        stats.labels(), stats.recordingSeconds(), stats.wallSeconds(),
                        stats.wallSeconds() > 0 ? stats.recordingSeconds() / stats.wallSeconds() : 0.0);
                if (embedded && holdSeconds > 0 && !pacer.stopped()) {
                    System.out.println("broker stays up at " + bootstrap + " for " + holdSeconds + " s (Ctrl-C to stop)");
                    Thread.sleep(holdSeconds * 1000);
                }
                return 0;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
                if (broker != null) {
                    broker.close();
                }
            }
        }

        /** Milliseconds as given: 20, 0.5. */
        static String ms(double millis) {
            return (millis == Math.rint(millis) ? String.valueOf((long) millis) : String.valueOf(millis)) + " ms";
        }

        private static String bar(double fraction) {
            if (Double.isNaN(fraction)) {
                return "[ looping ]";
            }
            int filled = (int) Math.round(20 * Math.min(1, Math.max(0, fraction)));
            return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "] "
                    + String.format(Locale.ROOT, "%3.0f%%", 100 * fraction);
        }
    }

    /** Event-camera files and labelled N-MNIST folders: EventPackets (and Labels). */
    @Command(name = "replay", sortOptions = false,
            header = "Event-camera files and labelled N-MNIST folders:",
            description = {"Replays event-camera files (N-MNIST, AEDAT 2.0/3.1/4.0, Prophesee EVT 2.0/3.0 and "
                    + "DAT) onto Kafka as EventPackets with their original timing. One sensor id per file (default: "
                    + "the file name); several files are interleaved by time.",
                    "A labelled N-MNIST folder (train*.txt / test*.txt lists) puts each sample in its own --slot-ms "
                    + "slot, sends Labels for the train list to the labels topic, and none for the test list.", ""})
    static final class EventFiles extends KafkaReplay {
        @Parameters(arity = "1..*", paramLabel = "FILE",
                description = "Event files (detected by content) or labelled N-MNIST folders.")
        List<Path> files;

        @Option(names = {"--topic", "--events-topic"}, description = "Events topic (default: ${DEFAULT-VALUE}).")
        String topic = "dvs.events";

        @Option(names = "--loop", description = "Replay each file again and again until Ctrl-C (time keeps increasing).")
        boolean loop;

        @Option(names = "--passes", description = "Replay each file this many times (default: ${DEFAULT-VALUE}).")
        int passes = 1;

        @Option(names = "--sensor-id", split = ",", description = "Sensor ids, one per file (default: the file names).")
        List<String> sensorIds = List.of();

        @Option(names = "--geometry", paramLabel = "WxH", converter = GeometryConverter.class,
                description = "Sensor size for files that state none (default: the range their events cover).")
        SensorGeometry geometry;

        @Option(names = "--max-events-per-packet", description = "Events per EventPacket at most (default: ${DEFAULT-VALUE}).")
        int maxEventsPerPacket = 4096;

        @Option(names = "--packet-ms", description = "Time one packet covers at most, in ms; 0 = no bound (default: ${DEFAULT-VALUE}).")
        double packetMs = 10;

        @Option(names = "--slot-ms", description = "Slot of one data-set sample in ms (default: ${DEFAULT-VALUE}, the dvs-classify window).")
        double slotMs = 400;

        @Option(names = "--train", description = "Data sets: labelled samples to send (spread over the train list; default: all).")
        int train = ReplayOptions.ALL;

        @Option(names = "--test", description = "Data sets: unlabelled samples to send (spread over the test list; default: all).")
        int test = ReplayOptions.ALL;

        @Override
        List<Path> files() {
            return files;
        }

        @Override
        ReplayOptions replayOptions() {
            return ReplayOptions.defaults().withIds(sensorIds)
                    .withPackets(maxEventsPerPacket, Math.round(packetMs * 1000))
                    .withPasses(loop ? ReplayOptions.FOREVER : passes).withSlotMicros(Math.round(slotMs * 1000))
                    .withGeometry(geometry).withSamples(train, test);
        }

        @Override
        Stream stream() {
            return new Stream(Recordings.Kind.EVENTS, topic, "events", "ev/s", "packets");
        }

        @Override
        String packetsSummary(ReplayStats stats) {
            return String.format(Locale.ROOT, "EventPackets  %,d (%,.0f events per packet)%n  sensors       %d",
                    stats.packets(), stats.packets() == 0 ? 0.0 : (double) stats.events() / stats.packets(), files.size());
        }

        @Override
        String packingText() {
            return String.format(Locale.ROOT, "packets of at most %,d events / %s", maxEventsPerPacket,
                    packetMs == 0 ? "any duration" : ms(packetMs));
        }
    }

    /** A spike recording: SpikeBatches (and Labels from its behaviour). */
    @Command(name = "replay", sortOptions = false,
            header = "Spike recordings, one at a time:",
            description = {"Replays a spike recording (NWB 2.x, a phy/Kilosort folder, a spike table as text) onto "
                    + "Kafka as SpikeBatches, one per --bin-ms window (empty windows included), each sent when its "
                    + "window has ended. Behaviour stored in the file becomes Labels on the labels topic (mean per "
                    + "window).", ""})
    static final class SpikeRecording extends KafkaReplay {
        @Parameters(index = "0", paramLabel = "FILE",
                description = "The recording (detected by content): NWB file, phy/Kilosort folder, or CSV/TSV/text table.")
        Path file;

        @Option(names = "--spikes-topic", description = "Spikes topic (default: ${DEFAULT-VALUE}).")
        String spikesTopic = "neural.spikes";

        @Option(names = "--session", description = "Session id (Kafka key); default: the file name without extension.")
        String session;

        @Option(names = "--bin-ms", description = "Window of one SpikeBatch (and one Label) in ms (default: ${DEFAULT-VALUE}).")
        double binMs = 20;

        @Override
        List<Path> files() {
            return List.of(file);
        }

        @Override
        ReplayOptions replayOptions() {
            return ReplayOptions.defaults().withIds(session == null ? List.of() : List.of(session))
                    .withSpikeBatchMicros(Math.round(binMs * 1000));
        }

        @Override
        Stream stream() {
            return new Stream(Recordings.Kind.SPIKES, spikesTopic, "spikes", "spikes/s", "batches");
        }

        @Override
        String packetsSummary(ReplayStats stats) {
            return String.format(Locale.ROOT, "SpikeBatches  %,d of %s", stats.packets(), ms(binMs));
        }

        @Override
        String packingText() {
            return "SpikeBatches of " + ms(binMs);
        }
    }

    /** {@code --geometry WxH}: picocli names the option when the value does not parse. */
    static final class GeometryConverter implements CommandLine.ITypeConverter<SensorGeometry> {
        @Override
        public SensorGeometry convert(String value) {
            return SensorGeometry.parse(value);
        }
    }
}
