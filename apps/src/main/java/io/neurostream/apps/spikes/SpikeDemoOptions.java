package io.neurostream.apps.spikes;

import io.neurostream.apps.common.RunSettings;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.spikes.DecoderKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link SpikeDecodeDemo} runs, validated before anything starts.
 *
 * @param units simulated neurons (generator mode)
 * @param minutes simulated recording length
 * @param trainMinutes first minutes fully labelled; the frozen session stops learning after them
 * @param labelledSecondsPerMinute after training, each minute starts with this many labelled seconds; the rest is held out
 * @param scoreFromMinute R^2 is scored on the held-out bins of minutes [scoreFromMinute, minutes)
 * @param pdDriftDegPerSqrtMin drift of the preferred directions (random walk)
 * @param binMicros bin width = bin step
 * @param batchMicros generator mode: window of each SpikeBatch sent, a divisor of the bin (an acquisition
 *     system streams spikes every few ms; the batch whose end closes a bin is the one latency is measured from)
 * @param decoders decoders to run, one operator each
 * @param frozenSession also stream the same spikes as a second session whose learning is frozen (FREEZE on control) after training
 * @param speed recording seconds per wall second; 0 = as fast as possible
 * @param file a spike recording to replay instead of the generator (phy folder, .nwb, .csv), or null
 * @param pngDir write raster and rate PNGs here (file mode), or null
 * @param partitions partitions of the data topics
 * @param parallelism Flink parallelism
 * @param checkpointMillis checkpoint interval
 * @param deliveryMode exactly-once or low-latency
 * @param stateBackend hashmap or rocksdb
 * @param webUiPort Flink web UI port, 0 for none
 * @param seed generator seed
 * @param timeout give up after this long
 * @param malformedMessages malformed messages injected into neural.spikes (half not Avro, half invalid SpikeBatches)
 */
public record SpikeDemoOptions(int units, int minutes, int trainMinutes, int labelledSecondsPerMinute,
                               int scoreFromMinute, double pdDriftDegPerSqrtMin, long binMicros, long batchMicros,
                               List<DecoderKind> decoders, boolean frozenSession, double speed, Path file, Path pngDir,
                               int partitions, int parallelism, long checkpointMillis, DeliveryMode deliveryMode,
                               String stateBackend, int webUiPort, long seed, Duration timeout,
                               int malformedMessages) {

    public SpikeDemoOptions {
        if (units < 1 || units > 4096) {
            throw new IllegalArgumentException("--units must be in [1, 4096], got " + units);
        }
        if (minutes < 1 || trainMinutes < 1 || trainMinutes >= minutes) {
            throw new IllegalArgumentException("need 1 <= --train-minutes < --minutes, got " + trainMinutes + " and "
                    + minutes);
        }
        if (labelledSecondsPerMinute < 0 || labelledSecondsPerMinute >= 60) {
            throw new IllegalArgumentException("--labelled-seconds must be in [0, 60), got " + labelledSecondsPerMinute);
        }
        if (scoreFromMinute < trainMinutes || scoreFromMinute >= minutes) {
            throw new IllegalArgumentException("--score-from-minute must be in [train minutes, minutes), got "
                    + scoreFromMinute);
        }
        if (!(pdDriftDegPerSqrtMin >= 0)) {
            throw new IllegalArgumentException("--drift-deg must be >= 0, got " + pdDriftDegPerSqrtMin);
        }
        if (binMicros < 1000 || 60_000_000 % binMicros != 0) {
            throw new IllegalArgumentException("--bin-ms must be >= 1 and divide a minute, got " + binMicros / 1000.0);
        }
        if (batchMicros < 1000 || batchMicros > binMicros || binMicros % batchMicros != 0) {
            throw new IllegalArgumentException("--batch-ms must be >= 1 and divide --bin-ms (" + binMicros / 1000.0
                    + "), got " + batchMicros / 1000.0);
        }
        if (decoders == null || decoders.isEmpty() || decoders.stream().distinct().count() != decoders.size()) {
            throw new IllegalArgumentException("--decoders must name distinct decoders (kalman, rls, esn, rates)");
        }
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed must be > 0 (or use --max), got " + speed);
        }
        new RunSettings(partitions, parallelism, checkpointMillis, deliveryMode, stateBackend, webUiPort); // checks them
        if (malformedMessages < 0) {
            throw new IllegalArgumentException("--inject-malformed must be >= 0, got " + malformedMessages);
        }
        decoders = List.copyOf(decoders);
    }

    /** 10 minutes of 256 drifting neurons, 2 trained, scored on minutes 6-10, at full speed, exactly once. */
    public static SpikeDemoOptions defaults() {
        return new SpikeDemoOptions(256, 10, 2, 40, 6, 30, 20_000, 20_000,
                List.of(DecoderKind.KALMAN, DecoderKind.RLS, DecoderKind.ESN), true, 0, null, null, 2, 2, 1000,
                DeliveryMode.EXACTLY_ONCE, "hashmap", 0, 2026L, Duration.ofMinutes(15), 0);
    }

    /** Partitions, MiniCluster and delivery of the run. */
    public RunSettings runSettings() {
        return new RunSettings(partitions, parallelism, checkpointMillis, deliveryMode, stateBackend, webUiPort);
    }

    public int binsPerMinute() {
        return (int) (60_000_000L / binMicros);
    }
}
