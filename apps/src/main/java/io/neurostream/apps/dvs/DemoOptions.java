package io.neurostream.apps.dvs;

import io.neurostream.apps.common.RunSettings;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import java.time.Duration;

/**
 * What {@link DvsDemo} runs, validated before anything starts.
 *
 * @param trainSamples labelled samples streamed first (the readout learns from them)
 * @param testSamples held-out samples streamed afterwards without labels, scored against the truth
 * @param partitions partitions of the data topics
 * @param parallelism Flink parallelism
 * @param checkpointMillis checkpoint interval; exactly-once output becomes visible at each checkpoint
 * @param deliveryMode exactly-once (transactional) or low-latency (idempotent, at-least-once)
 * @param stateBackend hashmap or rocksdb
 * @param webUiPort Flink web UI port, 0 for none
 * @param maxEventsPerPacket events per EventPacket at most
 * @param seed seed of the simulator's noise and mismatch
 * @param timeout give up (and report) after this long
 * @param malformedMessages garbage messages injected into dvs.events mid-stream (the job must survive them)
 */
public record DemoOptions(int trainSamples, int testSamples, int partitions, int parallelism, long checkpointMillis,
                          DeliveryMode deliveryMode, String stateBackend, int webUiPort, int maxEventsPerPacket,
                          long seed, Duration timeout, int malformedMessages) {
    public static final int DIGITS_AVAILABLE = 10_000;

    public DemoOptions {
        if (trainSamples < 1 || testSamples < 1) {
            throw new IllegalArgumentException("--train and --test must be >= 1 (got " + trainSamples + ", " + testSamples + ")");
        }
        if (trainSamples + testSamples > DIGITS_AVAILABLE) {
            throw new IllegalArgumentException("--train + --test must be <= " + DIGITS_AVAILABLE
                    + " (the bundled MNIST digits), got " + (trainSamples + testSamples));
        }
        new RunSettings(partitions, parallelism, checkpointMillis, deliveryMode, stateBackend, webUiPort); // checks them
        if (maxEventsPerPacket < 1) {
            throw new IllegalArgumentException("--max-events-per-packet must be >= 1");
        }
        if (malformedMessages < 0) {
            throw new IllegalArgumentException("--inject-malformed must be >= 0, got " + malformedMessages);
        }
    }

    public static DemoOptions defaults() {
        return new DemoOptions(2000, 500, 2, 2, 1000, DeliveryMode.EXACTLY_ONCE, "hashmap", 0, 2048, 7L,
                Duration.ofMinutes(10), 0);
    }

    /** Partitions, MiniCluster and delivery of the run. */
    public RunSettings runSettings() {
        return new RunSettings(partitions, parallelism, checkpointMillis, deliveryMode, stateBackend, webUiPort);
    }

    public int samples() {
        return trainSamples + testSamples;
    }
}
