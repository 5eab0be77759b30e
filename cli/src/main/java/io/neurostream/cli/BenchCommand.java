package io.neurostream.cli;

import io.neurostream.apps.bench.Bench;
import io.neurostream.apps.bench.BenchReport;
import io.neurostream.apps.run.JobRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neurostream bench}: each job's sustained throughput against the bare Kafka consume rate of
 * its input topic, and its latency at rising paced input rates ({@link Bench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the jobs against Kafka itself: pre-fills the input topics with real recordings, reads",
                "them with a plain consumer (the ceiling, events/s), then runs dvs-ingest, dvs-classify and spike-decode",
                "(as 'run' does: MiniCluster, low-latency delivery) on that backlog as fast as they go and at rising",
                "paced input rates. Reports per job and rate the sustained events/s, its share of the ceiling and the",
                "p50/p99/p99.9 latency from the input's Kafka append time to the output; --json, --png."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "An existing Kafka cluster (default: an embedded broker).")
    String bootstrapServers;

    @Option(names = "--jobmanager", paramLabel = "URL", description = "Run the jobs on this Flink cluster (REST URL, "
            + "e.g. http://127.0.0.1:8081), submitted as 'submit' does, instead of a MiniCluster here. Its TaskManagers "
            + "must reach the brokers: --bootstrap-servers, or the embedded broker when the cluster runs on this machine.")
    String jobManager;

    @Option(names = "--jar", paramLabel = "FILE", description = "The job jar for --jobmanager (default: "
            + "jobs/target/neurostream-jobs-*-job.jar of this checkout).")
    Path jar;

    @Option(names = "--job-option", paramLabel = "JOB:KEY=VALUE", description = "An extra option for one job, repeatable, "
            + "e.g. spike-decode:object-reuse=false.")
    List<String> jobOptions = new ArrayList<>();

    @Option(names = "--quick", description = "A run of a minute or two: one pre-fill pass, two paced rates per job, "
            + "short steps.")
    boolean quick;

    @Option(names = "--jobs", split = ",", description = "Jobs to run (default: dvs-ingest,dvs-classify,spike-decode).")
    List<String> jobs = new ArrayList<>(List.of("dvs-ingest", "dvs-classify", "spike-decode"));

    @Option(names = "--event-files", split = ",", paramLabel = "FILE", description = "Event-camera recordings for the "
            + "event jobs (default: the EVT 2.0, EVT 3.0 and AEDAT 4 samples under --data).")
    List<Path> eventFiles;

    @Option(names = "--spike-file", paramLabel = "FILE", description = "Spike recording for spike-decode (default: the "
            + "NWB sample under --data).")
    Path spikeFile;

    @Option(names = "--data", description = "Data folder (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("../shared/data");

    @Option(names = "--prefill-passes", description = "Passes of the event files in the pre-filled topic "
            + "(default: 8, --quick 2).")
    Integer prefillPasses;

    @Option(names = "--event-rates", split = ",", description = "Paced rates of the event jobs, events/s "
            + "(default: 100000,300000,1000000,3000000; --quick 200000,1000000).")
    List<Double> eventRates;

    @Option(names = "--spike-rates", split = ",", description = "Paced rates of spike-decode, spikes/s "
            + "(default: 2000,20000,200000; --quick 2000,20000).")
    List<Double> spikeRates;

    @Option(names = "--paced-seconds", description = "How long each paced step feeds and is measured, after a "
            + "warm-up of min(20 s, half this) from the job's first output (default: 20, --quick 6).")
    Double pacedSeconds;

    @Option(names = "--parallelism", description = "Flink parallelism and partitions (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Option(names = "--png", description = "Write latency against throughput as a PNG to this file.")
    Path png;

    /** dvs-ingest runs its filters (the point of the job); the other jobs run at their defaults. */
    static final List<String> INGEST_ARGUMENTS = List.of("--background-window-micros", "5000",
            "--refractory-micros", "1000");

    /**
     * dvs-classify closes a window every 10 ms of sensor time instead of 400 ms: the sample recordings are
     * dense (the EVT 3.0 sample holds 25 M events/s of sensor time), so at a paced 1 M events/s a 400 ms
     * window would take 12 s of wall time to close and a short step would see no prediction.
     */
    static final List<String> CLASSIFY_ARGUMENTS = List.of("--window-micros", "10000");

    @Override
    public Integer call() throws Exception {
        List<JobRun.Kind> kinds = new ArrayList<>();
        for (String j : jobs) {
            kinds.add(JobRun.Kind.parse(j.trim()));
        }
        List<Path> events = eventFiles != null ? eventFiles : List.of(data.resolve("event-camera/evt2/evt2.raw"),
                data.resolve("event-camera/evt3/evt3_sample.raw"), data.resolve("event-camera/aedat4/sample.aedat4"));
        Path spikes = spikeFile != null ? spikeFile : data.resolve("spikes/nwb/A8604-211122.nwb");
        for (Path f : kinds.contains(JobRun.Kind.SPIKE_DECODE) ? append(events, spikes) : events) {
            if (!Files.exists(f)) {
                throw new IllegalArgumentException(f + " does not exist: give --data, --event-files or --spike-file");
            }
        }
        for (Path out : Arrays.asList(json, png)) {
            if (out != null && out.toAbsolutePath().getParent() != null
                    && !Files.isDirectory(out.toAbsolutePath().getParent())) {
                throw new IllegalArgumentException("folder " + out.toAbsolutePath().getParent() + " does not exist");
            }
        }
        Bench.Options options = new Bench.Options(bootstrapServers, events, spikes, kinds,
                prefillPasses != null ? prefillPasses : quick ? 2 : 8,
                eventRates != null ? eventRates : quick ? List.of(200_000.0, 1_000_000.0)
                        : List.of(100_000.0, 300_000.0, 1_000_000.0, 3_000_000.0),
                spikeRates != null ? spikeRates : quick ? List.of(2_000.0, 20_000.0) : List.of(2_000.0, 20_000.0, 200_000.0),
                pacedSeconds != null ? pacedSeconds : quick ? 6 : 20, parallelism,
                jobArguments(kinds));
        // wrong job options fail here, naming the option, before a broker starts or a topic is filled
        for (JobRun.Kind kind : kinds) {
            new JobRun(new JobRun.Options(kind, "localhost:0", options.jobArguments().getOrDefault(kind.id(), List.of()),
                    false, java.time.Duration.ofMinutes(1)));
        }
        Bench bench = new Bench(options, System.out::println);
        if (jobManager != null) {
            ClusterOptions clusterOptions = new ClusterOptions();
            clusterOptions.jobManager = jobManager;
            io.neurostream.apps.cluster.ClusterJobs cluster = clusterOptions.cluster();
            Path jobJar = jar != null ? jar : SubmitCommand.defaultJar();
            cluster.flink().overview(); // an unreachable JobManager is named now, not after the pre-fill
            bench.onCluster(cluster, jobJar);
        }
        BenchReport report = bench.run();
        System.out.println();
        System.out.print(report.toTable());
        if (json != null) {
            report.writeJson(json);
            System.out.println("results written to " + json);
        }
        if (png != null) {
            report.writePng(png);
            System.out.println("latency against throughput drawn to " + png);
        }
        return 0;
    }

    /** Each job's arguments: the bench's defaults, then the --job-option values given for it. */
    Map<String, List<String>> jobArguments(List<JobRun.Kind> kinds) {
        Map<String, List<String>> args = new java.util.HashMap<>();
        args.put(JobRun.Kind.DVS_INGEST.id(), new ArrayList<>(INGEST_ARGUMENTS));
        args.put(JobRun.Kind.DVS_CLASSIFY.id(), new ArrayList<>(CLASSIFY_ARGUMENTS));
        for (String o : jobOptions) {
            int colon = o.indexOf(':');
            int equals = o.indexOf('=', colon + 1);
            if (colon < 1 || equals < colon + 2) {
                throw new IllegalArgumentException("--job-option must look like JOB:KEY=VALUE, got '" + o + "'");
            }
            JobRun.Kind kind = JobRun.Kind.parse(o.substring(0, colon).trim());
            args.computeIfAbsent(kind.id(), k -> new ArrayList<>())
                    .addAll(List.of("--" + o.substring(colon + 1, equals).trim(), o.substring(equals + 1).trim()));
        }
        return args;
    }

    private static List<Path> append(List<Path> files, Path file) {
        List<Path> all = new ArrayList<>(files);
        all.add(file);
        return all;
    }
}
