package io.neurostream.cli;

import io.neurostream.apps.common.RunSettings;
import io.neurostream.apps.dvs.DemoOptions;
import io.neurostream.apps.dvs.DemoSummary;
import io.neurostream.apps.dvs.DvsDemo;
import io.neurostream.apps.dvs.NmnistRun;
import io.neurostream.apps.live.LiveView;
import io.neurostream.apps.live.Monitoring;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurostream demo}: broker + MiniCluster + replay + learn + score, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs dvs-classify end to end in this process: a real Kafka broker (KRaft, loopback),",
                "a Flink MiniCluster, MNIST digits turned into DVS events by saccades, an LSM + online readout.",
                "Trains on labelled samples, then scores held-out samples whose labels the job never sees."})
final class DemoCommand implements Callable<Integer> {
    /** Options of --dataset sim that a run on recordings has no use for, and what they do. */
    private static final Map<String, String> SIM_ONLY = Map.of(
            "--seed", "seeds the saccade simulator",
            "--inject-malformed", "mixes garbage into the simulated events",
            "--live-view", "shows the simulated run live",
            "--prometheus-port", "serves the simulated run's metrics",
            "--bootstrap-servers", "runs against an existing Kafka cluster");
    /** Options of --dataset nmnist-small, and what they do. */
    private static final Map<String, String> NMNIST_ONLY = Map.of(
            "--data", "names the N-MNIST folder",
            "--features", "chooses what drives the liquid from the recordings",
            "--feast-neurons", "sizes the FEAST stage of the recordings",
            "--feast-learn-events", "sets how long the FEAST stage learns from the recordings");

    /** The options of every demo that set how it runs: topic partitions, the MiniCluster and the delivery. */
    static final class RunOptions {
        private static final RunSettings D = DemoOptions.defaults().runSettings();

        @Option(names = "--partitions", description = "Partitions of the data topics (default: ${DEFAULT-VALUE}).")
        int partitions = D.partitions();

