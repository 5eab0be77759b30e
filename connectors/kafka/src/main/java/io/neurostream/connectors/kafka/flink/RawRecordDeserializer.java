package io.neurostream.connectors.kafka.flink;

import io.neurostream.schemas.internal.RawRecord;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes Kafka messages on undecoded, with topic, partition, offset and timestamp, so that
 * {@link DecodeFunction} can send a message it cannot decode to dead-letters with its coordinates
 * instead of failing the job.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key() == null ? null : ByteBuffer.wrap(record.key()),
                record.value() == null ? null : ByteBuffer.wrap(record.value())));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return new AvroTypeInfo<>(RawRecord.class);
    }
}
