package io.neurostream.cli;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.live.LiveView;
import io.neurostream.apps.live.Monitoring;
import io.neurostream.apps.run.JobRun;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.jobs.common.JobArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neurostream run <job>}: a deployable job exactly as its cluster {@code main} builds it
 * (every job option is passed through), on a MiniCluster against the embedded broker or an
 * existing Kafka cluster, optionally fed by recordings first; progress, then a summary.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a job (dvs-classify or spike-decode) on a Flink MiniCluster in this process, against",
                "the embedded Kafka broker (--embedded) or an existing one (--bootstrap-servers), optionally",
                "replaying recordings into its input topic first (--replay FILE..., any supported format and geometry).",
                "Without --follow the run is bounded: the job processes what is in its topics, closes its last",
                "windows and finishes. Every option of the job's cluster main is accepted (listed below)."},
        footerHeading = "%nJob options (as for the cluster main; --key value):%n")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "dvs-classify or spike-decode")
    String job;

    @Option(names = "--embedded", description = "Start an in-process Kafka broker (KRaft, loopback, temporary data).")
    boolean embedded;

    @Option(names = "--bootstrap-servers", description = "An existing Kafka cluster (host:port,...).")
    String bootstrapServers;

    @Option(names = "--replay", arity = "1", paramLabel = "FILE...", parameterConsumer = FilesUntilNextOption.class,
            description = "Recordings to replay into the job's input topic before it starts.")
    List<Path> replay = new ArrayList<>();

    /** {@code --replay a b c}: takes arguments up to the next one that starts with "-" (job options pass through). */
    static final class FilesUntilNextOption implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(java.util.Stack<String> args, CommandLine.Model.ArgSpec argSpec,
                                      CommandLine.Model.CommandSpec commandSpec) {
            List<Path> files = argSpec.getValue();
            if (args.isEmpty() || args.peek().startsWith("-")) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), "--replay needs at least one FILE");
            }
            while (!args.isEmpty() && !args.peek().startsWith("-")) {
                files.add(Path.of(args.pop()));
            }
        }
    }

    @Option(names = "--speed", description = "Replay speed: recording seconds per wall second; 0 = as fast as possible "
            + "(default: ${DEFAULT-VALUE}).")
    double speed = 0;

    @Option(names = "--follow", description = "Keep consuming until Ctrl-C or --timeout-s (unbounded sources).")
    boolean follow;

    @Option(names = "--parallelism", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--checkpoint-ms", description = "Checkpoint interval in ms (default: ${DEFAULT-VALUE}).")
    long checkpointMs = 1000;

    @Option(names = "--state-backend", description = "hashmap or rocksdb (default: ${DEFAULT-VALUE}).")
    String stateBackend = "hashmap";

    @Option(names = "--web-ui-port", description = "Serve the Flink web UI on this port while running (0 = off).")
    int webUiPort = 0;

    @CommandLine.Mixin
    MonitorOptions monitor = new MonitorOptions();

    @Option(names = "--png-dir", description = "Write the run's pictures here: latency of each prediction, and the "
            + "confusion matrix of labelled windows (dvs-classify).")
    Path pngDir;

    @Option(names = "--timeout-s", description = "Give up (bounded) or stop (--follow) after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 600;

    @Option(names = "--json", description = "Also write the summary as JSON to this file.")
    Path json;

    @CommandLine.Unmatched
    List<String> jobArguments = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The job options of both jobs, for --help. */
    static String[] jobOptionsFooter() {
        List<String> lines = new ArrayList<>();
        addOptions(lines, "every job", JobArguments.COMMON_OPTIONS);
        for (JobRun.Kind kind : JobRun.Kind.values()) {
            addOptions(lines, kind.id(), kind.options());
        }
        return lines.toArray(String[]::new);
    }

    private static void addOptions(List<String> lines, String title, Map<String, String> options) {
        lines.add(title + ":");
        options.forEach((key, meaning) -> {
            if (!key.equals("bootstrap-servers") && !key.equals("bounded")) {
                lines.add(String.format(Locale.ROOT, "  --%-26s %s", key, meaning).replace("%", "%%"));
            }
        });
    }

    @Override
    public Integer call() throws Exception {
        JobRun.Kind kind = JobRun.Kind.parse(job);
        if (embedded == (bootstrapServers != null)) {
            throw new IllegalArgumentException("give either --embedded or --bootstrap-servers HOST:PORT");
        }
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed must be >= 0 (0 = as fast as possible), got " + speed);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout-s must be >= 1, got " + timeoutSeconds);
        }
        for (Path f : replay) {
            if (!Files.exists(f)) {
                throw new IllegalArgumentException("--replay: " + f + " does not exist");
            }
        }
        if (json != null && json.getParent() != null && !Files.isDirectory(json.getParent())) {
            throw new IllegalArgumentException("--json: folder " + json.getParent() + " does not exist");
        }
        JobRun run = new JobRun(new JobRun.Options(kind, bootstrapServers, jobArguments, follow,
                Duration.ofSeconds(timeoutSeconds)));
        DeliveryMode delivery = run.delivery();
        LocalFlink flink = new LocalFlink(parallelism, checkpointMs, stateBackend, webUiPort,
                delivery == DeliveryMode.LOW_LATENCY ? 0 : -1, false);
        System.out.printf(Locale.ROOT, "neurostream run %s: %s, parallelism %d, %s, %s%n", kind.id(),
                embedded ? "embedded Kafka broker (KRaft)" : bootstrapServers, parallelism,
                delivery.name().toLowerCase(Locale.ROOT).replace('_', '-'), follow ? "follow (Ctrl-C stops)" : "bounded");
        Monitoring monitoring = monitor.start(liveViewJob(kind, run));
        run.whenRunnerStarts(monitoring::attach);
        Progress progress = new Progress(System.out);
        Thread hook = new Thread(() -> {
            System.out.println();
            System.out.println("stopping: cancelling the job" + (embedded ? " and shutting the broker down" : "") + " ...");
            run.close();
        }, "neurostream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        JobRun.RunSummary summary;
        try {
            JobRun.Feed feed = replay.isEmpty() ? null : new ReplayFeed(kind, replay, speed, progress);
            summary = run.run(flink, feed, p -> progress.update(String.format(Locale.ROOT,
                    "%s | %,d predictions | %,d dead letters | %s elapsed", p.phase(), p.predictions(), p.deadLetters(),
                    Progress.eta(p.elapsedSeconds()))));
            progress.done();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            run.close();
            monitoring.close();
        }
        System.out.print(summary.toText());
        if (pngDir != null) {
            for (Path png : run.writePlots(pngDir)) {
                System.out.println("picture written to " + png);
            }
        }
        if (json != null) {
            Files.writeString(json, summary.toJson());
            System.out.println("summary written to " + json);
        }
        return summary.completed() ? 0 : 2;
    }

    /** What the live view shows of this run: the learner's liquid as the job arguments set it. */
    private static LiveView.Job liveViewJob(JobRun.Kind kind, JobRun run) {
        if (kind == JobRun.Kind.DVS_CLASSIFY) {
            var learner = io.neurostream.jobs.dvs.DvsClassifyJob.Settings.from(run.arguments()).learner();
            return new LiveView.Dvs("dvs-classify · neurostream run", learner.liquid(), learner.windowMicros(),
                    learner.classCount());
        }
        return new LiveView.Spikes("spike-decode · neurostream run");
    }
}
