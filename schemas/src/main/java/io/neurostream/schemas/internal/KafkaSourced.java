package io.neurostream.schemas.internal;

/**
 * A decoded record that remembers where in Kafka it was read, so an operator further down that
 * rejects it can send the dead letter with its real partition and offset. Internal: it travels
 * between a job's operators (serialized by connectors/kafka's {@code SourcedTypeInfo}), never on a topic;
 * on the wire the record is the plain Avro record.
 */
public interface KafkaSourced {
    KafkaPosition sourcePosition();
}
