package io.neurostream.apps.common;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import java.util.Locale;

/**
 * How a demo runs, whatever it streams: the partitions of its topics, its MiniCluster and how its
 * job delivers. Checked, naming the command-line options, before anything starts.
 *
 * @param partitions partitions of the data topics
 * @param parallelism Flink parallelism
 * @param checkpointMillis checkpoint interval; exactly-once output becomes visible at each checkpoint
 * @param deliveryMode exactly-once (transactional) or low-latency (idempotent, at-least-once)
 * @param stateBackend hashmap or rocksdb
 * @param webUiPort Flink web UI port, 0 for none
 */
public record RunSettings(int partitions, int parallelism, long checkpointMillis, DeliveryMode deliveryMode,
                          String stateBackend, int webUiPort) {

    public RunSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        if (deliveryMode == null) {
            throw new IllegalArgumentException("--delivery must be exactly-once or low-latency");
        }
        LocalFlink.check(parallelism, checkpointMillis, stateBackend, webUiPort);
    }

    /** One partition, parallelism 1, a checkpoint a second, exactly once, heap state, no web UI. */
    public static RunSettings single() {
        return new RunSettings(1, 1, 1000, DeliveryMode.EXACTLY_ONCE, "hashmap", 0);
    }

    /** The default topics with {@link #partitions()} partitions. */
    public NeurostreamTopics topics() {
        return NeurostreamTopics.defaults(partitions);
    }

    /** {@code exactly-once} or {@code low-latency}, as the summaries and the command line write it. */
    public String deliveryName() {
        return deliveryMode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The MiniCluster. Exactly-once runs keep Flink's network buffer timeout and aligned
     * checkpoints; low-latency runs flush buffers after {@code lowLatencyBufferTimeoutMillis} and, if
     * {@code lowLatencyUnaligned}, take unaligned checkpoints (each job knows what suits it).
     */
    public LocalFlink flink(long lowLatencyBufferTimeoutMillis, boolean lowLatencyUnaligned) {
        boolean lowLatency = deliveryMode == DeliveryMode.LOW_LATENCY;
        return new LocalFlink(parallelism, checkpointMillis, stateBackend, webUiPort,
                lowLatency ? lowLatencyBufferTimeoutMillis : -1, lowLatency && lowLatencyUnaligned);
    }
}