        @Option(names = "--parallelism", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
        int parallelism = D.parallelism();

        @Option(names = "--checkpoint-ms", description = "Checkpoint interval in ms (default: ${DEFAULT-VALUE}).")
        long checkpointMs = D.checkpointMillis();

        @Option(names = "--delivery", description = "exactly-once or low-latency (default: ${DEFAULT-VALUE}).")
        String delivery = D.deliveryName();

        @Option(names = "--state-backend", description = "hashmap or rocksdb (default: ${DEFAULT-VALUE}).")
        String stateBackend = D.stateBackend();

        @Option(names = "--web-ui-port", description = "Serve the Flink web UI on this port while running (0 = off, default).")
        int webUiPort = D.webUiPort();

        @Option(names = "--kill-taskmanager-after-s", description = "Kill the TaskManager running the job this many "
                + "seconds after it started, to watch it recover (0 = never, default).")
        int killTaskManagerAfterS;

        /** Applies --kill-taskmanager-after-s to {@code demo}, announcing what happens through {@code progress}. */
        void applyKill(io.neurostream.apps.common.LocalDemo demo, Progress progress) {
            if (killTaskManagerAfterS < 0) {
                throw new IllegalArgumentException("--kill-taskmanager-after-s must be >= 0, got " + killTaskManagerAfterS);
            }
            if (killTaskManagerAfterS > 0) {
                demo.killTaskManagerAfter(Duration.ofSeconds(killTaskManagerAfterS), progress::note);
            }
        }

        RunSettings settings() {
            return new RunSettings(partitions, parallelism, checkpointMs, DeliveryMode.parse(delivery), stateBackend,
                    webUiPort);
        }
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", description = "Labelled training samples (default: ${DEFAULT-VALUE}).")
    int train = DemoOptions.defaults().trainSamples();

    @Option(names = "--test", description = "Held-out samples, streamed without labels (default: ${DEFAULT-VALUE}).")
    int test = DemoOptions.defaults().testSamples();

    @Mixin
    RunOptions run = new RunOptions();

    @Mixin
    MonitorOptions monitor = new MonitorOptions();

    @Option(names = "--max-events-per-packet", description = "Events per EventPacket at most (default: ${DEFAULT-VALUE}).")
    int maxEventsPerPacket = DemoOptions.defaults().maxEventsPerPacket();

    @Option(names = "--seed", description = "sim: simulator seed (default: ${DEFAULT-VALUE}).")
    long seed = DemoOptions.defaults().seed();

    @Option(names = "--timeout-s", description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 600;

    @Option(names = "--inject-malformed", description = "sim: send this many garbage messages to dvs.events mid-run (default: ${DEFAULT-VALUE}).")
    int malformed = 2;

    @Option(names = "--json", description = "Also write the summary as JSON to this file.")
    Path json;

    @Option(names = "--bootstrap-servers", description = "sim: use this Kafka cluster instead of an embedded broker "
            + "(its topics should be empty; --kafka-properties for a secured one).")
    String bootstrapServers;

    @Option(names = "--dataset", description = {"sim (default: simulated saccades over MNIST) or nmnist-small "
            + "(real N-MNIST recordings: the train list with labels, then the test list without).",
            "With nmnist-small, options not given are --train 1000 --test 100 --partitions 1 --parallelism 1 "
                    + "--max-events-per-packet " + NmnistRun.DEFAULT_MAX_EVENTS_PER_PACKET + "."})
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
        if (!"sim".equals(dataset) && !"nmnist-small".equals(dataset)) {
            throw new IllegalArgumentException("--dataset must be sim or nmnist-small, got " + dataset);
        }
        if (json != null && json.getParent() != null && !Files.isDirectory(json.getParent())) {
            throw new IllegalArgumentException("--json: folder " + json.getParent() + " does not exist");
        }
        boolean sim = "sim".equals(dataset);
        rejectGiven(sim ? NMNIST_ONLY : SIM_ONLY, sim ? "nmnist-small" : "sim");
        if (!sim) {
            if (run.killTaskManagerAfterS != 0) {
                throw new IllegalArgumentException("--kill-taskmanager-after-s applies to --dataset sim only; leave it out");
            }
            RunSettings settings = new RunSettings(given("--partitions", run.partitions, 1),
                    given("--parallelism", run.parallelism, 1), run.checkpointMs, DeliveryMode.parse(run.delivery),
                    run.stateBackend, run.webUiPort);
            NmnistRun.Options options = new NmnistRun.Options(data != null ? data : NmnistDemoCommand.defaultFolder(),
                    given("--train", train, 1000), given("--test", test, 100), NmnistRun.Features.RAW, feastNeurons,
                    feastLearnEvents, given("--max-events-per-packet", maxEventsPerPacket,
                    NmnistRun.DEFAULT_MAX_EVENTS_PER_PACKET), settings, Duration.ofSeconds(timeoutSeconds));
            return NmnistDemoCommand.run(options, features, confusionPng, json);
        }
        RunSettings settings = run.settings();
        DemoOptions options = new DemoOptions(train, test, settings.partitions(), settings.parallelism(),
                settings.checkpointMillis(), settings.deliveryMode(), settings.stateBackend(), settings.webUiPort(),
                maxEventsPerPacket, seed, Duration.ofSeconds(timeoutSeconds), malformed);
        System.out.printf(Locale.ROOT, "neurostream demo: %d train + %d held-out simulated N-MNIST samples, "
                + "parallelism %d, %s%n", train, test, settings.parallelism(), settings.deliveryMode());
        System.out.println((bootstrapServers == null ? "starting Kafka broker (KRaft) and Flink MiniCluster"
                : "starting Flink MiniCluster against " + bootstrapServers) + webUi(settings) + " ...");
        Progress progress = new Progress(System.out);
        DvsDemo demo = new DvsDemo(options, bootstrapServers);
        run.applyKill(demo, progress);
        var job = DvsClassifyJob.Settings.defaults().learner();
        Monitoring monitoring = monitor.start(new LiveView.Dvs("dvs-classify · simulated N-MNIST demo", job.liquid(),
                job.windowMicros(), job.classCount()));
        demo.whenRunnerStarts(monitoring::attach);
        Thread hook = new Thread(() -> {
            System.out.println();
            System.out.println("stopping: cancelling the job and shutting the broker down ...");
            demo.close();
        }, "neurostream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        DemoSummary summary = demo.run(p -> progress.update(String.format(Locale.ROOT,
                "%,10d events  %,9.0f ev/s | samples sent %d/%d, predicted %d | held-out acc %s | %s elapsed, ETA %s%s",
                p.eventsSent(), p.eventsPerSecond(), p.samplesSent(), p.samples(), p.predictions(),
                p.heldOutScored() == 0 ? "--" : String.format(Locale.ROOT, "%.1f%% (%d)",
                        100.0 * p.heldOutCorrect() / p.heldOutScored(), p.heldOutScored()),
                Progress.eta(p.elapsedSeconds()), Progress.eta(p.etaSeconds()),
                p.recoveries() == 0 ? "" : " | recoveries " + p.recoveries())));
        progress.done();
        monitoring.close();
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
        NmnistRun.writeConfusionPng(demo.heldOutConfusion(), String.format(Locale.ROOT,
                "sim N-MNIST %.1f %% held-out; rows true, cols predicted", 100 * summary.heldOutAccuracy()),
                png);
        System.out.println("held-out confusion matrix: " + png);
        if (json != null) {
            Files.writeString(json, summary.toJson());
            System.out.println("summary written to " + json);
        }
        return summary.completed() ? 0 : 2;
    }

    /** " - web UI at ..." when the run serves one. */
    static String webUi(RunSettings settings) {
        return settings.webUiPort() > 0 ? " - web UI at http://localhost:" + settings.webUiPort() : "";
    }

    /** The value of an option given on the command line, else what --dataset nmnist-small runs with. */
    private int given(String option, int value, int nmnistDefault) {
        return spec.commandLine().getParseResult().hasMatchedOption(option) ? value : nmnistDefault;
    }

    /** Refuses the options of the other dataset that were given on the command line. */
    private void rejectGiven(Map<String, String> otherOnly, String otherDataset) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : otherOnly.keySet().stream().sorted().toList()) {
            if (parsed.hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " applies to --dataset " + otherDataset + " only (it "
                        + otherOnly.get(option) + "), not to --dataset " + dataset + "; leave it out");
            }
        }
    }
}
