package io.neurostream.jobs.events;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a replay to Kafka with Avro single-object encoding: EventPackets to the events topic and
 * Labels to the labels topic, keyed by sensor id (so one sensor stays in one partition, in order).
 * Idempotent producer; {@code lingerMillis} 0 for real-time replays, a few ms for bulk ones. A send
 * error surfaces on the next call or at {@link #flush()}.
 */
public final class KafkaEventTarget implements EventReplay.Target, AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String eventsTopic;
    private final String labelsTopic;
    private final SingleObjectCodec<EventPacket> packetCodec = SingleObjectCodec.of(EventPacket.class);
    private final SingleObjectCodec<Label> labelCodec = SingleObjectCodec.of(Label.class);
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaEventTarget(String bootstrapServers, String eventsTopic, String labelsTopic, int lingerMillis) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMillis));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 * 1024 * 1024));
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.eventsTopic = eventsTopic;
        this.labelsTopic = labelsTopic;
    }

    @Override
    public void packet(EventPacket packet) {
        send(eventsTopic, packet.getSensorId(), packetCodec.encode(packet));
    }

    @Override
    public void label(Label label) {
        send(labelsTopic, label.getStreamId(), labelCodec.encode(label));
    }

    private void send(String topic, String key, byte[] value) {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("sending to Kafka failed: " + e.getMessage(), e);
        }
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (meta, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("sending to Kafka failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
