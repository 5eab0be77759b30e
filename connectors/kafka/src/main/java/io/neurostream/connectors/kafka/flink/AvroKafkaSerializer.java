package io.neurostream.connectors.kafka.flink;

import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records with Avro single-object encoding to one topic, keyed by {@link #key(Object)} and
 * stamped with the wall-clock time {@link #wallClockMillis(Object)} names. One named subclass per
 * record type (Flink cannot extract types from lambdas here).
 *
 * <p>The Flink record timestamp the sink passes is not used: after a job's watermark assigner it is
 * the sensor or recording clock in µs (50,000 µs reads as 50 s after 1970 in Kafka), and a topic's
 * time-based retention would delete the record within minutes of writing it.
 */
public abstract class AvroKafkaSerializer<T extends SpecificRecordBase> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SingleObjectCodec<T> codec;

    protected AvroKafkaSerializer(String topic, Class<T> recordClass) {
        this.topic = topic;
        this.codec = SingleObjectCodec.of(recordClass);
    }

    protected abstract String key(T record);

    /** The record's own wall-clock time (ms since epoch), its Kafka timestamp; 0 or less if unknown. */
    protected abstract long wallClockMillis(T record);

    /**
     * @param flinkTimestamp ignored: an event-time timestamp (sensor clock), not a wall-clock time
     */
    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long flinkTimestamp) {
        long millis = wallClockMillis(record);
        // null: the producer stamps the time of sending
        return new ProducerRecord<>(topic, null, millis > 0 ? millis : null,
                key(record).getBytes(StandardCharsets.UTF_8), codec.encode(record));
    }
}
