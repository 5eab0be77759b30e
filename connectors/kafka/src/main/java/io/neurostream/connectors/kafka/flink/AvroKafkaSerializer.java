package io.neurostream.connectors.kafka.flink;

import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records with Avro single-object encoding to one topic, keyed by {@link #key(Object)}.
 * One named subclass per record type (Flink cannot extract types from lambdas here).
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

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, key(record).getBytes(StandardCharsets.UTF_8),
                codec.encode(record));
    }
}
