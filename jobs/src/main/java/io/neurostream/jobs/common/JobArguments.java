package io.neurostream.jobs.common;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.security.KafkaClientSecurity;
import io.neurostream.flink.common.FailureInjection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code --key value} arguments of a job's {@code main} on a cluster, checked against the keys
 * the job knows so that a typo fails fast with the list of valid keys.
 */
public final class JobArguments {
    /** Options every job takes: name -&gt; default and meaning. */
    public static final Map<String, String> COMMON_OPTIONS = commonOptions();
    public static final Set<String> COMMON_KEYS = COMMON_OPTIONS.keySet();

    private static Map<String, String> commonOptions() {
        Map<String, String> o = new java.util.LinkedHashMap<>();
        o.put("bootstrap-servers", "required: Kafka bootstrap servers, host:port[,host:port]");
        o.put("kafka-properties", "$NEUROSTREAM_KAFKA_PROPERTIES: Kafka client properties file (security.protocol, sasl.*, "
                + "ssl.*) for every client of the job; NEUROSTREAM_KAFKA_<NAME> variables override single ones");
        o.put("delivery", "exactly-once: or low-latency (idempotent at-least-once sink, linger 0, buffer timeout 0)");
        o.put("group-id", "the job's name: consumer group, transactional id prefix and Flink job name");
        o.put("bounded", "false: true stops the sources at the end offsets seen at start, so the job finishes");
        o.put("checkpoint-dir", "the configuration's, else <tmp>/neurostream-checkpoints/<group-id>: checkpoint folder "
                + "(a cluster needs one all its machines share)");
        o.put("checkpoint-ms", "the configuration's, else 10000: checkpoint interval in both delivery modes (exactly-once "
                + "output becomes visible at each checkpoint)");
        o.put("fail-once-after-inputs", "0 (off): a subtask of the learning operator throws after this many inputs "
                + "in the job's first attempt, to watch the job recover from its last checkpoint");
        o.put("partitions", "2: partitions of topics the job creates when they are missing");
        o.put("replication-factor", "1: replicas of topics the job creates when they are missing");
        for (String topic : List.of("dvs-events", "neural-spikes", "labels", "control", "predictions", "models",
                "dead-letters")) {
            o.put("topic-" + topic, topic.replace("dvs-events", "dvs.events").replace("neural-spikes", "neural.spikes")
                    + ": topic name");
        }
        return java.util.Collections.unmodifiableMap(o);
    }

    private final Map<String, String> values;

    private JobArguments(Map<String, String> values) {
        this.values = values;
    }

