package io.neurostream.cli;

import io.neurostream.apps.analytics.AnalyticsDemo;
import io.neurostream.apps.analytics.AnalyticsDemoOptions;
import io.neurostream.apps.analytics.AnalyticsSummary;
import io.neurostream.apps.common.RunSettings;
import io.neurostream.core.analytics.AnalyticsParams;
import io.neurostream.core.analytics.BrainStateParams;
import io.neurostream.core.analytics.ConnectivityParams;
import io.neurostream.jobs.spikes.SpikeAnalyticsJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code neurostream analytics-demo}: spike-analytics end to end in this process. */
@Command(name = "analytics-demo", mixinStandardHelpOptions = true,
        description = {"Runs spike-analytics end to end in this process: a Kafka broker (KRaft, loopback), spikes replayed",
                "onto neural.spikes, a Flink MiniCluster computing live unit statistics (neural.stats), a directed",
                "connectivity graph from cross-correlograms (neural.connectivity) and brain states from an online HMM",
                "(neural.states). The generator plants synaptic pairs with known lags and switches the population",
                "between known states; the summary scores pair precision/recall and state accuracy. With --file,",
                "replays a recording (phy folder, .nwb, .csv) instead. --png-dir draws raster+states, graph, stats."})
final class AnalyticsDemoCommand implements Callable<Integer> {
    private static final AnalyticsDemoOptions D = AnalyticsDemoOptions.defaults();

    @Option(names = "--units", description = "Simulated neurons (default: ${DEFAULT-VALUE}).")
    int units = D.units();

    @Option(names = "--seconds", description = "Simulated recording seconds (default: ${DEFAULT-VALUE}).")
    int seconds = D.seconds();

    @Option(names = "--pairs", description = "Planted synaptic pairs, between disjoint units (default: ${DEFAULT-VALUE}).")
    int pairs = D.plantedPairs();

    @Option(names = "--efficacy", description = "Probability that a planted presynaptic spike evokes one (default: ${DEFAULT-VALUE}).")
    double efficacy = D.efficacy();

    @Option(names = "--states", description = "Planted population states, and the HMM's states (default: ${DEFAULT-VALUE}).")
    int states = D.states();

    @Option(names = "--model-states", description = "The HMM's states if not --states (e.g. for --file).")
    Integer modelStates;

    @Option(names = "--gain-sigma", description = "Log-normal spread of the per-unit state gains (default: ${DEFAULT-VALUE}).")
    double gainSigma = D.gainSigma();

    @Option(names = "--dwell-ms", description = "Mean time in a planted state, ms (default: ${DEFAULT-VALUE}).")
    double dwellMs = D.meanDwellMs();

    @Option(names = "--max-pairs", description = "Correlogram pairs at most: all pairs of the top-k units by rate (default: ${DEFAULT-VALUE}).")
    int maxPairs = D.analytics().connectivity().maxPairs();

    @Option(names = "--monitor-pairs", description = "Monitor these unit pairs instead of the top-k, e.g. 3-8,4-12.")
    String monitorPairs;

    @Option(names = "--alpha", description = "Family-wise false-positive rate of the connectivity tests (default: ${DEFAULT-VALUE}).")
    double alpha = D.analytics().connectivity().alpha();

    @Option(names = "--batch-ms", description = "Window of each SpikeBatch sent, ms (default: ${DEFAULT-VALUE}).")
    long batchMs = D.batchMicros() / 1000;

    @Option(names = "--file", description = "Replay this spike recording (phy folder, .nwb, .csv) instead of the generator.")
    Path file;

    @Option(names = "--png-dir", description = "Write <session>-raster-states.png, -connectivity.png and -stats.png here.")
    Path pngDir;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of an embedded broker (topics should be empty).")
    String bootstrapServers;

    @Mixin
    DemoCommand.RunOptions run = new DemoCommand.RunOptions();

    @Option(names = "--seed", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--timeout-s", description = "Give up on the job after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = D.timeout().toSeconds();

    @Option(names = "--inject-malformed", description = "Send this many malformed messages to neural.spikes (default: ${DEFAULT-VALUE}).")
    int malformed = D.malformedMessages();

    @Option(names = "--json", description = "Also write the summary as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        AnalyticsParams defaults = AnalyticsParams.defaults();
        ConnectivityParams c = defaults.connectivity().withMaxPairs(maxPairs);
        c = new ConnectivityParams(c.maxPairs(), c.configuredPairs(), c.halfWidthMicros(), c.binMicros(),
                c.synapseMinLagMicros(), c.synapseMaxLagMicros(), c.baselineSigmaMicros(), c.hollowFraction(), alpha,
                c.minStrength(), c.evaluateEveryMicros(), c.selectAfterMicros(), c.memorySeconds(), c.changeThreshold());
        if (monitorPairs != null) {
            try {
                c = c.withConfiguredPairs(SpikeAnalyticsJob.pairs(monitorPairs));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--monitor-pairs takes unit index pairs like 3-8,4-12, got '"
                        + monitorPairs + "'", e);
            }
        }
        int hmmStates = modelStates != null ? modelStates : Math.max(2, states);
        BrainStateParams b = defaults.states().withStates(hmmStates);
        AnalyticsParams analytics = new AnalyticsParams(defaults.stats(), c, b);
        RunSettings settings = run.settings();
        AnalyticsDemoOptions options = new AnalyticsDemoOptions(units, seconds, pairs, efficacy, states, gainSigma,
                dwellMs, analytics, file, pngDir, batchMs * 1000, settings, seed, Duration.ofSeconds(timeoutSeconds),
                malformed);
        for (Path out : new Path[] {json}) {
            if (out != null && out.toAbsolutePath().getParent() != null
                    && !Files.isDirectory(out.toAbsolutePath().getParent())) {
                throw new IllegalArgumentException("folder " + out.toAbsolutePath().getParent() + " does not exist");
            }
        }
        if (pngDir != null) {
            Files.createDirectories(pngDir);
        }
        System.out.printf(Locale.ROOT, "neurostream analytics-demo: %s, %s, parallelism %d%n",
                file != null ? file : units + " simulated neurons for " + seconds + " s, " + pairs + " planted pairs, "
                        + states + " planted states", options.run().deliveryName(), settings.parallelism());
        System.out.println((bootstrapServers == null ? "starting Kafka broker (KRaft) and Flink MiniCluster"
                : "starting Flink MiniCluster against " + bootstrapServers) + DemoCommand.webUi(settings) + " ...");
        AnalyticsDemo demo = new AnalyticsDemo(options, bootstrapServers);
        Thread hook = new Thread(() -> {
            System.out.println();
            System.out.println("stopping: cancelling the job and shutting the broker down ...");
            demo.close();
        }, "neurostream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        AnalyticsSummary summary = demo.run(System.out::println);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        System.out.print(summary.toText());
        if (pngDir != null) {
            System.out.println("pictures written to " + pngDir);
        }
        if (json != null) {
            Files.writeString(json, summary.toJson());
            System.out.println("summary written to " + json);
        }
        return summary.completed() ? 0 : 2;
    }
}
