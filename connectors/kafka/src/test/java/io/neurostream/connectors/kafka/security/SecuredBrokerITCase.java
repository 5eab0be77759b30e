package io.neurostream.connectors.kafka.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.RecordProducer;
import io.neurostream.connectors.kafka.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker secured for real: a CA and certificates made in the test, a client listener
 * that is SASL_SSL (SCRAM-SHA-512 users created at format time) or mutual TLS, nothing plaintext.
 * Right credentials read and write; a wrong password, a missing client certificate and a plaintext
 * client are refused, with a message that says so rather than a timeout.
 */
class SecuredBrokerITCase {
    private static final List<NewTopic> TOPIC = List.of(new NewTopic("secured", 1, (short) 1));

    @Test
    void saslSslWithScramAcceptsTheUserAndRefusesAWrongPassword(@TempDir Path folder) throws Exception {
        String password = "right-password-" + System.nanoTime();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, null, Map.of(),
                BrokerSecurity.saslSsl("neurostream", password))) {
            String bootstrap = kafka.bootstrapServers();
            assertThat(kafka.clientSecurity().describe()).isEqualTo("SASL_SSL, SCRAM-SHA-512 as user 'neurostream', no client certificate");
            assertThat(kafka.clientSecurity().toString()).doesNotContain(password).contains("sasl.jaas.config=[hidden]");

            // the settings a person's client gets from the written file: nothing of this JVM's registry
            KafkaClientSecurity fromFile = KafkaClientSecurity.fromFile(writeClientFiles(kafka, folder));
            TopicAdmin.createTopics(bootstrap, fromFile, TOPIC);
            try (RecordProducer producer = new RecordProducer(bootstrap, fromFile, 0, 1 << 20)) {
                producer.send("secured", "k", "over SASL_SSL".getBytes(StandardCharsets.UTF_8));
                producer.flush();
            }
            assertThat(readAll(bootstrap, fromFile, "secured")).containsExactly("k=over SASL_SSL");

            KafkaClientSecurity wrong = KafkaClientSecurity.of(Map.of("security.protocol", "SASL_SSL",
                    "sasl.mechanism", "SCRAM-SHA-512", "sasl.username", "neurostream", "sasl.password", "wrong-password",
                    "ssl.truststore.type", "PEM", "ssl.truststore.certificates",
                    kafka.clientSecurity().properties().get("ssl.truststore.certificates")));
            long start = System.nanoTime();
            assertThatThrownBy(() -> TopicAdmin.createTopics(bootstrap, wrong, TOPIC))
                    .isInstanceOf(KafkaClientSecurity.KafkaRefusedException.class)
                    .hasMessageContaining("Kafka refused the connection")
                    .hasMessageContaining("authentication failed for user 'neurostream'")
                    .hasMessageContaining("check the user name and password")
                    .hasMessageNotContaining("wrong-password");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at once, not after the admin timeout")
                    .isLessThan(Duration.ofSeconds(30));
            try (RecordProducer producer = new RecordProducer(bootstrap, wrong, 0, 1 << 20)) {
                assertThatThrownBy(() -> {
                    producer.send("secured", "k", new byte[1]);
                    producer.flush();
                }).hasMessageContaining("authentication failed for user 'neurostream'");
            }

            // no plaintext door: a client without security settings gets nowhere
            Properties plain = new Properties();
            plain.put("bootstrap.servers", bootstrap);
            plain.put("request.timeout.ms", "1000");
            plain.put("default.api.timeout.ms", "1500");
            try (Admin admin = Admin.create(plain)) {
                assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
            }
        }
    }

    @Test
    void mutualTlsAcceptsTheCertificateAndRefusesAClientWithout(@TempDir Path folder) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, null, Map.of(),
                BrokerSecurity.mutualTls("neurostream-client"))) {
            String bootstrap = kafka.bootstrapServers();
            KafkaClientSecurity fromFile = KafkaClientSecurity.fromFile(writeClientFiles(kafka, folder));
            assertThat(fromFile.describe()).isEqualTo("SSL, with a client certificate");
            TopicAdmin.createTopics(bootstrap, fromFile, TOPIC);
            try (RecordProducer producer = new RecordProducer(bootstrap, fromFile, 0, 1 << 20)) {
                producer.send("secured", "k", "over mTLS".getBytes(StandardCharsets.UTF_8));
                producer.flush();
            }
            assertThat(readAll(bootstrap, fromFile, "secured")).containsExactly("k=over mTLS");

            Map<String, String> noCertificate = new HashMap<>(fromFile.properties());
            noCertificate.remove("ssl.keystore.type");
            noCertificate.remove("ssl.keystore.location");
            assertThatThrownBy(() -> TopicAdmin.createTopics(bootstrap, KafkaClientSecurity.of(noCertificate), TOPIC))
                    .isInstanceOf(KafkaClientSecurity.KafkaRefusedException.class)
                    .hasMessageContaining("Kafka refused the connection")
                    .hasMessageContaining("no client certificate given");

            // a certificate from another CA is no better
            LocalCertificateAuthority stranger = LocalCertificateAuthority.create("someone-else", Duration.ofDays(1));
            var foreign = stranger.issue("intruder", List.of(), List.of(), Duration.ofDays(1));
            Map<String, String> foreignCertificate = new HashMap<>(noCertificate);
            foreignCertificate.put("ssl.keystore.type", "PEM");
            foreignCertificate.put("ssl.keystore.certificate.chain", foreign.certificateChainPem());
            foreignCertificate.put("ssl.keystore.key", foreign.privateKeyPem());
            assertThatThrownBy(() -> TopicAdmin.createTopics(bootstrap, KafkaClientSecurity.of(foreignCertificate), TOPIC))
                    .isInstanceOf(KafkaClientSecurity.KafkaRefusedException.class)
                    .hasMessageContaining("client certificate rejected");

            // and a client that trusts another CA does not trust this broker
            Map<String, String> otherTrust = new HashMap<>(fromFile.properties());
            otherTrust.remove("ssl.truststore.location");
            otherTrust.put("ssl.truststore.certificates", stranger.certificatePem());
            assertThatThrownBy(() -> TopicAdmin.createTopics(bootstrap, KafkaClientSecurity.of(otherTrust), TOPIC))
                    .isInstanceOf(KafkaClientSecurity.KafkaRefusedException.class)
                    .hasMessageContaining("the broker's certificate is not trusted");
        }
    }

    private static Path writeClientFiles(EmbeddedKafkaBroker kafka, Path folder) {
        return kafka.security().writeClientFiles(folder);
    }

    private static List<String> readAll(String bootstrap, KafkaClientSecurity security, String topic) {
        Properties props = security.applyTo(new Properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<String> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long deadline = System.currentTimeMillis() + 30_000;
            while (read.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.key() + "=" + r.value()));
            }
        }
        return read;
    }
}
