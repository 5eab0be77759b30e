package io.neurostream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.schemas.Label;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaBrokerITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void createsTopicsAndCarriesOurRecords() throws Exception {
        NeurostreamTopics topics = NeurostreamTopics.defaults(3);
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics.definitions());
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics.definitions()); // idempotent
        SingleObjectCodec<Label> codec = SingleObjectCodec.of(Label.class);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topics.labels(), ("s" + i % 5).getBytes(),
                        codec.encode(new Label("s" + i % 5, (long) i, i * 10L, i * 10L + 10, i % 10, List.of()))));
            }
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "t");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Label> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.labels()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (read.size() < 100 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(codec.decode(r.value()));
                }
            }
            assertThat(consumer.partitionsFor(topics.labels())).hasSize(3);
            assertThat(consumer.partitionsFor(topics.control())).hasSize(1);
        }
        assertThat(read).hasSize(100);
        assertThat(read.stream().mapToLong(Label::getSequence).sorted().toArray()).startsWith(0, 1, 2).endsWith(99);
    }
}
