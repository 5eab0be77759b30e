package io.neurostream.cli;

import io.neurostream.apps.common.RunSettings;
import io.neurostream.apps.live.LiveView;
import io.neurostream.apps.live.Monitoring;
import io.neurostream.flink.spikes.DecoderKind;
import io.neurostream.apps.spikes.SpikeDecodeDemo;
import io.neurostream.apps.spikes.SpikeDemoOptions;
import io.neurostream.apps.spikes.SpikeDemoSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code neurostream decode-demo}: spike-decode end to end in this process. */
@Command(name = "decode-demo", mixinStandardHelpOptions = true,
        description = {"Runs spike-decode end to end in this process: a Kafka broker (KRaft, loopback), a Flink",
                "MiniCluster, a reaching-monkey generator whose neurons' tuning drifts, online decoders of hand velocity.",
                "The same spikes go out as two sessions: 'reach-adaptive' keeps learning in labelled phases,",
                "'reach-frozen' is frozen after training by a FREEZE on the control topic. Prints held-out R^2",
                "per decoder and session and the latency p50/p99/p99.9. With --file, replays a spike recording",
                "instead and publishes its rates (--png-dir draws a raster and a rates picture)."})
final class DecodeDemoCommand implements Callable<Integer> {
    private static final SpikeDemoOptions D = SpikeDemoOptions.defaults();

    @Option(names = "--units", description = "Simulated neurons (default: ${DEFAULT-VALUE}).")
    int units = D.units();

    @Option(names = "--minutes", description = "Simulated minutes (default: ${DEFAULT-VALUE}).")
    int minutes = D.minutes();

    @Option(names = "--train-minutes", description = "Fully labelled minutes at the start (default: ${DEFAULT-VALUE}).")
    int trainMinutes = D.trainMinutes();

    @Option(names = "--labelled-seconds", description = "Labelled seconds at the start of each later minute; the rest is held out (default: ${DEFAULT-VALUE}).")
    int labelledSeconds = D.labelledSecondsPerMinute();

    @Option(names = "--score-from-minute", description = "Score held-out bins from this minute on (default: ${DEFAULT-VALUE}).")
    int scoreFromMinute = D.scoreFromMinute();

    @Option(names = "--drift-deg", description = "Preferred-direction drift, degrees per sqrt(minute) (default: ${DEFAULT-VALUE}).")
    double driftDeg = D.pdDriftDegPerSqrtMin();

    @Option(names = "--bin-ms", description = "Bin width = SpikeBatch window in ms (default: ${DEFAULT-VALUE}).")
    long binMs = D.binMicros() / 1000;

    @Option(names = "--batch-ms", description = "Generator: window of each SpikeBatch sent, a divisor of --bin-ms (default: the bin).")
    Long batchMs;

    @Option(names = "--decoders", split = ",", description = "kalman, rls, esn, rates (default: kalman,rls,esn).")
    List<String> decoders = List.of("kalman", "rls", "esn");

    @Option(names = "--no-frozen", description = "Do not stream the frozen twin session.")
    boolean noFrozen;

