package io.neurostream.connectors.kafka;

import static io.neurostream.connectors.kafka.KafkaTestClients.consumeAll;
import static io.neurostream.connectors.kafka.KafkaTestClients.freePort;
import static io.neurostream.connectors.kafka.KafkaTestClients.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EmbeddedKafkaBroker#start(int, Path)}: the port asked for, and a data folder kept across restarts. */
class EmbeddedKafkaBrokerPortAndDataITCase {

    @Test
    void servesOnTheGivenPortAndDeletesItsTemporaryFolder() throws Exception {
        int port = freePort();
        Path data;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(port, null)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            data = kafka.dataDir();
            assertThat(data.resolve("meta.properties")).isRegularFile();
            assertThat(kafka.reusedDataDir()).isFalse();
            kafka.createTopic("t", 1);
            produce(kafka.bootstrapServers(), "t", "k", "v");
            assertThat(consumeAll(kafka.bootstrapServers(), "t", 1)).containsExactly("k=v");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void aDataFolderKeepsTopicsAndRecordsAcrossRestartsOnAnotherPort(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("kafka-data");
        String first;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, data)) {
            first = kafka.bootstrapServers();
            assertThat(kafka.dataDir()).isEqualTo(data.toAbsolutePath());
            assertThat(kafka.reusedDataDir()).as("formatted now").isFalse();
            kafka.createTopic("labels", 2);
            produce(first, "labels", "s1", "first");
        }
        assertThat(data.resolve("meta.properties")).as("kept after close").isRegularFile();

        int otherPort = freePort();
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(otherPort, data)) {
            assertThat(again.bootstrapServers()).isEqualTo("127.0.0.1:" + otherPort).isNotEqualTo(first);
            assertThat(again.reusedDataDir()).isTrue();
            assertThat(consumeAll(again.bootstrapServers(), "labels", 1)).containsExactly("s1=first");
        }
        assertThat(data.resolve("meta.properties")).isRegularFile();
    }

    @Test
    void bootstrapServersFollowsListenerOverrides() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port,
                "controller.quorum.voters", "1@127.0.0.1:" + controllerPort))) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            kafka.createTopic("t", 1);
        }
    }

    @Test
    void refusesAPortInUseAForeignFolderAndDataFolderOverrides(@TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(taken.getLocalPort(), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
        }
        Files.writeString(tmp.resolve("notes.txt"), "not Kafka's");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(0, tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither empty nor a Kafka broker's data folder");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(-1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(Map.of("log.dirs", tmp.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start(port, dataDir)");
    }
}
