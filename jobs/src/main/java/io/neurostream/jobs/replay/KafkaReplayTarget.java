package io.neurostream.jobs.replay;

import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes replayed records to Kafka with Avro single-object encoding: SpikeBatches to the spikes
 * topic and Labels to the labels topic, keyed by session/stream id; idempotent producer with
 * {@code linger.ms=0} so that real-time replays are not delayed by batching. Send errors
 * surface on the next call.
 */
public final class KafkaReplayTarget implements ReplayTarget {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String spikesTopic;
    private final String labelsTopic;
    private final SingleObjectCodec<SpikeBatch> batchCodec = SingleObjectCodec.of(SpikeBatch.class);
    private final SingleObjectCodec<Label> labelCodec = SingleObjectCodec.of(Label.class);
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaReplayTarget(String bootstrapServers, String spikesTopic, String labelsTopic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.spikesTopic = spikesTopic;
        this.labelsTopic = labelsTopic;
    }

    @Override
    public void spikes(SpikeBatch batch) {
        send(spikesTopic, batch.getSessionId(), batchCodec.encode(batch));
    }

    @Override
    public void label(Label label) {
        send(labelsTopic, label.getStreamId(), labelCodec.encode(label));
    }

    /** Sends raw bytes (e.g. deliberately malformed messages) to {@code topic}. */
    public void raw(String topic, String key, byte[] value) {
        send(topic, key, value);
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
