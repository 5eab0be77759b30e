package io.neurostream.connectors.kafka;

import io.neurostream.connectors.kafka.security.KafkaClientSecurity;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer of our replayers: idempotent, {@code acks=all}, sends asynchronously and reports
 * the first send failure on the next {@link #send} or {@link #flush()} instead of losing it.
 */
public final class RecordProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final String bootstrapServers;
    private final KafkaClientSecurity security;

    /**
     * @param lingerMillis 0 for real-time replays, a few ms for bulk ones
     * @param maxRequestBytes largest message batch (a packet of many events can be MBs)
     */
    public RecordProducer(String bootstrapServers, int lingerMillis, int maxRequestBytes) {
        this(bootstrapServers, KafkaClientSecurity.forServers(bootstrapServers), lingerMillis, maxRequestBytes);
    }

    /** As {@link #RecordProducer(String, int, int)}, authenticating with {@code security}. */
    public RecordProducer(String bootstrapServers, KafkaClientSecurity security, int lingerMillis, int maxRequestBytes) {
        this.bootstrapServers = bootstrapServers;
        this.security = security;
        Properties props = security.applyTo(new Properties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMillis));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestBytes));
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends one message with a UTF-8 key. */
    public void send(String topic, String key, byte[] value) {
        throwIfFailed();
        try {
            sendBytes(topic, key.getBytes(StandardCharsets.UTF_8), value);
        } catch (RuntimeException e) {
            throw security.explain(e, bootstrapServers);
        }
    }

    private void sendBytes(String topic, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (meta, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Waits until everything sent is acknowledged. */
    public void flush() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            throw security.explain(e, bootstrapServers);
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            if (security.refusal(e, bootstrapServers) != null) {
                throw security.explain(e, bootstrapServers);
            }
            throw new IllegalStateException("sending to Kafka failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
