package io.neurostream.apps.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/**
 * The in-process Flink environment of our demos and tests: a MiniCluster with exactly-once
 * checkpoints to a temporary folder, no Kryo fallback, a restart strategy with back-off and,
 * for low-latency runs, a small network buffer timeout.
 *
 * @param parallelism Flink parallelism (and task slots)
 * @param checkpointMillis checkpoint interval
 * @param stateBackend hashmap or rocksdb
 * @param webUiPort Flink web UI port, 0 for none
 * @param bufferTimeoutMillis network buffer timeout, -1 for Flink's default (100 ms); 0 flushes every record
 * @param unalignedCheckpoints barriers overtake buffered records, so a checkpoint never holds an input back
 *     waiting for the other input's barrier (low-latency runs); state stays exactly once
 * @param prometheusPort serve the job's metrics for Prometheus on this port ({@code /metrics}), 0 for none
 */
public record LocalFlink(int parallelism, long checkpointMillis, String stateBackend, int webUiPort,
                         long bufferTimeoutMillis, boolean unalignedCheckpoints, int prometheusPort) {

    public LocalFlink {
        check(parallelism, checkpointMillis, stateBackend, webUiPort);
        if (prometheusPort < 0 || prometheusPort > 65535) {
            throw new IllegalArgumentException("--prometheus-port must be in [0, 65535], got " + prometheusPort);
        }
    }

    /** Without a Prometheus reporter. */
    public LocalFlink(int parallelism, long checkpointMillis, String stateBackend, int webUiPort,
                      long bufferTimeoutMillis, boolean unalignedCheckpoints) {
        this(parallelism, checkpointMillis, stateBackend, webUiPort, bufferTimeoutMillis, unalignedCheckpoints, 0);
    }

    /** The same MiniCluster with Flink's Prometheus reporter on {@code port} (0 = none). */
    public LocalFlink withPrometheusPort(int port) {
        return new LocalFlink(parallelism, checkpointMillis, stateBackend, webUiPort, bufferTimeoutMillis,
                unalignedCheckpoints, port);
    }

    /**
     * Checks the settings a person chooses, naming the command-line option that is off (the
     * demos check them with this before anything starts).
     */
    public static void check(int parallelism, long checkpointMillis, String stateBackend, int webUiPort) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1, got " + parallelism);
        }
        if (checkpointMillis < 100) {
            throw new IllegalArgumentException("--checkpoint-ms must be >= 100, got " + checkpointMillis);
        }
        if (!"hashmap".equals(stateBackend) && !"rocksdb".equals(stateBackend)) {
            throw new IllegalArgumentException("--state-backend must be hashmap or rocksdb, got '" + stateBackend + "'");
        }
        if (webUiPort < 0 || webUiPort > 65535) {
            throw new IllegalArgumentException("--web-ui-port must be in [0, 65535], got " + webUiPort);
        }
    }

    /** A fresh temporary checkpoint folder; delete it with {@link #deleteQuietly(Path)} when done. */
    public static Path newCheckpointDir() throws IOException {
        return Files.createTempDirectory("neurostream-checkpoints-");
    }

    /** Deletes a folder tree, best effort (temporary data). */
    public static void deleteQuietly(Path dir) {
        io.neurostream.connectors.kafka.TempFolders.deleteQuietly(dir);
    }

    /** Cancels a job unless it has ended, and waits until it has; errors are ignored (it is going away). */
    public static void cancelQuietly(org.apache.flink.core.execution.JobClient client) {
        if (client == null) {
            return;
        }
        try {
            if (!client.getJobStatus().get().isGloballyTerminalState()) {
                client.cancel().get();
            }
            client.getJobExecutionResult().handle((r, e) -> null).get();
        } catch (Exception ignored) {
            // the job is going away either way
        }
    }

    /** Starts the MiniCluster ({@link LocalCluster}: TaskManagers that can be killed) checkpointing into {@code checkpointDir}. */
    public LocalCluster startCluster(Path checkpointDir) throws Exception {
        return LocalCluster.start(configuration(checkpointDir), parallelism);
    }

    /**
     * A local environment with these settings whose {@code execute} starts and stops its own
     * MiniCluster (one job, no TaskManager to kill: tests that drive a job end to end themselves).
     */
    public org.apache.flink.streaming.api.environment.StreamExecutionEnvironment create(Path checkpointDir) {
        return org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.createLocalEnvironment(
                configuration(checkpointDir));
    }

    /** The settings of the MiniCluster and of every job on it, checkpointing into {@code checkpointDir}. */
    public Configuration configuration(Path checkpointDir) {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", checkpointMillis + " ms");
        conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        conf.setString("state.backend.type", stateBackend);
        // Learned state (MBs per key) exceeds what the JobManager may hold in memory.
        conf.setString("execution.checkpointing.storage", "filesystem");
        conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        conf.setString("pipeline.generic-types", "false");
        // Recover by itself from a lost TaskManager or a broker restart (back-off 0.5 s doubling to
        // 10 s), but give up after 10 failures in a row, so a poison message ends the run.
        conf.setString("restart-strategy.type", "exponential-delay");
        conf.setString("restart-strategy.exponential-delay.initial-backoff", "500 ms");
        conf.setString("restart-strategy.exponential-delay.max-backoff", "10 s");
        conf.setString("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
        conf.setString("restart-strategy.exponential-delay.jitter-factor", "0");
        conf.setString("restart-strategy.exponential-delay.reset-backoff-threshold", "1 min");
        conf.setString("restart-strategy.exponential-delay.attempts-before-reset-backoff", "10");
        conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
        conf.setString("parallelism.default", Integer.toString(parallelism));
        conf.setString("pipeline.auto-watermark-interval", "50 ms");
        if (bufferTimeoutMillis >= 0) {
            conf.setString("execution.buffer-timeout.interval", bufferTimeoutMillis + " ms");
        }
        if (unalignedCheckpoints) {
            conf.setString("execution.checkpointing.unaligned.enabled", "true");
        }
        if (prometheusPort > 0) {
            // Flink's own reporter, as on a cluster (there it is a plugin: see the README's Prometheus section)
            conf.setString("metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            conf.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
        }
        if (webUiPort > 0) {
            conf.setString("rest.port", Integer.toString(webUiPort));
        }
        return conf;
    }
}
