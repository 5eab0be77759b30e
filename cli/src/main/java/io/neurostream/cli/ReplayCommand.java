package io.neurostream.cli;

import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.Recording;
import io.neurostream.connectors.replay.Recordings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neurostream replay FILE}: streams a recording onto Kafka with its original timing.
 * The file type decides what is sent ({@link Recordings#open}: spike recordings today,
 * event-camera files to come).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays a recording onto Kafka with its original timing.",
                "Spike recordings (a phy/Kilosort folder, .nwb, .csv/.tsv/.txt) become SpikeBatches on neural.spikes,",
                "one per --bin-ms window (empty windows included), each sent when its window has ended;",
                "behaviour stored in the file becomes Labels on labels (mean per window).",
                "Event-camera files (.raw, .aedat4, .aedat, .bin, .bs2, .dat; several at once) and labelled N-MNIST",
                "folders become EventPackets on dvs.events: see 'neurostream replay FILE.raw --help' for their options."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Recording: phy folder, .nwb, .csv, .tsv or .txt.")
    Path file;

    @Option(names = "--bootstrap-servers", description = "Kafka cluster to write to (host:port,...).")
    String bootstrapServers;

    @Option(names = "--embedded", description = "Start an in-process Kafka broker (KRaft, loopback) instead.")
    boolean embedded;

    @Option(names = "--speed", description = "Recording seconds per wall second (default: ${DEFAULT-VALUE}).")
    double speed = 1.0;

    @Option(names = "--max", description = "As fast as possible (ignores --speed).")
    boolean max;

    @Option(names = "--session", description = "Session id (Kafka key); default: the file name without extension.")
    String session;

    @Option(names = "--bin-ms", description = "Window of one SpikeBatch in ms (default: ${DEFAULT-VALUE}).")
    double binMs = 20;

    @Option(names = "--spikes-topic", description = "Default: ${DEFAULT-VALUE}.")
    String spikesTopic = "neural.spikes";

    @Option(names = "--labels-topic", description = "Default: ${DEFAULT-VALUE}.")
    String labelsTopic = "labels";

    @Option(names = "--partitions", description = "Partitions of topics created if missing (default: ${DEFAULT-VALUE}).")
    int partitions = 2;

    @Option(names = "--hold-s", description = "With --embedded: keep the broker up this long after the replay (default: ${DEFAULT-VALUE}).")
    long holdSeconds = 0;

    /** Options and further files of event-camera replays (handed to {@link EventReplayCommand}). */
    @CommandLine.Unmatched
    List<String> unmatched = new java.util.ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // An option of the event replay placed before the files can leave one of them among the unmatched.
        boolean eventInput = EventReplayCommand.handles(file) || unmatched.stream()
                .anyMatch(a -> !a.startsWith("-") && EventReplayCommand.handles(Path.of(a)));
        if (eventInput) {
            CommandLine events = new CommandLine(new EventReplayCommand());
            events.setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
            List<String> args = spec.commandLine().getParseResult().originalArgs();
            // the original arguments start at the top-level command: keep what follows "replay"
            args = args.subList(args.indexOf(spec.name()) + 1, args.size());
            return events.execute(args.toArray(String[]::new));
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("unknown option or extra argument for a spike recording: " + unmatched);
        }
        if (embedded == (bootstrapServers != null)) {
            throw new IllegalArgumentException("give either --bootstrap-servers HOST:PORT or --embedded");
        }
        if (!max && !(speed > 0)) {
            throw new IllegalArgumentException("--speed must be > 0 (or use --max), got " + speed);
        }
        long binMicros = Math.round(binMs * 1000);
        if (binMicros < 1) {
            throw new IllegalArgumentException("--bin-ms must be > 0, got " + binMs);
        }
        if (partitions < 1 || holdSeconds < 0) {
            throw new IllegalArgumentException("--partitions must be >= 1 and --hold-s >= 0");
        }
        NeurostreamTopics names = new NeurostreamTopics("dvs.events", spikesTopic, labelsTopic, "control",
                "predictions", "models", "dead-letters", partitions);
        String sessionId = session != null ? session : io.neurostream.apps.spikes.SpikeDecodeDemo.sessionId(file);
        Recording recording = Recordings.open(file, sessionId, binMicros);
        System.out.println("replaying " + recording.describe());
        EmbeddedKafkaBroker broker = null;
        try {
            if (embedded) {
                System.out.println("starting Kafka broker (KRaft, loopback) ...");
                broker = EmbeddedKafkaBroker.start();
            }
            String bootstrap = embedded ? broker.bootstrapServers() : bootstrapServers;
            List<NewTopic> topics = names.definitions().stream()
                    .filter(t -> t.name().equals(spikesTopic) || t.name().equals(labelsTopic)).toList();
            TopicAdmin.createTopics(bootstrap, topics);
            System.out.printf(Locale.ROOT, "to %s (%s, %s), session '%s', %s%n", bootstrap, spikesTopic, labelsTopic,
                    sessionId, max ? "as fast as possible" : "speed " + speed + "x");
            Progress progress = new Progress(System.out);
            Recording.ReplayStats stats;
            try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrap, spikesTopic, labelsTopic)) {
                stats = recording.replay(target, new Pacer(max ? 0 : speed), s -> progress.update(String.format(
                        Locale.ROOT, "%,12d spikes %,10.0f spikes/s | %,d batches, %,d labels | recording %.1f s | %s elapsed, ETA %s",
                        s.records(), s.recordsPerSecond(), s.batches(), s.labels(), s.recordingSeconds(),
                        Progress.eta(s.wallSeconds()), Progress.eta(s.etaSeconds()))));
            }
            progress.done();
            System.out.printf(Locale.ROOT, """
                    replay summary
                      spikes        %,d (%,.0f spikes/s)
                      SpikeBatches  %,d of %.0f ms
                      labels        %,d
                      recording     %.3f s replayed in %.3f s wall
                    """, stats.records(), stats.recordsPerSecond(), stats.batches(), binMs, stats.labels(),
                    stats.recordingSeconds(), stats.wallSeconds());
            if (embedded && holdSeconds > 0) {
                System.out.println("broker stays up at " + bootstrap + " for " + holdSeconds + " s (Ctrl-C to stop)");
                Thread.sleep(holdSeconds * 1000);
            }
            return 0;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
