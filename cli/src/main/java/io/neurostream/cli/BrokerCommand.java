package io.neurostream.cli;

import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TempFolders;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.security.BrokerSecurity;
import java.nio.file.Files;
import java.util.Map;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neurostream broker}: the embedded Kafka broker (KRaft, broker + controller, loopback) alone,
 * on a fixed port, with Neurostream's topics, until Ctrl-C. Replays, jobs on a Flink cluster and
 * plain Kafka clients can then share one broker without a Kafka installation.
 *
 * <p>The port and data folder are {@link EmbeddedKafkaBroker#start(int, Path)}'s: a data folder is
 * formatted the first time and reused afterwards.
 *
 * <p>{@code --security sasl-ssl} or {@code mtls} secures it ({@link BrokerSecurity}): a CA made on
 * the spot, a SASL_SSL (SCRAM-SHA-512) or mutual-TLS listener only, and the files a client needs
 * ({@code client.properties} for {@code --kafka-properties}, {@code ca.pem}, the client key) in
 * {@code --client-config-dir}. The password is never printed: it is in that owner-only file.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs a Kafka broker (KRaft, in this process, on 127.0.0.1) until Ctrl-C,",
                "with Neurostream's topics, for replays, jobs and any Kafka client to share."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port of the broker on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port = 9092;

    @Option(names = "--data-dir", description = "Keep the broker's data in this folder and reuse it on the next start "
            + "(default: a temporary folder, deleted on exit).")
    Path dataDir;

    @Option(names = "--no-topics", description = "Do not create the default topics.")
    boolean noTopics;

    @Option(names = "--partitions", description = "Partitions of the data topics it creates (default: ${DEFAULT-VALUE}).")
    int partitions = 2;

    /** Environment variable with the SCRAM password of --user (a command line is visible to every local user). */
    static final String PASSWORD_VARIABLE = "NEUROSTREAM_BROKER_PASSWORD";

    @Option(names = "--security", description = "none (default: plaintext), sasl-ssl (SCRAM-SHA-512 over TLS) or mtls "
            + "(TLS client certificates): a CA is made on the spot; the client files go to --client-config-dir.")
    String security = "none";

    @Option(names = "--user", description = "sasl-ssl: the SCRAM user to create (default: ${DEFAULT-VALUE}); its password "
            + "is $" + PASSWORD_VARIABLE + ", else a random one written to client.properties. "
            + "mtls: the client certificate's CN.")
    String user = "neurostream";

    @Option(names = "--client-config-dir", description = "With --security: write client.properties, ca.pem (and the "
            + "mTLS client key) here (default: a temporary folder, deleted on exit).")
    Path clientConfigDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    @Override
    public Integer call() throws Exception {
        try {
            return serve();
        } finally {
            ready.complete(null); // ended before it was ready (wrong option, port in use, start failed)
        }
    }

    private int serve() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("starting Kafka broker (KRaft, loopback) on " + (port == 0 ? "a free port" : "127.0.0.1:" + port)
                + " ...");
        out.flush();
        BrokerSecurity brokerSecurity = switch (security) {
            case "none" -> null;
            case "sasl-ssl" -> BrokerSecurity.saslSsl(user, System.getenv(PASSWORD_VARIABLE));
            case "mtls" -> BrokerSecurity.mutualTls(user);
            default -> throw new IllegalArgumentException("--security must be none, sasl-ssl or mtls, got '" + security + "'");
        };
        if (brokerSecurity == null && clientConfigDir != null) {
            throw new IllegalArgumentException("--client-config-dir needs --security sasl-ssl or mtls");
        }
        Path clientFolder = brokerSecurity == null ? null
                : clientConfigDir != null ? clientConfigDir : Files.createTempDirectory("neurostream-kafka-client-");
        Path clientProperties = brokerSecurity == null ? null : brokerSecurity.writeClientFiles(clientFolder);
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(port, dataDir, Map.of(), brokerSecurity);
        } catch (RuntimeException e) {
            deleteTemporary(clientFolder);
            throw e;
        }
        Thread hook = new Thread(() -> {
            out.println();
            out.println("stopping the broker ...");
            out.flush();
            stop.countDown();
            broker.close();
            deleteTemporary(clientFolder);
            out.println("broker stopped");
            out.flush();
        }, "neurostream-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String bootstrap = broker.bootstrapServers();
            if (dataDir != null) {
                out.println((broker.reusedDataDir() ? "reusing data folder " : "new data folder ") + broker.dataDir());
            }
            NeurostreamTopics topics = NeurostreamTopics.defaults(partitions);
            if (!noTopics) {
                TopicAdmin.createTopics(bootstrap, topics.definitions());
            }
            out.print(describe(bootstrap, topics, broker.security(), clientProperties));
            out.flush();
            ready.complete(bootstrap);
            stop.await();
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                broker.close();
                deleteTemporary(clientFolder);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook closes the broker
            }
        }
    }

    private void deleteTemporary(Path clientFolder) {
        if (clientFolder != null && clientConfigDir == null) {
            TempFolders.deleteQuietly(clientFolder);
        }
    }

    private String describe(String bootstrap, NeurostreamTopics topics, BrokerSecurity secured, Path clientProperties) {
        StringBuilder s = new StringBuilder();
        s.append("Kafka broker ready at ").append(bootstrap).append(" (Ctrl-C to stop)\n");
        String kafkaProperties = "";
        if (secured != null) {
            s.append("  security: ").append(secured.mode() == BrokerSecurity.Mode.SASL_SSL
                    ? "SASL_SSL (SCRAM-SHA-512), user '" + secured.clientPrincipal() + "'"
                    : "mutual TLS, client certificate " + secured.clientPrincipal())
                    .append("; no plaintext listener; CA made for this broker\n");
            s.append("  client settings: ").append(clientProperties)
                    .append(secured.mode() == BrokerSecurity.Mode.SASL_SSL ? " (holds the password; owner-only)"
                            : " (names the client key; owner-only)").append('\n');
            kafkaProperties = " --kafka-properties " + clientProperties;
        }
        if (noTopics) {
            s.append("  topics: none created (--no-topics)\n");
        } else {
            s.append("  topics:");
            for (NewTopic t : topics.definitions()) {
                s.append(' ').append(t.name()).append(" (").append(t.numPartitions()).append(')');
            }
            s.append('\n');
        }
        s.append("  data: ").append(dataDir == null ? "temporary, deleted on exit" : dataDir.toAbsolutePath()).append('\n');
        s.append("try:\n");
        s.append("  neurostream replay FILE --bootstrap-servers ").append(bootstrap).append(kafkaProperties).append('\n');
        if (secured == null) {
            s.append("  kcat -b ").append(bootstrap).append(" -L\n");
            s.append("  kcat -b ").append(bootstrap).append(" -C -t dead-letters -e -f '%t %p %o %k\\n'\n");
        } else {
            s.append("  neurostream demo --bootstrap-servers ").append(bootstrap).append(kafkaProperties).append('\n');
            s.append("  kafka-topics.sh --bootstrap-server ").append(bootstrap).append(" --command-config ")
                    .append(clientProperties).append(" --list\n");
        }
        s.append("  flink run -c io.neurostream.jobs.dvs.DvsClassifyJob neurostream-jobs-*-job.jar --bootstrap-servers ")
                .append(bootstrap).append(kafkaProperties).append('\n');
        return s.toString();
    }

    /** The bootstrap address once the broker serves and its topics exist; null if the command ended first. */
    String awaitReady(Duration timeout) throws Exception {
        return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops a running command as Ctrl-C does (the broker is closed before {@link #call()} returns). */
    void stop() {
        stop.countDown();
    }
}
