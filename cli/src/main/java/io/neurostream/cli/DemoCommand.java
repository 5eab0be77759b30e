package io.neurostream.cli;

import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.apps.dvs.DemoOptions;
import io.neurostream.apps.dvs.DemoSummary;
import io.neurostream.apps.dvs.DvsDemo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neurostream demo}: broker + MiniCluster + replay + learn + score, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs dvs-classify end to end in this process: a real Kafka broker (KRaft, loopback),",
                "a Flink MiniCluster, MNIST digits turned into DVS events by saccades, an LSM + online readout.",
                "Trains on labelled samples, then scores held-out samples whose labels the job never sees."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--train", description = "Labelled training samples (default: ${DEFAULT-VALUE}).")
    int train = DemoOptions.defaults().trainSamples();

    @Option(names = "--test", description = "Held-out samples, streamed without labels (default: ${DEFAULT-VALUE}).")
    int test = DemoOptions.defaults().testSamples();

    @Option(names = "--partitions", description = "Partitions of the data topics (default: ${DEFAULT-VALUE}).")
    int partitions = DemoOptions.defaults().partitions();

    @Option(names = "--parallelism", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = DemoOptions.defaults().parallelism();

    @Option(names = "--checkpoint-ms", description = "Checkpoint interval in ms (default: ${DEFAULT-VALUE}).")
    long checkpointMs = DemoOptions.defaults().checkpointMillis();

    @Option(names = "--delivery", description = "exactly-once or low-latency (default: exactly-once).")
    String delivery = "exactly-once";

    @Option(names = "--state-backend", description = "hashmap or rocksdb (default: ${DEFAULT-VALUE}).")
    String stateBackend = DemoOptions.defaults().stateBackend();

    @Option(names = "--web-ui-port", description = "Serve the Flink web UI on this port while running (0 = off, default).")
    int webUiPort = 0;

    @Option(names = "--max-events-per-packet", description = "Events per EventPacket at most (default: ${DEFAULT-VALUE}).")
    int maxEventsPerPacket = DemoOptions.defaults().maxEventsPerPacket();

    @Option(names = "--seed", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed = DemoOptions.defaults().seed();

    @Option(names = "--timeout-s", description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 600;

    @Option(names = "--inject-malformed", description = "Send this many garbage messages to dvs.events mid-run (default: ${DEFAULT-VALUE}).")
    int malformed = 2;

    @Option(names = "--json", description = "Also write the summary as JSON to this file.")
    Path json;

    @Option(names = "--dataset", description = "sim (default: simulated saccades over MNIST) or nmnist-small "
            + "(real N-MNIST recordings: the train list with labels, then the test list without).")
    String dataset = "sim";

    @Option(names = "--data", description = "nmnist-small: the folder (default: ../shared/data/event-camera/nmnist-small).")
    Path data;

    @Option(names = "--features", description = "nmnist-small: raw, feast or both (default: ${DEFAULT-VALUE}).")
    String features = "both";

    @Option(names = "--feast-neurons", description = "nmnist-small: FEAST feature neurons (default: ${DEFAULT-VALUE}).")
    int feastNeurons = 16;

    @Option(names = "--feast-learn-events", description = "nmnist-small: events FEAST learns from, then frozen (default: ${DEFAULT-VALUE}).")
    long feastLearnEvents = io.neurostream.jobs.dvs.DvsClassifyJob.FeastDefaults.NMNIST.learnEvents();

    @Option(names = "--confusion-png", description = "Write the held-out confusion matrix here (sim default: runs/demo-confusion.png).")
    Path confusionPng;

    @Override
    public Integer call() throws Exception {
        if ("nmnist-small".equals(dataset)) {
            boolean trainGiven = train != DemoOptions.defaults().trainSamples();
            boolean testGiven = test != DemoOptions.defaults().testSamples();
            return NmnistDemoCommand.run(data != null ? data : NmnistDemoCommand.defaultFolder(),
                    trainGiven ? train : 1000, testGiven ? test : 100, features, feastNeurons, feastLearnEvents,
                    timeoutSeconds, confusionPng);
        }
        if (!"sim".equals(dataset)) {
            throw new IllegalArgumentException("--dataset must be sim or nmnist-small, got " + dataset);
        }
        DemoOptions options = new DemoOptions(train, test, partitions, parallelism, checkpointMs,
                DeliveryMode.parse(delivery), stateBackend, webUiPort, maxEventsPerPacket, seed,
                Duration.ofSeconds(timeoutSeconds), malformed);
        if (json != null && json.getParent() != null && !Files.isDirectory(json.getParent())) {
            throw new IllegalArgumentException("--json: folder " + json.getParent() + " does not exist");
        }
        System.out.printf(Locale.ROOT, "neurostream demo: %d train + %d held-out simulated N-MNIST samples, "
                + "parallelism %d, %s%n", train, test, parallelism, options.deliveryMode());
        System.out.println("starting Kafka broker (KRaft) and Flink MiniCluster"
                + (webUiPort > 0 ? " - web UI at http://localhost:" + webUiPort : "") + " ...");
        Progress progress = new Progress(System.out);
        DvsDemo demo = new DvsDemo(options);
        Thread hook = new Thread(() -> {
            System.out.println();
            System.out.println("stopping: cancelling the job and shutting the broker down ...");
            demo.close();
        }, "neurostream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        DemoSummary summary = demo.run(p -> progress.update(String.format(Locale.ROOT,
                "%,10d events  %,9.0f ev/s | samples sent %d/%d, predicted %d | held-out acc %s | %s elapsed, ETA %s",
                p.eventsSent(), p.eventsPerSecond(), p.samplesSent(), p.samples(), p.predictions(),
                p.heldOutScored() == 0 ? "--" : String.format(Locale.ROOT, "%.1f%% (%d)",
                        100.0 * p.heldOutCorrect() / p.heldOutScored(), p.heldOutScored()),
                Progress.eta(p.elapsedSeconds()), Progress.eta(p.etaSeconds()))));
        progress.done();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        System.out.print(summary.toText());
        Path png = confusionPng != null ? confusionPng : Path.of("runs", "demo-confusion.png");
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        io.neurostream.apps.dvs.NmnistRun.writeConfusionPng(demo.heldOutConfusion(), String.format(Locale.ROOT,
                "sim N-MNIST %.1f %% held-out; rows true, cols predicted", 100 * summary.heldOutAccuracy()),
                png);
        System.out.println("held-out confusion matrix: " + png);
        if (json != null) {
            Files.writeString(json, summary.toJson());
            System.out.println("summary written to " + json);
        }
        return summary.completed() ? 0 : 2;
    }
}
