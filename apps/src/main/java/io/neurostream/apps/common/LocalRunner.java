package io.neurostream.apps.common;

import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.security.KafkaClientSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What runs a job for a person in one process, shared by every demo and by {@code neurostream run}:
 * a Kafka broker (an embedded KRaft broker on loopback, or an existing cluster), the topics, a
 * Flink MiniCluster running the job with checkpoints in a temporary folder, and read_committed
 * consumers to collect what the job wrote. {@link #close()} cancels the job, stops the embedded
 * broker and deletes the temporary folders; it is idempotent, so a shutdown hook may call it too.
 */
public final class LocalRunner implements AutoCloseable {
    private final NeurostreamTopics topics;
    private final String bootstrapServers;
    private volatile EmbeddedKafkaBroker broker;
    private volatile JobClient job;
    private volatile Path checkpointDir;
    private volatile LocalCluster cluster;
    private volatile Duration killTaskManagerAfter;
    private volatile Consumer<String> notices = line -> { };
    private volatile int recoveries;
    private volatile int prometheusPort;

    private LocalRunner(NeurostreamTopics topics, String bootstrapServers, EmbeddedKafkaBroker broker) {
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
    }

    /**
     * Connects to {@code bootstrapServers}, or starts an embedded broker when it is null, and
     * creates {@code topics} where they are missing.
     */
    public static LocalRunner start(String bootstrapServers, NeurostreamTopics topics) {
        EmbeddedKafkaBroker embedded = bootstrapServers == null ? EmbeddedKafkaBroker.start() : null;
        LocalRunner runner = new LocalRunner(topics, embedded != null ? embedded.bootstrapServers() : bootstrapServers,
                embedded);
        try {
            TopicAdmin.createTopics(runner.bootstrapServers, topics.definitions());
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
        return runner;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public NeurostreamTopics topics() {
        return topics;
    }

    /** True if the broker runs in this process. */
    public boolean embedded() {
        return broker != null;
    }

    /** Jobs submitted from now on serve their metrics for Prometheus on {@code port} (0 = as their LocalFlink says). */
    public void exposeMetrics(int port) {
        prometheusPort = port;
    }

    /**
     * Starts a MiniCluster as {@code flink} describes it ({@link LocalCluster}: its TaskManager can be
     * killed to watch recovery), builds a topology into an environment with its settings and submits it.
     */
    public JobClient submit(LocalFlink flink, String jobName, Consumer<StreamExecutionEnvironment> topology)
            throws Exception {
        if (job != null) {
            throw new IllegalStateException("a job is running already");
        }
        checkpointDir = LocalFlink.newCheckpointDir();
        LocalFlink settings = prometheusPort > 0 ? flink.withPrometheusPort(prometheusPort) : flink;
        cluster = settings.startCluster(checkpointDir);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(settings.configuration(checkpointDir));
        topology.accept(env);
        job = cluster.submit(env, jobName);
        Duration killAfter = killTaskManagerAfter;
        if (killAfter != null) {
            startTaskManagerKiller(cluster, killAfter);
        }
        return job;
    }

    /**
     * Kills the TaskManager running the job {@code delay} after it is submitted (a standby takes
     * over; the job restores its last checkpoint by itself) and tells {@code notices} what happens,
     * so a person can watch the recovery. Call before {@link #submit}.
     */
    public void killTaskManagerAfter(Duration delay, Consumer<String> notices) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("--kill-taskmanager-after-s must be >= 1, got " + delay.toSeconds());
        }
        this.killTaskManagerAfter = delay;
        this.notices = notices == null ? line -> { } : notices;
    }

    private void startTaskManagerKiller(LocalCluster target, Duration delay) {
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
                if (job == null || job.getJobStatus().get().isGloballyTerminalState()) {
                    notices.accept("job ended before the TaskManager kill at " + delay.toSeconds() + " s: nothing killed");
                    return;
                }
                target.ensureStandby();
                notices.accept("killing the TaskManager running the job (" + delay.toSeconds()
                        + " s after submission); a standby TaskManager takes over ...");
                Duration back = target.killTaskManager(Duration.ofMinutes(2));
                notices.accept(String.format(java.util.Locale.ROOT, "job running again after %.1f s, restored from its "
                        + "last checkpoint (restarts so far: %d)", back.toMillis() / 1000.0, target.restarts()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                notices.accept("TaskManager kill failed: " + e.getMessage());
            }
        }, "neurostream-taskmanager-killer");
        killer.setDaemon(true);
        killer.start();
    }

    /**
     * How often the job has restarted so far (a killed TaskManager, an operator that threw, ...);
     * the last count seen is kept after the job has ended.
     */
    public int recoveries() {
        LocalCluster c = cluster;
        if (c != null) {
            recoveries = Math.max(recoveries, c.restarts());
        }
        return recoveries;
    }

    /** The MiniCluster of the running job (to kill a TaskManager, count restarts), or null before {@link #submit}. */
    public LocalCluster cluster() {
        return cluster;
    }

    /** The running job, or null. */
    public JobClient job() {
        return job;
    }

    /** Throws if the job has ended although it should still run (a failure, or a cancel from elsewhere). */
    public void failIfJobEnded() throws Exception {
        JobClient client = job;
        if (client != null && client.getJobStatus().get().isGloballyTerminalState()) {
            throw new IllegalStateException("the Flink job ended early with status " + client.getJobStatus().get()
                    + "; see the log for its exception");
        }
    }

    /**
     * A consumer that sees only committed records (what a downstream reader of an exactly-once job
     * sees), from the earliest offsets, answered as soon as a record arrives.
     */
    public KafkaConsumer<byte[], byte[]> committedConsumer(String groupId, List<String> topicNames) {
        KafkaConsumer<byte[], byte[]> consumer = newCommittedConsumer(bootstrapServers, groupId);
        consumer.subscribe(topicNames);
        return consumer;
    }

    /**
     * A consumer of committed records outside any consumer group, assigned every partition of
     * {@code topic} from its beginning: it sees all that is there, whoever read it before.
     */
    public KafkaConsumer<byte[], byte[]> committedConsumerFromStart(String topic) {
        return TopicRecords.fromStart(bootstrapServers, topic);
    }

    /**
     * The consumer of {@link #committedConsumer(String, List)}, subscribed to nothing; no group if
     * {@code groupId} is null; with the client security of {@code bootstrapServers}.
     */
    static KafkaConsumer<byte[], byte[]> newCommittedConsumer(String bootstrapServers, String groupId) {
        Properties props = KafkaClientSecurity.forServers(bootstrapServers).applyTo(new Properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500"); // fetch.min.bytes 1: answered at once when data arrives
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Cancels the job (if still running) and waits until it has ended. */
    public void cancelJob() {
        LocalFlink.cancelQuietly(job);
    }

    @Override
    public synchronized void close() {
        recoveries();
        cancelJob();
        job = null;
        LocalCluster c = cluster;
        cluster = null;
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }
        EmbeddedKafkaBroker b = broker;
        broker = null;
        if (b != null) {
            b.close();
        }
        Path checkpoints = checkpointDir;
        checkpointDir = null;
        LocalFlink.deleteQuietly(checkpoints);
    }
}
