package io.neurostream.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.connectors.kafka.security.KafkaClientSecurity;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job main's {@code --kafka-properties}: every Kafka client the main builds gets the file's settings. */
class JobArgumentsKafkaSecurityTest {
    @AfterEach
    void backToTheEnvironment() {
        KafkaClientSecurity.useByDefault(null);
    }

    @Test
    void theFileConfiguresTheClientsOfTheJobMain(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("client.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.username=decoder
                sasl.password=s3cret-pass
                ssl.truststore.type=PEM
                ssl.truststore.location=/etc/ca.pem
                """);
        JobArguments.parse(new String[] {"--bootstrap-servers", "kafka:9093", "--kafka-properties", file.toString()}, Set.of());

        KafkaClientSecurity used = KafkaClientSecurity.forServers("kafka:9093");
        assertThat(used.protocol()).isEqualTo("SASL_SSL");
        assertThat(used.user()).isEqualTo("decoder");
        assertThat(used.properties()).containsEntry("ssl.truststore.location", "/etc/ca.pem")
                .containsKey("sasl.jaas.config");
        assertThat(used.toString()).doesNotContain("s3cret-pass");
    }

    @Test
    void aWrongFileFailsBeforeAnythingStarts(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> DvsClassifyJob.main(new String[] {"--bootstrap-servers", "k:9092",
                "--kafka-properties", tmp.resolve("missing.properties").toString()}))
                .hasMessageContaining("missing.properties does not exist");
        Path typo = tmp.resolve("typo.properties");
        Files.writeString(typo, "security.protocl=SASL_SSL\n");
        assertThatThrownBy(() -> DvsClassifyJob.main(new String[] {"--bootstrap-servers", "k:9092",
                "--kafka-properties", typo.toString()}))
                .hasMessageContaining("'security.protocl' is not a Kafka client property");
    }
}
