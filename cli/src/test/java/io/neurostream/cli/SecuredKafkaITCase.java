package io.neurostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secured Kafka as a person uses it: {@code neurostream broker --security sasl-ssl|mtls} (a CA and
 * certificates made on the spot, SCRAM users created at format time, no plaintext listener), then
 * other commands with {@code --kafka-properties client.properties} as that broker wrote it.
 *
 * <p>The clients are pointed at {@code localhost:<port>}: the broker registered its settings for
 * {@code 127.0.0.1:<port>} in this JVM, so only the file configures them, as in another process.
 */
class SecuredKafkaITCase {
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password=\"([^\"]+)\"");

    private static Path sample() {
        return Path.of(System.getProperty("neurostream.data", "../../shared/data"))
                .resolve("event-camera/nmnist/sample_nmnist.bin");
    }

    @Test
    void demoRunsThroughSaslSslAndAWrongPasswordIsRefusedPlainly(@TempDir Path tmp) throws Exception {
        Path clientDir = tmp.resolve("client");
        try (BrokerCommandTest.Running broker = new BrokerCommandTest.Running("--port", "0", "--security", "sasl-ssl",
                "--client-config-dir", clientDir.toString())) {
            String port = broker.awaitReady().split(":")[1];
            String bootstrap = "localhost:" + port;
            Path clientProperties = clientDir.resolve("client.properties");
            String password = passwordIn(clientProperties);
            assertThat(broker.out.toString()).contains("security: SASL_SSL (SCRAM-SHA-512), user 'neurostream'")
                    .contains("--kafka-properties " + clientProperties).doesNotContain(password);

            Path json = tmp.resolve("demo.json");
            StringWriter logs = new StringWriter();
            CommandOutput demo;
            try (LogCapture capture = new LogCapture(logs)) {
                demo = CommandOutput.run("demo", "--bootstrap-servers", bootstrap, "--kafka-properties",
                        clientProperties.toString(), "--train", "60", "--test", "10", "--partitions", "1",
                        "--parallelism", "1", "--inject-malformed", "1", "--json", json.toString(),
                        "--confusion-png", tmp.resolve("confusion.png").toString(), "--timeout-s", "300");
            }
            assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
            String summary = Files.readString(json);
            assertThat(summary).contains("\"completed\": true").contains("\"samples\": 70")
                    .contains("\"missingPredictions\": 0").contains("\"duplicatePredictions\": 0")
                    .contains("\"deadLetters\": 1");
            // the clients' configuration was logged (so the check below is not vacuous), masked
            assertThat(logs.toString()).contains("sasl.jaas.config = [hidden]").contains("security.protocol = SASL_SSL");
            for (String text : new String[] {demo.out(), demo.err(), summary, logs.toString(), broker.out.toString(),
                    broker.err.toString()}) {
                assertThat(text).doesNotContain(password);
            }

            Path wrong = tmp.resolve("wrong.properties");
            Files.writeString(wrong, Files.readString(clientProperties).replace(password, "not-the-password"));
            CommandOutput refused = CommandOutput.run("replay", "--bootstrap-servers", bootstrap, "--kafka-properties",
                    wrong.toString(), "--max", sample().toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err().strip()).isEqualTo("error: Kafka refused the connection to " + bootstrap
                    + ": authentication failed for user 'neurostream' (SASL_SSL, SCRAM-SHA-512): check the user name "
                    + "and password");
        }
    }

    @Test
    void mutualTlsTakesTheClientCertificateAndRefusesAClientWithout(@TempDir Path tmp) throws Exception {
        Path clientDir = tmp.resolve("client");
        try (BrokerCommandTest.Running broker = new BrokerCommandTest.Running("--port", "0", "--security", "mtls",
                "--client-config-dir", clientDir.toString())) {
            String bootstrap = "localhost:" + broker.awaitReady().split(":")[1];
            Path clientProperties = clientDir.resolve("client.properties");
            assertThat(broker.out.toString()).contains("security: mutual TLS, client certificate CN=neurostream");
            String keyPem = Files.readString(clientDir.resolve("client-keystore.pem"));
            assertThat(keyPem).contains("-----BEGIN PRIVATE KEY-----");

            CommandOutput replay = CommandOutput.run("replay", "--bootstrap-servers", bootstrap, "--kafka-properties",
                    clientProperties.toString(), "--max", sample().toString());
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("events        4,325");

            Properties noCertificate = new Properties();
            try (var in = Files.newBufferedReader(clientProperties)) {
                noCertificate.load(in);
            }
            noCertificate.remove("ssl.keystore.location");
            noCertificate.remove("ssl.keystore.type");
            Path without = tmp.resolve("no-certificate.properties");
            try (var out = Files.newBufferedWriter(without)) {
                noCertificate.store(out, null);
            }
            CommandOutput refused = CommandOutput.run("replay", "--bootstrap-servers", bootstrap, "--kafka-properties",
                    without.toString(), "--max", sample().toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err().strip()).isEqualTo("error: Kafka refused the connection to " + bootstrap
                    + ": authentication failed for this client (SSL, no client certificate given): check the "
                    + "certificate (ssl.keystore.*)");
            assertThat(keyPem.lines().filter(l -> !l.startsWith("-----")).toList())
                    .noneMatch(line -> replay.out().contains(line) || refused.err().contains(line));
        }
    }

    @Test
    void wrongSecurityOptionsFailBeforeAnythingStarts(@TempDir Path tmp) throws Exception {
        CommandOutput tls = CommandOutput.run("broker", "--port", "0", "--security", "tls");
        assertThat(tls.exitCode()).isEqualTo(1);
        assertThat(tls.err()).contains("--security must be none, sasl-ssl or mtls, got 'tls'");
        Path typo = tmp.resolve("typo.properties");
        Files.writeString(typo, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.usename=x\n");
        CommandOutput replay = CommandOutput.run("replay", "--bootstrap-servers", "localhost:1", "--kafka-properties",
                typo.toString(), "--max", sample().toString());
        assertThat(replay.exitCode()).isEqualTo(2);
        assertThat(replay.err()).contains("--kafka-properties: properties file " + typo
                + ": 'sasl.usename' is not a Kafka client property");
    }

    private static String passwordIn(Path clientProperties) throws Exception {
        Matcher m = JAAS_PASSWORD.matcher(Files.readString(clientProperties));
        assertThat(m.find()).as("a SCRAM password in " + clientProperties).isTrue();
        return m.group(1);
    }

    /** Everything logged at INFO and above while open goes to {@code target} too. */
    private static final class LogCapture implements AutoCloseable {
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        private final WriterAppender appender;
        private final Level rootLevel;

        LogCapture(StringWriter target) {
            Configuration config = context.getConfiguration();
            appender = WriterAppender.newBuilder().setName("secured-kafka-capture").setTarget(target)
                    .setLayout(PatternLayout.newBuilder().withPattern("%c - %m%n%throwable").build()).build();
            appender.start();
            config.addAppender(appender);
            LoggerConfig root = config.getRootLogger();
            rootLevel = root.getLevel();
            root.addAppender(appender, Level.INFO, null);
            root.setLevel(Level.INFO);
            context.updateLoggers();
        }

        @Override
        public void close() {
            LoggerConfig root = context.getConfiguration().getRootLogger();
            root.removeAppender(appender.getName());
            root.setLevel(rootLevel);
            context.updateLoggers();
            appender.stop();
        }
    }
}
