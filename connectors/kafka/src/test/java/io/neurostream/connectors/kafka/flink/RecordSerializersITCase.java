package io.neurostream.connectors.kafka.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.kafka.KafkaBrokerExtension;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

/**
 * The Kafka timestamp our sinks give a record is wall-clock time, never the Flink record timestamp:
 * after a job's watermark assigner that is the sensor clock in µs (50,000 µs into a recording reads
 * as 50 s after 1970), and a topic's time-based retention would delete such records within minutes
 * of writing them. Read back through a real broker, from topics as {@link NeurostreamTopics} creates
 * them (dead-letters and models keep the producer's timestamp: CreateTime).
 */
class RecordSerializersITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** A Flink record timestamp on the sensor clock: 50,000 µs into a recording. */
    private static final long SENSOR_CLOCK = 50_000L;

    private static final NeurostreamTopics TOPICS = new NeurostreamTopics("t.dvs", "t.spikes", "t.labels", "t.control",
            "t.predictions", "t.models", "t.dead-letters", 1);

    @Test
    void deadLettersAreStampedWithTheirRejectionTime() throws Exception {
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), TOPICS.definitions());
        long rejectedAt = System.currentTimeMillis() - 5_000;
        DeadLetter letter = new DeadLetter("dvs.events", 0, 17L, SENSOR_CLOCK / 1000, null,
                ByteBuffer.wrap(new byte[] {1, 2, 3}), "invalid EventPacket: ...", "dvs-classify/learner", rejectedAt);
        ConsumerRecord<byte[], byte[]> stored = sendAndReadBack(
                new RecordSerializers.DeadLetterSerializer(TOPICS.deadLetters()).serialize(letter, null, SENSOR_CLOCK));
        assertThat(stored.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(stored.timestamp()).as("Kafka timestamp of the dead letter").isEqualTo(rejectedAt);
        assertThat(new String(stored.key(), StandardCharsets.UTF_8)).isEqualTo("dvs.events");
        assertThat(SingleObjectCodec.of(DeadLetter.class).decode(stored.value())).isEqualTo(letter);
    }

    @Test
    void aDeadLetterWithoutARejectionTimeIsStampedWhenSent() throws Exception {
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), TOPICS.definitions());
        DeadLetter letter = new DeadLetter("labels", -1, -1L, -1L, null, null, "no time", "job", 0L);
        long before = System.currentTimeMillis();
        ConsumerRecord<byte[], byte[]> stored = sendAndReadBack(
                new RecordSerializers.DeadLetterSerializer(TOPICS.deadLetters()).serialize(letter, null, SENSOR_CLOCK));
        assertThat(stored.timestamp()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void modelSnapshotsAreStampedWithTheirCreationTime() throws Exception {
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), TOPICS.definitions());
        long created = System.currentTimeMillis() - 7_000;
        ModelSnapshot snapshot = new ModelSnapshot("dvs-classify", "cam", "rls-readout", 3L, created, List.of(1, 1),
                ByteBuffer.wrap(new byte[8]), Map.of());
        ConsumerRecord<byte[], byte[]> stored = sendAndReadBack(
                new RecordSerializers.ModelSnapshotSerializer(TOPICS.models()).serialize(snapshot, null, SENSOR_CLOCK));
        assertThat(stored.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(stored.timestamp()).as("Kafka timestamp of the model snapshot").isEqualTo(created);
    }

    @Test
    void predictionsAreStampedWithTheirEmitTime() throws Exception {
        // a predictions topic not created by us keeps the producer's timestamp (ours is LogAppendTime)
        String topic = "t.predictions.create-time";
        KAFKA.broker().createTopic(topic, 1);
        long emitted = System.currentTimeMillis() - 3_000;
        Prediction prediction = new Prediction("dvs-classify/cam/0", "dvs-classify", "cam", 0L, 50_000L, 1,
                List.of(0.1, 0.9), List.of(), null, 4L, 12L, emitted - 10, emitted);
        ProducerRecord<byte[], byte[]> record =
                new RecordSerializers.PredictionSerializer(topic).serialize(prediction, null, SENSOR_CLOCK);
        assertThat(record.timestamp()).isEqualTo(emitted);
        ConsumerRecord<byte[], byte[]> stored = sendAndReadBack(record);
        assertThat(stored.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(stored.timestamp()).as("Kafka timestamp of the prediction").isEqualTo(emitted);
    }

    /** Sends one record and reads back the last record of its topic's partition 0. */
    private static ConsumerRecord<byte[], byte[]> sendAndReadBack(ProducerRecord<byte[], byte[]> record)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        long offset;
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            offset = producer.send(record).get().offset();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(record.topic(), 0);
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("offset " + offset + " of " + record.topic() + " not read back");
    }
}
