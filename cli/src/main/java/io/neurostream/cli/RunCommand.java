package io.neurostream.cli;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.SummaryJson;
import io.neurostream.apps.live.LiveView;
import io.neurostream.apps.live.Monitoring;
import io.neurostream.apps.run.JobRun;
import io.neurostream.apps.run.Soak;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.Recording;
import io.neurostream.connectors.replay.ReplayOptions;
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
        description = {"Runs a job (dvs-classify, dvs-ingest or spike-decode) on a Flink MiniCluster in this process, against",
                "the embedded Kafka broker (--embedded) or an existing one (--bootstrap-servers), optionally",
                "replaying recordings into its input topic first (--replay FILE..., any supported format and geometry).",
                "Without --follow the run is bounded: the job processes what is in its topics, closes its last",
                "windows and finishes. Every option of the job's cluster main is accepted (listed below)."},
        footerHeading = "%nJob options (as for the cluster main; --key value):%n")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "dvs-classify, dvs-ingest or spike-decode")
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

    @Option(names = "--soak-minutes", paramLabel = "N", description = {"Soak: replay the --replay files in a loop at "
            + "--speed (default real time) for N minutes beside the running job, sampling heap (before and after a "
            + "full GC), resident set, consumer lag and latency; writes CSV and PNG and fails (exit 3) if heap after "
            + "GC or lag grew."})
    Double soakMinutes;

    @Option(names = "--soak-sample-s", paramLabel = "S", description = "Soak: seconds between samples "
            + "(default: ${DEFAULT-VALUE}).")
    double soakSampleSeconds = 5;

    @Option(names = "--soak-out", paramLabel = "DIR", description = "Soak: folder for soak-<job>-<time>.csv and .png "
            + "(default: runs/).")
    Path soakOut = Path.of("runs");

    @Option(names = "--kill-taskmanager-after-s", description = "Kill the TaskManager running the job this many "
            + "seconds after it started, to watch it recover (0 = never, default).")
    int killTaskManagerAfterS;

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
        if (killTaskManagerAfterS < 0) {
            throw new IllegalArgumentException("--kill-taskmanager-after-s must be >= 0, got " + killTaskManagerAfterS);
        }
        Soak soak = soakMinutes == null ? null : soak(kind);
        JobRun run = new JobRun(new JobRun.Options(kind, bootstrapServers, jobArguments, follow || soak != null,
                soak != null ? Duration.ofMillis(Math.round(soakMinutes * 60_000)) : Duration.ofSeconds(timeoutSeconds)));
        DeliveryMode delivery = run.delivery();
        LocalFlink flink = new LocalFlink(parallelism, checkpointMs, stateBackend, webUiPort,
                delivery == DeliveryMode.LOW_LATENCY ? 0 : -1, false);
        System.out.printf(Locale.ROOT, "neurostream run %s: %s, parallelism %d, %s, %s%n", kind.id(),
                embedded ? "embedded Kafka broker (KRaft)" : bootstrapServers, parallelism,
                delivery.name().toLowerCase(Locale.ROOT).replace('_', '-'), follow ? "follow (Ctrl-C stops)" : "bounded");
        Monitoring monitoring = monitor.start(liveViewJob(kind, run));
        run.whenRunnerStarts(monitoring::attach);
        Progress progress = new Progress(System.out);
        if (killTaskManagerAfterS > 0) {
            run.killTaskManagerAfter(Duration.ofSeconds(killTaskManagerAfterS), progress::note);
        }
        Thread hook = new Thread(() -> {
            System.out.println();
            System.out.println("stopping: cancelling the job" + (embedded ? " and shutting the broker down" : "") + " ...");
            run.close();
        }, "neurostream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        JobRun.RunSummary summary;
        try {
            JobRun.Feed feed = replay.isEmpty() || soak != null ? null : new ReplayFeed(kind, replay, speed, progress);
            summary = run.run(flink, feed, soak, p -> progress.update(soak == null ? String.format(Locale.ROOT,
                    "%s | %,d predictions | %,d dead letters | %s elapsed", p.phase(), p.predictions(), p.deadLetters(),
                    Progress.eta(p.elapsedSeconds())) : soakProgress(p)));
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
        Map<String, Object> jsonFields = summary.toJsonMap();
        boolean steady = true;
        if (soak != null) {
            steady = reportSoak(soak, kind, jsonFields);
        }
        if (json != null) {
            Files.writeString(json, SummaryJson.of(jsonFields));
            System.out.println("summary written to " + json);
        }
        return !summary.completed() ? 2 : steady ? 0 : 3;
    }

    private volatile Soak.Sample lastSample;

    private Soak soak(JobRun.Kind kind) throws Exception {
        if (!(soakMinutes > 0) || soakMinutes.isInfinite()) {
            throw new IllegalArgumentException("--soak-minutes must be > 0, got " + soakMinutes);
        }
        if (replay.isEmpty()) {
            throw new IllegalArgumentException("--soak-minutes needs the steady input: --replay FILE... (looped)");
        }
        if (follow) {
            throw new IllegalArgumentException("--soak-minutes runs the job unbounded for that long: leave out --follow");
        }
        if (kind == JobRun.Kind.SPIKE_DECODE) {
            throw new IllegalArgumentException("--soak-minutes loops event-camera recordings only (spike recordings do "
                    + "not loop yet): soak dvs-classify");
        }
        if (soakSampleSeconds * 6 > soakMinutes * 60) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--soak-minutes %.2f gives fewer than 6 samples "
                    + "of --soak-sample-s %.1f: soak longer or sample more often", soakMinutes, soakSampleSeconds));
        }
        Files.createDirectories(soakOut);
        double pace = speed > 0 ? speed : 1.0;
        Recording recording = ReplayFeed.open(kind, replay, ReplayOptions.defaults().withPasses(ReplayOptions.FOREVER));
        recording.describe().lines().forEach(line -> System.out.println("soak input " + line));
        System.out.printf(Locale.ROOT, "soak: %.1f min, the recording looped at %.2fx real time, a sample every %.1f s%n",
                soakMinutes, pace, soakSampleSeconds);
        return new Soak(recording, new Pacer(pace), Duration.ofMillis(Math.round(soakSampleSeconds * 1000)),
                sample -> lastSample = sample);
    }

    private String soakProgress(JobRun.Progress p) {
        Soak.Sample s = lastSample;
        String sample = s == null ? "warming up" : String.format(Locale.ROOT,
                "%,.0f events/s | heap after GC %.0f MB | RSS %.0f MB | lag %,d | p99 %.0f ms", s.eventsPerSecond(),
                s.heapAfterGcMb(), s.rssMb(), s.lagRecords(), s.visibleLatencyP99Ms());
        return String.format(Locale.ROOT, "soak %s of %s | %s | %,d predictions", Progress.eta(p.elapsedSeconds()),
                Progress.eta(soakMinutes * 60), sample, p.predictions());
    }

    /** Writes the soak's CSV and PNG, prints and adds its verdict; true if it held steady. */
    private boolean reportSoak(Soak soak, JobRun.Kind kind, Map<String, Object> jsonFields) throws Exception {
        String stem = "soak-" + kind.id() + "-" + java.time.LocalDateTime.now().format(
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path csv = soakOut.resolve(stem + ".csv");
        Path png = soakOut.resolve(stem + ".png");
        soak.writeCsv(csv);
        soak.writePng(String.format(Locale.ROOT, "Soak of %s: %.1f min", kind.id(), soakMinutes), png);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("minutes", soakMinutes);
        m.put("samples", soak.samples().size());
        m.put("csv", csv.toString());
        m.put("png", png.toString());
        boolean steady;
        if (soak.feedFailure() != null) {
            System.out.println("soak FAILED: the feed stopped: " + soak.feedFailure());
            m.put("feedFailure", String.valueOf(soak.feedFailure()));
            steady = false;
        } else {
            Soak.Verdict v = soak.verdict();
            System.out.printf(Locale.ROOT, "soak %s: heap after GC %.0f -> %.0f MB (limit %.0f), lag %.0f -> %.0f records "
                    + "(limit %.0f), over the last %d samples%n", v.steady() ? "steady" : "NOT steady",
                    v.heapAfterGcEarlyMb(), v.heapAfterGcLateMb(), v.heapLimitMb(), v.lagEarlyRecords(),
                    v.lagLateRecords(), v.lagLimitRecords(), v.samplesJudged());
            m.put("steady", v.steady());
            m.put("heapSteady", v.heapSteady());
            m.put("lagSteady", v.lagSteady());
            m.put("heapAfterGcEarlyMb", SummaryJson.round(v.heapAfterGcEarlyMb()));
            m.put("heapAfterGcLateMb", SummaryJson.round(v.heapAfterGcLateMb()));
            m.put("heapLimitMb", SummaryJson.round(v.heapLimitMb()));
            m.put("lagEarlyRecords", SummaryJson.round(v.lagEarlyRecords()));
            m.put("lagLateRecords", SummaryJson.round(v.lagLateRecords()));
            m.put("lagLimitRecords", SummaryJson.round(v.lagLimitRecords()));
            steady = v.steady();
        }
        System.out.println("soak samples written to " + csv + " and " + png);
        jsonFields.put("soak", m);
        return steady;
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
