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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
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

    @Test
    void sensorAndPredictionTopicsStampArrivalTimeWhateverTheProducerSays() throws Exception {
        NeurostreamTopics topics = new NeurostreamTopics("a.dvs", "a.spikes", "a.labels", "a.control",
                "a.predictions", "a.models", "a.dead", 1);
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics.definitions());
        long producerClaims = 1_000_000L;  // 1970: a producer clock that is far off
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        long before = System.currentTimeMillis();
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : List.of(topics.neuralSpikes(), topics.dvsEvents(), topics.labels(),
                    topics.predictions(), topics.control())) {
                producer.send(new ProducerRecord<>(topic, 0, producerClaims, new byte[] {1}, new byte[] {2})).get();
            }
        }
        long after = System.currentTimeMillis();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : List.of(topics.neuralSpikes(), topics.dvsEvents(), topics.labels(), topics.predictions())) {
                ConsumerRecord<byte[], byte[]> r = only(consumer, topic);
                assertThat(r.timestampType()).as(topic).isEqualTo(TimestampType.LOG_APPEND_TIME);
                assertThat(r.timestamp()).as(topic).isBetween(before, after);
            }
            ConsumerRecord<byte[], byte[]> control = only(consumer, topics.control());
            assertThat(control.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(control.timestamp()).isEqualTo(producerClaims);
        }
    }

    private static ConsumerRecord<byte[], byte[]> only(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                return r;
            }
        }
        throw new AssertionError("nothing on " + topic);
    }
}