    public static JobArguments parse(String[] args, Set<String> jobKeys) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value pairs, got '" + arg + "'");
            }
            String key = arg.substring(2);
            if (!COMMON_KEYS.contains(key) && !jobKeys.contains(key)) {
                throw new IllegalArgumentException("unknown argument --" + key + "; valid: --"
                        + String.join(", --", new java.util.TreeSet<>(union(jobKeys))));
            }
            values.put(key, args[++i]);
        }
        if (!values.containsKey("bootstrap-servers")) {
            throw new IllegalArgumentException("--bootstrap-servers is required (e.g. --bootstrap-servers kafka:9092)");
        }
        if (values.containsKey("kafka-properties")) {
            // A job main builds its Kafka clients in this process: they all get the file's settings
            // (the environment's otherwise). Checked now, so a wrong file fails before anything starts.
            KafkaClientSecurity.useByDefault(KafkaClientSecurity.load(
                    java.nio.file.Path.of(values.get("kafka-properties")), System.getenv()));
        }
        return new JobArguments(values);
    }

    private static Set<String> union(Set<String> jobKeys) {
        Set<String> all = new java.util.HashSet<>(COMMON_KEYS);
        all.addAll(jobKeys);
        return all;
    }

    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        String v = values.get(key);
        try {
            return v == null ? defaultValue : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, got '" + v + "'");
        }
    }

    /** {@code true} or {@code false}; anything else fails naming the option. */
    public boolean getBoolean(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("--" + key + " must be true or false, got '" + v + "'");
    }

    public String bootstrapServers() {
        return values.get("bootstrap-servers");
    }

    /** True if the sources stop at the end offsets seen at start ({@code --bounded true}). */
    public boolean bounded() {
        String v = get("bounded", "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--bounded must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    /**
     * Sends log4j output to the console when a job {@code main} runs outside a cluster (in Flink's
     * local environment, e.g. from an IDE or {@code java -cp}) and no log4j configuration was given;
     * on a cluster Flink's own logging configuration applies and this does nothing.
     */
    public static void logToConsoleOutsideACluster() {
        if (System.getProperty("log4j.configurationFile") != null || System.getProperty("log4j2.configurationFile") != null
                || System.getenv("FLINK_CONF_DIR") != null || System.getProperty("log.file") != null) {
            return;
        }
        System.setProperty("log4j2.configurationFile", "neurostream-console-log4j2.properties");
    }

    public DeliveryMode delivery() {
        return DeliveryMode.parse(get("delivery", "exactly-once"));
    }

    /** Replicas of the topics the job creates if they are missing (default 1: a single-broker setup). */
    public short replicationFactor() {
        long r = getLong("replication-factor", 1);
        if (r < 1 || r > Short.MAX_VALUE) {
            throw new IllegalArgumentException("--replication-factor must be >= 1, got " + r);
        }
        return (short) r;
    }

    /** Creates the job's topics unless they exist ({@link #replicationFactor()} replicas) and returns their names. */
    public NeurostreamTopics createTopics() {
        NeurostreamTopics topics = topics();
        TopicAdmin.createTopics(bootstrapServers(), topics.definitions(replicationFactor()));
        return topics;
    }

    /**
     * The cluster's execution environment, set up so that the job runs exactly once (or at least
     * once in low-latency mode) out of the box:
     * <ul>
     *   <li>the configuration is the cluster's; a {@code main} started outside a cluster (plain
     *       {@code java}) reads {@code config.yaml} from {@code FLINK_CONF_DIR} when that is set;</li>
     *   <li>checkpointing is on in both delivery modes ({@code --checkpoint-ms}, else the
     *       configuration's interval, else 10 s): the exactly-once sink commits on checkpoints, and in
     *       low-latency mode the learned state and source offsets must be checkpointed too, or a
     *       restart would start from the earliest offsets and re-emit everything;</li>
     *   <li>learned state is megabytes per key, more than the JobManager's in-memory checkpoint
     *       storage holds (5 MB): checkpoints go to the file system, to {@code --checkpoint-dir}, else
     *       the configuration's {@code execution.checkpointing.dir}, else a folder under the
     *       temporary directory (right for one machine only: a cluster should name a shared one).</li>
     * </ul>
     */
    public StreamExecutionEnvironment environment() {
        return environment(System.getenv("FLINK_CONF_DIR"));
    }

    /** {@link #environment()} with the configuration folder {@code confDir} (null: none). */
    StreamExecutionEnvironment environment(String confDir) {
        org.apache.flink.configuration.Configuration clusterConfig = new org.apache.flink.configuration.Configuration();
        if (confDir != null && !confDir.isBlank()) {
            clusterConfig = org.apache.flink.configuration.GlobalConfiguration.loadConfiguration(confDir);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(clusterConfig);
        env.configure(checkpointSettings(env.getConfiguration()));
        if (delivery() == DeliveryMode.LOW_LATENCY) {
            env.setBufferTimeout(0);
        }
        return env;
    }

    /**
     * What {@link #environment()} adds to {@code config}: the checkpoint interval (always on) and
     * file-system checkpoint storage in the folder {@link #environment()} describes.
     */
    public org.apache.flink.configuration.Configuration checkpointSettings(
            org.apache.flink.configuration.ReadableConfig config) {
        org.apache.flink.configuration.Configuration settings = new org.apache.flink.configuration.Configuration();
        java.util.Optional<String> configuredDir =
                config.getOptional(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        String dir = values.containsKey("checkpoint-dir") ? values.get("checkpoint-dir")
                : configuredDir.orElse(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                        "neurostream-checkpoints", get("group-id", "job")).toUri().toString());
        settings.setString("execution.checkpointing.storage", "filesystem");
        settings.setString("execution.checkpointing.dir", dir);
        java.util.Optional<java.time.Duration> configuredInterval =
                config.getOptional(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL);
        long intervalMillis = values.containsKey("checkpoint-ms") ? getLong("checkpoint-ms", 10_000)
                : configuredInterval.map(java.time.Duration::toMillis).filter(ms -> ms > 0).orElse(10_000L);
        if (intervalMillis < 10) {
            throw new IllegalArgumentException("--checkpoint-ms must be >= 10, got " + intervalMillis);
        }
        settings.setString("execution.checkpointing.interval", intervalMillis + " ms");
        return settings;
    }

    /** The failure {@code --fail-once-after-inputs} asks for ({@link FailureInjection#NONE} by default). */
    public FailureInjection failureInjection() {
        return FailureInjection.failOnceAfterInputs(getLong("fail-once-after-inputs", 0));
    }

    public NeurostreamTopics topics() {
        NeurostreamTopics d = NeurostreamTopics.defaults((int) getLong("partitions", 2));
        return new NeurostreamTopics(get("topic-dvs-events", d.dvsEvents()), get("topic-neural-spikes", d.neuralSpikes()),
                get("topic-labels", d.labels()), get("topic-control", d.control()),
                get("topic-predictions", d.predictions()), get("topic-models", d.models()),
                get("topic-dead-letters", d.deadLetters()), d.partitions());
    }
}
