package io.neurostream.connectors.kafka.security;

import io.neurostream.connectors.kafka.security.LocalCertificateAuthority.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The security of a broker started in this process ({@code EmbeddedKafkaBroker}): a CA made on the
 * spot, a broker certificate for {@code localhost}/{@code 127.0.0.1}, and either
 * <ul>
 * <li>{@link #saslSsl}: one client listener, SASL_SSL with SCRAM-SHA-512; the users (the client's
 *     and the broker's own inter-broker user) are created when the data folder is formatted (KRaft
 *     bootstrap SCRAM credentials); or</li>
 * <li>{@link #mutualTls}: one client listener, SSL with client certificates required; the client
 *     certificate is signed by the same CA, its subject is the client's principal.</li>
 * </ul>
 * The controller listener is TLS with client certificates required in both modes (only the broker
 * holds one), so no port of the broker accepts an unauthenticated connection.
 *
 * <pre>{@code
 * BrokerSecurity security = BrokerSecurity.saslSsl("neurostream", password);
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, null, Map.of(), security)) {
 *     KafkaClientSecurity client = kafka.clientSecurity();   // what a client needs (PEM inline)
 *     security.writeClientFiles(folder);                      // client.properties + ca.pem for other processes
 * }
 * }</pre>
 */
public final class BrokerSecurity {
    /** How clients authenticate. */
    public enum Mode {
        /** SASL_SSL with SCRAM-SHA-512 user names and passwords over TLS. */
        SASL_SSL,
        /** SSL with client certificates required (mutual TLS). */
        MUTUAL_TLS
    }

    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    /** The user the broker itself authenticates as on its SASL_SSL listener (transaction markers). */
    static final String INTER_BROKER_USER = "neurostream-broker";
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final Mode mode;
    private final LocalCertificateAuthority ca;
    private final IssuedCertificate brokerCertificate;
    private final String user;
    private final String password;
    private final String interBrokerPassword;
    private final IssuedCertificate clientCertificate;

    private BrokerSecurity(Mode mode, String user, String password, String clientCommonName) {
        this.mode = mode;
        this.ca = LocalCertificateAuthority.create("neurostream-local-ca", VALIDITY);
        this.brokerCertificate = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"), VALIDITY);
        this.user = user;
        this.password = password;
        this.interBrokerPassword = mode == Mode.SASL_SSL ? randomPassword() : null;
        this.clientCertificate = mode == Mode.MUTUAL_TLS ? ca.issue(clientCommonName, List.of(), List.of(), VALIDITY) : null;
    }

    /** SASL_SSL with SCRAM-SHA-512; {@code user} with {@code password} (null: a random one) is created at format time. */
    public static BrokerSecurity saslSsl(String user, String password) {
        checkName(user, "user");
        String p = password == null ? randomPassword() : password;
        if (p.length() < 8 || p.contains("\"") || p.contains("\\") || p.contains(",") || p.contains("]")) {
            throw new IllegalArgumentException("the SCRAM password must have at least 8 characters and none of \" \\ , ]");
        }
        return new BrokerSecurity(Mode.SASL_SSL, user, p, null);
    }

    /** Mutual TLS; a client certificate with subject {@code CN=clientCommonName} is issued. */
    public static BrokerSecurity mutualTls(String clientCommonName) {
        checkName(clientCommonName, "client certificate name");
        return new BrokerSecurity(Mode.MUTUAL_TLS, null, null, clientCommonName);
    }

    public Mode mode() {
        return mode;
    }

    /** The CA that signed the broker's (and client's) certificates; issue more client certificates with it. */
    public LocalCertificateAuthority certificateAuthority() {
        return ca;
    }

    /** The SCRAM user clients log in as (SASL_SSL), or the client certificate's subject (mTLS). */
    public String clientPrincipal() {
        return mode == Mode.SASL_SSL ? user : clientCertificate.subject();
    }

    /** The name of the broker's one client listener, which is also its security protocol. */
    public String listenerName() {
        return mode == Mode.SASL_SSL ? "SASL_SSL" : "SSL";
    }

