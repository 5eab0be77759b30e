package io.neurostream.cli;

import static io.neurostream.connectors.kafka.KafkaTestClients.consumeAll;
import static io.neurostream.connectors.kafka.KafkaTestClients.describeTopics;
import static io.neurostream.connectors.kafka.KafkaTestClients.freePort;
import static io.neurostream.connectors.kafka.KafkaTestClients.produce;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code neurostream broker} in a thread: a real broker on the port asked for, its topics, stop as Ctrl-C does. */
class BrokerCommandTest {
    private static final Set<String> DEFAULT_TOPICS = Set.of("dvs.events", "neural.spikes", "labels", "control",
            "predictions", "models", "dead-letters");

    /** A running command: its instance, thread, exit code and what it printed. */
    static final class Running implements AutoCloseable {
        final BrokerCommand command = new BrokerCommand();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Thread thread;
        volatile Integer exitCode;

        Running(String... args) {
            CommandLine cli = new CommandLine(command);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> exitCode = cli.execute(args), "broker-command");
            thread.start();
        }

        String awaitReady() throws Exception {
            String bootstrap = command.awaitReady(Duration.ofSeconds(60));
            assertThat(bootstrap).as("the command ended before it was ready; stderr:\n" + err).isNotNull();
            return bootstrap;
        }

        int stop() throws InterruptedException {
            command.stop();
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as("command still running 60 s after stop").isFalse();
            return exitCode;
        }

        @Override
        public void close() throws InterruptedException {
            if (thread.isAlive()) {
                stop();
            }
        }
    }

    @Test
    void servesOnTheGivenPortWithTheDefaultTopicsAndKeepsItsDataDir(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("kafka-data");
        int port = freePort();
        String bootstrap;
        try (Running broker = new Running("--port", Integer.toString(port), "--data-dir", data.toString())) {
            bootstrap = broker.awaitReady();
            assertThat(bootstrap).isEqualTo("127.0.0.1:" + port);

            Map<String, TopicDescription> topics = describeTopics(bootstrap);
            assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(DEFAULT_TOPICS);
            assertThat(topics.get("dvs.events").partitions()).hasSize(2);
            assertThat(topics.get("control").partitions()).hasSize(1);

            produce(bootstrap, "labels", "s1", "first");
            assertThat(consumeAll(bootstrap, "labels", 1)).containsExactly("s1=first");

            assertThat(broker.stop()).isZero();
            String out = broker.out.toString();
            assertThat(out).contains("Kafka broker ready at 127.0.0.1:" + port)
                    .contains("neurostream replay FILE --bootstrap-servers 127.0.0.1:" + port)
                    .contains("kcat -b 127.0.0.1:" + port)
                    .contains("new data folder");
        }
        assertThat(data.resolve("meta.properties")).exists();

        // the same data folder on another port, without creating topics: the record is still there
        int otherPort = freePort();
        try (Running again = new Running("--port", Integer.toString(otherPort), "--data-dir", data.toString(),
                "--no-topics")) {
            String second = again.awaitReady();
            assertThat(second).isEqualTo("127.0.0.1:" + otherPort);
            assertThat(describeTopics(second).keySet()).containsExactlyInAnyOrderElementsOf(DEFAULT_TOPICS);
            assertThat(consumeAll(second, "labels", 1)).containsExactly("s1=first");
            assertThat(again.stop()).isZero();
            assertThat(again.out.toString()).contains("reusing data folder").contains("none created (--no-topics)");
        }
    }

    @Test
    void noTopicsStartsAnEmptyBroker() throws Exception {
        try (Running broker = new Running("--port", "0", "--no-topics")) {
            String bootstrap = broker.awaitReady();
            assertThat(describeTopics(bootstrap)).isEmpty();
            assertThat(broker.stop()).isZero();
        }
    }

    @Test
    void aPortInUseFailsSayingSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Running broker = new Running("--port", Integer.toString(taken.getLocalPort()))) {
            assertThat(broker.command.awaitReady(Duration.ofSeconds(30))).isNull();
            broker.thread.join(30_000);
            assertThat(broker.exitCode).isNotZero();
            assertThat(broker.err.toString()).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
        }
    }
}
