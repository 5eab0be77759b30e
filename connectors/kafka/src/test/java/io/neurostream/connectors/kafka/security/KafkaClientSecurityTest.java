package io.neurostream.connectors.kafka.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {
    private static final String PASSWORD = "pa55-word-never-shown";

    @AfterEach
    void backToTheEnvironment() {
        KafkaClientSecurity.useByDefault(null);
    }

    @Test
    void environmentVariablesMapToClientPropertiesAndOverrideTheFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("client.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="old" password="old-password";
                ssl.truststore.type=PEM
                ssl.truststore.location=/from/file.pem
                """);
        KafkaClientSecurity s = KafkaClientSecurity.load(null, Map.of(
                "NEUROSTREAM_KAFKA_PROPERTIES", file.toString(),
                "NEUROSTREAM_KAFKA_SSL_TRUSTSTORE_LOCATION", "/from/env.pem",
                "NEUROSTREAM_KAFKA_SASL_USERNAME", "alice",
                "NEUROSTREAM_KAFKA_SASL_PASSWORD", PASSWORD,
                "NEUROSTREAM_NO_BUILD", "1", "PATH", "/usr/bin"));
        assertThat(s.properties()).containsEntry("ssl.truststore.location", "/from/env.pem")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"alice\" password=\"" + PASSWORD + "\";")
                .doesNotContainKeys("sasl.username", "sasl.password", "no.build", "path");
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.describe()).isEqualTo("SASL_SSL, SCRAM-SHA-512 as user 'alice', no client certificate");
        assertThat(s.toString()).doesNotContain(PASSWORD).doesNotContain("old-password")
                .contains("sasl.jaas.config=[hidden]").contains("/from/env.pem");
        assertThat(s.applyTo(new Properties())).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void secretsAreMaskedWhateverTheirForm() {
        assertThat(List.of("sasl.jaas.config", "ssl.keystore.password", "ssl.key.password", "ssl.truststore.password",
                "ssl.keystore.key", "ssl.keystore.certificate.chain", "ssl.truststore.certificates", "sasl.password"))
                .allMatch(KafkaClientSecurity::isSecret);
        assertThat(List.of("security.protocol", "sasl.mechanism", "ssl.truststore.location", "ssl.keystore.type"))
                .noneMatch(KafkaClientSecurity::isSecret);
        KafkaClientSecurity mtls = KafkaClientSecurity.of(Map.of("security.protocol", "SSL",
                "ssl.keystore.type", "PEM", "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----secret",
                "ssl.keystore.certificate.chain", "chain"));
        assertThat(mtls.toString()).doesNotContain("BEGIN PRIVATE KEY");
        assertThat(mtls.describe()).isEqualTo("SSL, with a client certificate");
    }

    @Test
    void wrongSettingsFailSayingWhatToFix() {
        assertThatThrownBy(() -> KafkaClientSecurity.load(null, Map.of("NEUROSTREAM_KAFKA_SASL_PASWORD", "x")))
                .hasMessageContaining("environment variable NEUROSTREAM_KAFKA_SASL_PASWORD")
                .hasMessageContaining("'sasl.pasword' is not a Kafka client property")
                .hasMessageNotContaining(": x");
        assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("security.protocol", "SASL_SSL")))
                .hasMessageContaining("needs credentials");
        assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("security.protocol", "TLS")))
                .hasMessageContaining("must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
        assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("bootstrap.servers", "k:1")))
                .hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("sasl.username", "a")))
                .hasMessageContaining("give both sasl.username and sasl.password");
        assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "GSSAPI",
                "sasl.username", "a", "sasl.password", "b"))).hasMessageContaining("SCRAM-SHA-512");
    }

    @Test
    void aBrokerOfThisProcessWinsOverTheDefaultForItsAddressOnly() {
        KafkaClientSecurity secured = KafkaClientSecurity.of(Map.of("security.protocol", "SSL"));
        KafkaClientSecurity.useByDefault(secured);
        KafkaClientSecurity.register("127.0.0.1:1", KafkaClientSecurity.none());
        try {
            assertThat(KafkaClientSecurity.forServers("127.0.0.1:1")).isSameAs(KafkaClientSecurity.none());
            assertThat(KafkaClientSecurity.forServers("kafka:9093")).isSameAs(secured);
        } finally {
            KafkaClientSecurity.unregister("127.0.0.1:1");
        }
        assertThat(KafkaClientSecurity.forServers("127.0.0.1:1")).isSameAs(secured);
    }

    @Test
    void certificatesChainToTheirCaAndNameTheBroker() throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.create("test-ca", Duration.ofDays(1));
        var broker = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        ca.certificate().verify(ca.certificate().getPublicKey());
        broker.certificate().verify(ca.certificate().getPublicKey());
        broker.certificate().checkValidity();
        assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(broker.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(broker.certificate().getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(broker.subject()).isEqualTo("CN=localhost");
        assertThat(broker.keyStorePem()).startsWith("-----BEGIN PRIVATE KEY-----")
                .contains("-----BEGIN CERTIFICATE-----");
        LocalCertificateAuthority other = LocalCertificateAuthority.create("other-ca", Duration.ofDays(1));
        assertThatThrownBy(() -> broker.certificate().verify(other.certificate().getPublicKey()))
                .isInstanceOf(java.security.SignatureException.class);
    }
}