    /**
     * Broker properties for the client listener {@code listenerName()} on {@code brokerPort} and the
     * controller listener {@code controllerListener} on {@code controllerPort}, both on 127.0.0.1.
     */
    public Map<String, String> brokerProperties(int brokerPort, String controllerListener, int controllerPort) {
        String listener = listenerName();
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", listener + "://127.0.0.1:" + brokerPort + "," + controllerListener + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + brokerPort);
        p.put("inter.broker.listener.name", listener);
        p.put("listener.security.protocol.map", listener + ":" + listener + "," + controllerListener + ":SSL");
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.certificate.chain", brokerCertificate.certificateChainPem());
        p.put("ssl.keystore.key", brokerCertificate.privateKeyPem());
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", ca.certificatePem());
        p.put("listener.name." + controllerListener.toLowerCase(Locale.ROOT) + ".ssl.client.auth", "required");
        if (mode == Mode.SASL_SSL) {
            p.put(prefix + "ssl.client.auth", "none");
            p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            p.put(prefix + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    KafkaClientSecurity.jaasConfig(SCRAM_MECHANISM, INTER_BROKER_USER, interBrokerPassword));
        } else {
            p.put(prefix + "ssl.client.auth", "required");
        }
        return p;
    }

    /** The SCRAM users to create when formatting ({@code Formatter.setScramArguments}); none for mTLS. */
    public List<String> scramArguments() {
        if (mode != Mode.SASL_SSL) {
            return List.of();
        }
        return List.of(scram(INTER_BROKER_USER, interBrokerPassword), scram(user, password));
    }

    private static String scram(String name, String secret) {
        return SCRAM_MECHANISM + "=[name=" + name + ",password=\"" + secret + "\"]";
    }

    /** What a client of this broker needs, certificates inline (no files). */
    public KafkaClientSecurity clientSecurity() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", listenerName());
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", ca.certificatePem());
        if (mode == Mode.SASL_SSL) {
            p.put("sasl.mechanism", SCRAM_MECHANISM);
            p.put(KafkaClientSecurity.USERNAME, user);
            p.put(KafkaClientSecurity.PASSWORD, password);
        } else {
            p.put("ssl.keystore.type", "PEM");
            p.put("ssl.keystore.certificate.chain", clientCertificate.certificateChainPem());
            p.put("ssl.keystore.key", clientCertificate.privateKeyPem());
        }
        return KafkaClientSecurity.of(p);
    }

    /**
     * Writes what a client in another process needs into {@code folder}: {@code ca.pem}, for mTLS
     * {@code client-keystore.pem} (key and certificate), and {@code client.properties} naming them
     * (with the SCRAM password for SASL_SSL), in Kafka's own property names, so Kafka's tools and
     * any Java client read it too. Files with secrets are readable by their owner only.
     *
     * @return the path of {@code client.properties} (for {@code --kafka-properties})
     */
    public Path writeClientFiles(Path folder) {
        try {
            Files.createDirectories(folder);
            Path caFile = folder.resolve("ca.pem");
            Files.writeString(caFile, ca.certificatePem(), StandardCharsets.US_ASCII);
            StringBuilder props = new StringBuilder("# Neurostream client settings for the broker started with --security "
                    + (mode == Mode.SASL_SSL ? "sasl-ssl" : "mtls") + "\n");
            props.append("security.protocol=").append(listenerName()).append('\n');
            props.append("ssl.truststore.type=PEM\n");
            props.append("ssl.truststore.location=").append(escape(caFile.toAbsolutePath().toString())).append('\n');
            if (mode == Mode.SASL_SSL) {
                props.append("sasl.mechanism=").append(SCRAM_MECHANISM).append('\n');
                // the standard property, so Kafka's own tools (--command-config) read the file too
                props.append("sasl.jaas.config=").append(KafkaClientSecurity.jaasConfig(SCRAM_MECHANISM, user, password))
                        .append('\n');
            } else {
                Path keystore = folder.resolve("client-keystore.pem");
                writeOwnerOnly(keystore, clientCertificate.keyStorePem());
                props.append("ssl.keystore.type=PEM\n");
                props.append("ssl.keystore.location=").append(escape(keystore.toAbsolutePath().toString())).append('\n');
            }
            Path file = folder.resolve("client.properties");
            writeOwnerOnly(file, props.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the client files into " + folder, e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String escape(String path) {
        return path.replace("\\", "\\\\");
    }

    private static void checkName(String name, String what) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("the " + what + " must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder s = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
