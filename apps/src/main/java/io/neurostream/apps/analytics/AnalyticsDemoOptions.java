package io.neurostream.apps.analytics;

import io.neurostream.apps.common.RunSettings;
import io.neurostream.core.analytics.AnalyticsParams;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link AnalyticsDemo} runs, validated before anything starts.
 *
 * @param units simulated neurons (generator mode)
 * @param seconds simulated recording length
 * @param plantedPairs synaptic pairs planted between disjoint units
 * @param efficacy probability that a presynaptic spike evokes a postsynaptic one
 * @param states planted population states (0 = no switching); also the HMM's state count
 * @param gainSigma spread (log-normal sigma) of the per-unit rate gains that make the states
 * @param meanDwellMs mean time in a state (1 s + exponential)
 * @param analytics the job's kernel parameters (their defaults unless the command line says otherwise)
 * @param file a spike recording to replay instead of the generator (phy folder, .nwb, .csv), or null
 * @param pngDir write the pictures here, or null
 * @param batchMicros window of each SpikeBatch sent
 * @param run partitions, MiniCluster and delivery
 * @param seed generator seed (planted structure and spikes)
 * @param timeout give up after this long
 * @param malformedMessages malformed messages sent to neural.spikes (they must come back as dead letters)
 */
public record AnalyticsDemoOptions(int units, int seconds, int plantedPairs, double efficacy, int states,
                                   double gainSigma, double meanDwellMs, AnalyticsParams analytics, Path file,
                                   Path pngDir, long batchMicros, RunSettings run, long seed, Duration timeout,
                                   int malformedMessages) {

    public AnalyticsDemoOptions {
        if (units < 2 || units > 4096) {
            throw new IllegalArgumentException("--units must be in [2, 4096], got " + units);
        }
        if (seconds < 10 || seconds > 86_400) {
            throw new IllegalArgumentException("--seconds must be in [10, 86400], got " + seconds);
        }
        if (plantedPairs < 0 || 2 * plantedPairs > units) {
            throw new IllegalArgumentException("--pairs must be in [0, units/2] (disjoint pairs), got " + plantedPairs);
        }
        if (!(efficacy > 0 && efficacy <= 1)) {
            throw new IllegalArgumentException("--efficacy must be in (0, 1], got " + efficacy);
        }
        if (states == 1 || states < 0 || states > 16) {
            throw new IllegalArgumentException("--states must be 0 (no switching) or 2..16, got " + states);
        }
        if (!(gainSigma >= 0) || !(meanDwellMs >= 1000)) {
            throw new IllegalArgumentException("--gain-sigma must be >= 0 and --dwell-ms >= 1000");
        }
        if (batchMicros < 1000 || batchMicros > 10_000_000) {
            throw new IllegalArgumentException("--batch-ms must be in [1, 10000], got " + batchMicros / 1000.0);
        }
        if (malformedMessages < 0) {
            throw new IllegalArgumentException("malformed messages must be >= 0");
        }
        if (analytics == null || run == null || timeout == null) {
            throw new IllegalArgumentException("analytics, run settings and timeout are required");
        }
    }

    /** 64 units for 240 s, 8 pairs (efficacy 0.1), 3 states (sigma 0.5, 4 s dwell), default analytics, 50 ms batches. */
    public static AnalyticsDemoOptions defaults() {
        return new AnalyticsDemoOptions(64, 240, 8, 0.1, 3, 0.5, 4000, AnalyticsParams.defaults(), null, null, 50_000,
                RunSettings.single(), 1, Duration.ofMinutes(15), 2);
    }

    public AnalyticsDemoOptions withGenerator(int unitCount, int recordingSeconds, long generatorSeed) {
        return new AnalyticsDemoOptions(unitCount, recordingSeconds, plantedPairs, efficacy, states, gainSigma,
                meanDwellMs, analytics, file, pngDir, batchMicros, run, generatorSeed, timeout, malformedMessages);
    }

    public AnalyticsDemoOptions withFile(Path recording) {
        return new AnalyticsDemoOptions(units, seconds, plantedPairs, efficacy, states, gainSigma, meanDwellMs,
                analytics, recording, pngDir, batchMicros, run, seed, timeout, malformedMessages);
    }

    public AnalyticsDemoOptions withPngDir(Path dir) {
        return new AnalyticsDemoOptions(units, seconds, plantedPairs, efficacy, states, gainSigma, meanDwellMs,
                analytics, file, dir, batchMicros, run, seed, timeout, malformedMessages);
    }
}
