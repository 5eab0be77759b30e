package io.neurostream.connectors.kafka.flink;

import io.neurostream.connectors.kafka.security.KafkaClientSecurity;
import io.neurostream.schemas.internal.RawRecord;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * Builds the Kafka sources and sinks of our jobs with the settings DESIGN.md asks for:
 * read_committed sources, transactional or low-latency sinks. Each gets the client security of
 * its servers ({@link KafkaClientSecurity#forServers}) first; our own settings come after and win.
 */
public final class KafkaConnections {
    private KafkaConnections() {}

    /** A source of undecoded messages from {@code topic}, from the earliest offset, read_committed. */
    public static KafkaSource<RawRecord> rawSource(String bootstrapServers, String topic, String groupId,
                                                   DeliveryMode mode) {
        return rawSource(bootstrapServers, topic, groupId, mode, false);
    }

    /**
     * A source of undecoded messages from {@code topic}, from the earliest offset, read_committed;
     * with {@code bounded} it stops at the latest offsets seen when the job starts (the job then
     * finishes: its watermarks reach the end of time and every window closes).
     */
    public static KafkaSource<RawRecord> rawSource(String bootstrapServers, String topic, String groupId,
                                                   DeliveryMode mode, boolean bounded) {
        var builder = KafkaSource.<RawRecord>builder();
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder
                .setProperties(KafkaClientSecurity.forServers(bootstrapServers).applyTo(new Properties()))
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("isolation.level", "read_committed")
                // With fetch.min.bytes=1 the broker answers as soon as a record arrives, so a long
                // wait costs no latency; a short one busy-polls idle partitions and the garbage
                // it makes (broker and client) shows up as GC pauses in the latency tail.
                .setProperty("fetch.max.wait.ms", "500")
                .setProperty("fetch.min.bytes", "1")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /**
     * How long a transaction of the exactly-once sink may stay open. A transaction spans one
     * checkpoint interval (plus the checkpoint itself); while it is open, read_committed readers of
     * the topic wait at its first record. If the job dies and does not come back, the broker
     * aborts it after this timeout (Kafka's 15-minute cap and the 10 minutes we used before held
     * readers back that long); a job restarted with the same transactional-id prefix aborts it at
     * once when it starts. It must exceed checkpoint interval + checkpoint duration + the time a
     * recovery takes, or a pre-committed transaction is aborted before it is committed.
     */
    public static final long TRANSACTION_TIMEOUT_MILLIS = 120_000;

    /**
     * A sink for one record type.
     *
     * @param transactionalIdPrefix unique per job and sink (exactly-once needs it to fence zombies): two
     *     jobs sharing a prefix abort each other's transactions; the same job restarted with the same
     *     prefix aborts its predecessor's open transactions when it starts
     */
    public static <T> KafkaSink<T> sink(String bootstrapServers, KafkaRecordSerializationSchema<T> serializer,
                                        DeliveryMode mode, String transactionalIdPrefix) {
        Properties props = KafkaClientSecurity.forServers(bootstrapServers).applyTo(new Properties());
        if (mode == DeliveryMode.EXACTLY_ONCE) {
            // The broker caps transactions at transaction.max.timeout.ms (15 min by default).
            props.setProperty("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT_MILLIS));
        } else {
            props.setProperty("linger.ms", "0");
            props.setProperty("enable.idempotence", "true");
            props.setProperty("acks", "all");
        }
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(mode == DeliveryMode.EXACTLY_ONCE
                        ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setKafkaProducerConfig(props)
                .build();
    }
}
