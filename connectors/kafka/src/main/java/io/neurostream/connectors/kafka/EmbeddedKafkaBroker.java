package io.neurostream.connectors.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import io.neurostream.connectors.kafka.security.BrokerSecurity;
import io.neurostream.connectors.kafka.security.KafkaClientSecurity;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker (KRaft, combined broker + controller, node 1) running inside this JVM on
 * loopback, with its data in a temporary folder that {@link #close()} deletes, or in a folder of
 * yours that it keeps and reuses on the next start.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {            // any free port, temporary data
 *     kafka.createTopic("dvs.events", 2);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(9092, Path.of("kafka-data"))) { ... }
 * }</pre>
 *
 * The broker's threads are not daemons: always close it (try-with-resources), or the JVM stays up.
 *
 * <p>Secured ({@link #start(int, Path, Map, BrokerSecurity)}): its one client listener is SASL_SSL
 * (SCRAM-SHA-512) or mutual TLS, see {@link BrokerSecurity}. Either way the broker registers what
 * its clients need ({@link #clientSecurity()}) for its address, so every client this process makes
 * for it ({@link KafkaClientSecurity#forServers}) connects.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** What the formatter writes into a data folder: its presence means the folder is formatted. */
    private static final String META_PROPERTIES = "meta.properties";
    /** Broker properties that would put the data elsewhere than in the folder {@code start} prepares. */
    private static final Set<String> DATA_FOLDER_PROPERTIES = Set.of("log.dir", "log.dirs", "metadata.log.dir");

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean temporary;
    private final boolean reusedDataDir;
    private final String bootstrapServers;
    private final BrokerSecurity security;
    private final KafkaClientSecurity clientSecurity;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean temporary, boolean reusedDataDir,
                                String bootstrapServers, BrokerSecurity security) {
        this.security = security;
        this.clientSecurity = security == null ? KafkaClientSecurity.none() : security.clientSecurity();
        this.server = server;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.reusedDataDir = reusedDataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the broker on a free loopback port with its data in a fresh temporary folder. */
    public static EmbeddedKafkaBroker start() {
        return start(0, null, Map.of());
    }

    /** As {@link #start()}, with extra broker properties that override the defaults. */
    public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
        return start(0, null, overrides);
    }

    /**
     * Starts the broker on {@code 127.0.0.1:port} with its data in {@code dataDir}.
     *
     * @param port    the broker's port; 0 for any free one ({@link #bootstrapServers()} tells which)
     * @param dataDir null for a temporary folder that {@link #close()} deletes; else a folder that is kept:
     *                created and formatted if it is missing or empty, reused (topics, records, offsets) if a
     *                broker formatted it before
     * @throws IllegalArgumentException if the port is out of range or in use, or {@code dataDir} holds other files
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /**
     * As {@link #start(int, Path)}, with extra broker properties that override the defaults; the data
     * folder is set by {@code dataDir} only ({@code log.dirs}, {@code log.dir} and {@code metadata.log.dir}
     * are refused).
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> overrides) {
        return start(port, dataDir, overrides, null);
    }

    /**
     * As {@link #start(int, Path, Map)}, secured by {@code security} (null: plaintext). A secured
     * broker creates its SCRAM users when it formats its data folder, so it needs a new one
     * ({@code dataDir} null, missing or empty).
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> overrides,
                                            BrokerSecurity security) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        for (String key : DATA_FOLDER_PROPERTIES) {
            if (overrides.containsKey(key)) {
                throw new IllegalArgumentException("'" + key + "' cannot be overridden: pass the data folder to "
                        + "EmbeddedKafkaBroker.start(port, dataDir)");
            }
        }
        if (port != 0 && !isFree(port)) {
            throw new IllegalArgumentException("port " + port + " on 127.0.0.1 is in use (another Kafka broker?): "
                    + "stop it or choose another port");
        }
        boolean temporary = dataDir == null;
        Path dir = temporary ? createTemporaryFolder() : dataDir.toAbsolutePath().normalize();
        boolean reuse = !temporary && prepare(dir);
        if (reuse && security != null) {
            throw new IllegalArgumentException("a secured broker creates its users when it formats its data folder: "
                    + "give a new or empty data folder instead of " + dir);
        }
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", dir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // KafkaSink's default transaction timeout (1 h) exceeds the broker default (15 min).
        props.put("transaction.max.timeout.ms", "3600000");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        if (security != null) {
            props.putAll(security.brokerProperties(brokerPort, CONTROLLER_LISTENER, controllerPort));
        }
        props.putAll(overrides);
        try {
            KafkaConfig config = new KafkaConfig(props, false);
            if (!reuse) {
                new Formatter()
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .setControllerListenerName(CONTROLLER_LISTENER)
                        .setMetadataLogDirectory(dir.toString())
                        .addDirectory(dir.toString())
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setScramArguments(security == null ? List.of() : security.scramArguments())
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .run();
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, temporary, reuse, bootstrapOf(props),
                    security);
            KafkaClientSecurity.register(broker.bootstrapServers, broker.clientSecurity);
            try {
                server.startup();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (Exception e) {
            if (temporary) {
                TempFolders.deleteQuietly(dir);
            }
            throw new IllegalStateException("embedded Kafka broker failed to start: " + e.getMessage(), e);
        }
    }

    /** {@code host:port} of the broker's listener, as clients should be given it. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's security (CA, users, certificates), or null for a plaintext broker. */
    public BrokerSecurity security() {
        return security;
    }

    /** What a client of this broker needs (plaintext: none; secured: protocol, credentials, CA inline). */
    public KafkaClientSecurity clientSecurity() {
        return clientSecurity;
    }

    /** The folder holding the broker's data (the temporary one if none was given). */
    public Path dataDir() {
        return dataDir;
    }

    /** True if the data folder was formatted by an earlier broker and reused; false if formatted by this start. */
    public boolean reusedDataDir() {
        return reusedDataDir;
    }

    /** Creates a topic (replication 1) unless it exists, and waits until it is usable. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    public void createTopic(String name, int partitions, Map<String, String> configs) {
        TopicAdmin.createTopics(bootstrapServers, List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
    }

    /** Stops the broker; deletes its data folder if it is the temporary one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        KafkaClientSecurity.unregister(bootstrapServers);
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (temporary) {
                TempFolders.deleteQuietly(dataDir);
            }
        }
    }

    /**
     * {@code host:port} of the inter-broker listener as advertised (else as listened on), from the
     * broker's final properties: the defaults or whatever the overrides made of them.
     */
    private static String bootstrapOf(Map<String, String> props) {
        String listener = props.get("inter.broker.listener.name") + "://";
        String advertised = props.get("advertised.listeners");
        String endpoints = advertised == null || advertised.isBlank() ? props.get("listeners") : advertised;
        for (String endpoint : endpoints.split(",")) {
            String e = endpoint.trim();
            if (e.regionMatches(true, 0, listener, 0, listener.length())) {
                return e.substring(listener.length());
            }
        }
        throw new IllegalStateException("no endpoint of listener " + props.get("inter.broker.listener.name")
                + " in '" + endpoints + "'");
    }

    private static Path createTemporaryFolder() {
        try {
            return Files.createTempDirectory("neurostream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the Kafka log", e);
        }
    }

    /**
     * Creates {@code dir} unless it exists; refuses a folder that holds files but no broker's data.
     *
     * @return true if a broker formatted it already (reuse it), false if it is new or empty (format it)
     */
    private static boolean prepare(Path dir) {
        if (Files.isRegularFile(dir.resolve(META_PROPERTIES))) {
            return true;
        }
        try {
            if (Files.isDirectory(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("data folder " + dir + " is neither empty nor a Kafka "
                                + "broker's data folder (no " + META_PROPERTIES + "): choose a new or empty folder");
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dir, e);
        }
        return false;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
