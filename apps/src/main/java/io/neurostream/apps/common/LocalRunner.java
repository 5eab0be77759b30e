package io.neurostream.apps.common;

import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.security.KafkaClientSecurity;
import java.nio.file.Path;
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

    /** Builds a topology into a MiniCluster environment made by {@code flink} and starts it. */
    public JobClient submit(LocalFlink flink, String jobName, Consumer<StreamExecutionEnvironment> topology)
            throws Exception {
        if (job != null) {
            throw new IllegalStateException("a job is running already");
        }
        checkpointDir = LocalFlink.newCheckpointDir();
        StreamExecutionEnvironment env = flink.create(checkpointDir);
        topology.accept(env);
        job = env.executeAsync(jobName);
        return job;
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
        cancelJob();
        job = null;
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
