package io.neurostream.cli;

import io.neurostream.connectors.events.EventFormatException;
import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.events.SensorGeometry;
import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.replay.EventReplay;
import io.neurostream.connectors.replay.KafkaEventTarget;
import io.neurostream.connectors.replay.NmnistDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neurostream replay FILE...} for event-camera files: EventPackets onto {@code dvs.events}
 * with the original timing, one sensor per file, several files interleaved by time; a labelled
 * N-MNIST folder sends each sample in its own slot, with Labels for the train list.
 * {@code neurostream replay} hands event-camera inputs to this command.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays event-camera files onto Kafka as EventPackets with their original timing.",
                "One sensor id per file (default: the file name); several files are interleaved by time.",
                "A labelled N-MNIST folder (train*.txt / test*.txt lists) puts each sample in its own --slot-ms slot,",
                "sends Labels for the train list to the labels topic, and none for the test list."})
final class EventReplayCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files (.raw, .aedat4, .aedat, .bin, .bs2, .dat) or an N-MNIST folder.")
    List<Path> files;

    @Option(names = "--topic", description = "Events topic (default: ${DEFAULT-VALUE}).")
    String topic = "dvs.events";

    @Option(names = "--labels-topic", description = "Labels topic (default: ${DEFAULT-VALUE}).")
    String labelsTopic = "labels";

    @Option(names = "--bootstrap-servers", description = "Kafka cluster to write to (host:port,...).")
    String bootstrapServers;

    @Option(names = "--embedded", description = "Start an in-process Kafka broker (KRaft, loopback) instead.")
    boolean embedded;

    @Option(names = "--speed", description = "Recording seconds per wall second, 1 = real time (default: ${DEFAULT-VALUE}).")
    double speed = 1.0;

    @Option(names = "--max", description = "As fast as possible (ignores --speed).")
    boolean max;

    @Option(names = "--loop", description = "Replay each file again and again until Ctrl-C (time keeps increasing).")
    boolean loop;

    @Option(names = "--passes", description = "Replay each file this many times (default: ${DEFAULT-VALUE}).")
    int passes = 1;

    @Option(names = "--sensor-id", split = ",", description = "Sensor ids, one per file (default: the file names).")
    List<String> sensorIds;

    @Option(names = "--geometry", paramLabel = "WxH", description = "Sensor size for files that state none.")
    String geometry;

    @Option(names = "--max-events-per-packet", description = "Events per EventPacket at most (default: ${DEFAULT-VALUE}).")
    int maxEventsPerPacket = 4096;

    @Option(names = "--packet-ms", description = "Time one packet covers at most, in ms; 0 = no bound (default: ${DEFAULT-VALUE}).")
    double packetMs = 10;

    @Option(names = "--slot-ms", description = "Slot of one data-set sample in ms (default: ${DEFAULT-VALUE}, the dvs-classify window).")
    double slotMs = 400;

    @Option(names = "--train", description = "Data sets: labelled samples to send (spread over the train list; default: all).")
    Integer train;

    @Option(names = "--test", description = "Data sets: unlabelled samples to send (spread over the test list; default: all).")
    Integer test;

    @Option(names = "--partitions", description = "Partitions of topics created if missing (default: ${DEFAULT-VALUE}).")
    int partitions = 2;

    @Option(names = "--hold-s", description = "With --embedded: keep the broker up this long after the replay (default: ${DEFAULT-VALUE}).")
    long holdSeconds = 0;

    /** True if {@code path} is something this command replays (an event file or an N-MNIST folder). */
    static boolean handles(Path path) {
        if (Files.isDirectory(path)) {
            return NmnistDataset.isDataset(path);
        }
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try {
            EventFormats.detect(path);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (embedded == (bootstrapServers != null)) {
            throw new IllegalArgumentException("give either --bootstrap-servers HOST:PORT or --embedded");
        }
        if (!max && !(speed > 0)) {
            throw new IllegalArgumentException("--speed must be > 0 (or use --max), got " + speed);
        }
        if (passes < 1 || partitions < 1 || holdSeconds < 0 || packetMs < 0 || !(slotMs > 0)) {
            throw new IllegalArgumentException("--passes and --partitions must be >= 1, --hold-s and --packet-ms >= 0, --slot-ms > 0");
        }
        if (sensorIds != null && sensorIds.size() != files.size()) {
            throw new IllegalArgumentException("--sensor-id lists " + sensorIds.size() + " ids for " + files.size()
                    + " files: give one per file");
        }
        EventReplay.Settings settings = new EventReplay.Settings(maxEventsPerPacket, Math.round(packetMs * 1000),
                max ? 0 : speed, loop ? Integer.MAX_VALUE : passes, Math.round(slotMs * 1000));
        SensorGeometry override = geometry == null ? null : SensorGeometry.parse(geometry);
        EventReplay replay = new EventReplay(settings);
        List<String> used = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                String id = sensorIds != null ? sensorIds.get(i)
                        : f.getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._-]", "_");
                if (used.contains(id)) {
                    id = id + "-" + i;
                }
                used.add(id);
                if (Files.isDirectory(f)) {
                    NmnistDataset dataset = NmnistDataset.open(f);
                    dataset = dataset.subset(train == null ? dataset.train().size() : train,
                            test == null ? dataset.test().size() : test);
                    replay.addDataset(id, dataset.train(), dataset.test());
                } else {
                    replay.addFile(id, f, override);
                }
            }
        } catch (EventFormatException e) {
            System.err.println("error: " + e.getMessage());
            return InspectCommand.EXIT_BAD_FILE;
        }
        for (String line : replay.describe()) {
            System.out.println("replaying " + line);
        }
        EmbeddedKafkaBroker broker = null;
        Thread hook = new Thread(replay::stop, "neurostream-replay-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (embedded) {
                System.out.println("starting Kafka broker (KRaft, loopback) ...");
                broker = EmbeddedKafkaBroker.start();
            }
            String bootstrap = embedded ? broker.bootstrapServers() : bootstrapServers;
            TopicAdmin.createTopics(bootstrap, List.of(new NewTopic(topic, partitions, (short) 1),
                    new NewTopic(labelsTopic, partitions, (short) 1)));
            System.out.printf(Locale.ROOT, "to %s (%s, %s), %s, packets of at most %,d events / %s%n", bootstrap, topic,
                    labelsTopic, max ? "as fast as possible" : "speed " + speed + "x", maxEventsPerPacket,
                    packetMs == 0 ? "any duration" : packetMs + " ms");
            Progress progress = new Progress(System.out);
            EventReplay.Stats stats;
            try (KafkaEventTarget target = new KafkaEventTarget(bootstrap, topic, labelsTopic, max ? 5 : 0)) {
                stats = replay.run(target, s -> progress.update(String.format(Locale.ROOT,
                        "%s %,12d events %,11.0f ev/s | %,d packets, %,d labels | recording %.1f s | %s elapsed, ETA %s",
                        bar(s.fractionDone()), s.events(), s.eventsPerSecond(), s.packets(), s.labels(),
                        s.recordingSeconds(), Progress.eta(s.wallSeconds()), Progress.eta(s.etaSeconds()))));
            } catch (EventFormatException e) {
                progress.done();
                System.err.println("error: " + e.getMessage());
                return InspectCommand.EXIT_BAD_FILE;
            }
            progress.done();
            System.out.printf(Locale.ROOT, """
                    replay summary
                      sensors       %d
                      events        %,d (%,.0f events/s)
                      EventPackets  %,d (%,.0f events per packet)
                      labels        %,d
                      recording     %.3f s replayed in %.3f s wall (%.2fx)
                    """, files.size(), stats.events(), stats.eventsPerSecond(), stats.packets(),
                    stats.packets() == 0 ? 0.0 : (double) stats.events() / stats.packets(), stats.labels(),
                    stats.recordingSeconds(), stats.wallSeconds(),
                    stats.wallSeconds() > 0 ? stats.recordingSeconds() / stats.wallSeconds() : 0.0);
            if (embedded && holdSeconds > 0) {
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

    private static String bar(double fraction) {
        if (Double.isNaN(fraction)) {
            return "[ looping ]";
        }
        int filled = (int) Math.round(20 * Math.min(1, Math.max(0, fraction)));
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "] " + String.format(Locale.ROOT, "%3.0f%%", 100 * fraction);
    }
}