    @Option(names = "--speed", description = "Recording seconds per wall second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed = 0;

    @Option(names = "--file", description = "Replay this spike recording (phy folder, .nwb, .csv) instead of the generator.")
    Path file;

    @Option(names = "--png-dir", description = "With --file: write <name>-raster.png and <name>-rates.png here.")
    Path pngDir;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of an embedded broker (topics should be empty).")
    String bootstrapServers;

    @Mixin
    DemoCommand.RunOptions run = new DemoCommand.RunOptions();

    @Mixin
    MonitorOptions monitor = new MonitorOptions();

    @Option(names = "--seed", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--timeout-s", description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 900;

    @Option(names = "--inject-malformed", description = "Send this many malformed messages to neural.spikes (default: ${DEFAULT-VALUE}).")
    int malformed = 2;

    @Option(names = "--json", description = "Also write the summary as JSON to this file.")
    Path json;

    @Option(names = "--latency-csv", description = "Also write every prediction's latencies (one row per bin and decoder, warm-up included) as CSV to this file.")
    Path latencyCsv;

    @Option(names = "--latency-png", description = "Also draw each bin's latency over recording time as a PNG to this file.")
    Path latencyPng;

    @Override
    public Integer call() throws Exception {
        List<DecoderKind> kinds = new ArrayList<>();
        for (String d : decoders) {
            kinds.add(DecoderKind.parse(d));
        }
        RunSettings settings = run.settings();
        SpikeDemoOptions options = new SpikeDemoOptions(units, minutes, trainMinutes, labelledSeconds, scoreFromMinute,
                driftDeg, binMs * 1000, (batchMs == null ? binMs : batchMs) * 1000, kinds, !noFrozen, speed, file, pngDir,
                settings.partitions(), settings.parallelism(), settings.checkpointMillis(), settings.deliveryMode(),
                settings.stateBackend(), settings.webUiPort(), seed, Duration.ofSeconds(timeoutSeconds),
                file != null ? 0 : malformed);
        for (Path out : new Path[] {json, latencyCsv, latencyPng}) {
            if (out != null && out.toAbsolutePath().getParent() != null
                    && !Files.isDirectory(out.toAbsolutePath().getParent())) {
                throw new IllegalArgumentException("folder " + out.toAbsolutePath().getParent() + " does not exist");
            }
        }
        if (batchMs != null && file != null) {
            throw new IllegalArgumentException("--batch-ms applies to the generator; a --file is replayed one batch per --bin-ms");
        }
        if (pngDir != null && file == null) {
            throw new IllegalArgumentException("--png-dir needs --file");
        }
        System.out.printf(Locale.ROOT, "neurostream decode-demo: %s, decoders %s, %d ms bins, %s, %s, parallelism %d%n",
                file != null ? file : units + " simulated neurons for " + minutes + " min", decoders, binMs,
                speed == 0 ? "as fast as possible" : "speed " + speed + "x", options.deliveryMode(), settings.parallelism());
        System.out.println((bootstrapServers == null ? "starting Kafka broker (KRaft) and Flink MiniCluster"
                : "starting Flink MiniCluster against " + bootstrapServers) + DemoCommand.webUi(settings) + " ...");
        Progress progress = new Progress(System.out);
        SpikeDecodeDemo demo = new SpikeDecodeDemo(options, bootstrapServers);
        run.applyKill(demo, progress);
        Monitoring monitoring = monitor.start(new LiveView.Spikes("spike-decode · "
                + (file != null ? file.getFileName() : units + " simulated neurons") + " · " + String.join(", ", decoders)));
        demo.whenRunnerStarts(monitoring::attach);
        if (latencyCsv != null) {
            demo.writeLatencies(latencyCsv);
        }
        if (latencyPng != null) {
            demo.drawLatencies(latencyPng);
        }
        Thread hook = new Thread(() -> {
            System.out.println();
            System.out.println("stopping: cancelling the job and shutting the broker down ...");
            demo.close();
        }, "neurostream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        SpikeDemoSummary summary = demo.run(p -> progress.update(String.format(Locale.ROOT,
                "%,12d spikes %,9.0f spikes/s | bins sent %,d | predictions %,d/%s | %s elapsed, ETA %s%s",
                p.spikesSent(), p.spikesPerSecond(), p.binsSent(), p.predictions(),
                p.expectedPredictions() < 0 ? "?" : String.format(Locale.ROOT, "%,d", p.expectedPredictions()),
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
        if (pngDir != null && demo.fileOutput() != null) {
            System.out.println("pictures written to " + pngDir);
        }
        if (json != null) {
            Files.writeString(json, summary.toJson());
            System.out.println("summary written to " + json);
        }
        return summary.completed() ? 0 : 2;
    }
}
