package io.neurostream.schemas.internal;

/**
 * Where a message was read: partition, offset and Kafka timestamp (ms since epoch).
 * {@link #UNKNOWN} (all -1) for a record that did not come from Kafka.
 */
public record KafkaPosition(int partition, long offset, long timestampMillis) {
    public static final KafkaPosition UNKNOWN = new KafkaPosition(-1, -1L, -1L);

    /** The position {@code record} was read at, or {@link #UNKNOWN}. */
    public static KafkaPosition of(Object record) {
        return record instanceof KafkaSourced s ? s.sourcePosition() : UNKNOWN;
    }
}
