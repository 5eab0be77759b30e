package io.neurostream.connectors.replay;

import io.neurostream.connectors.kafka.RecordProducer;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.SingleObjectCodec;

/**
 * Writes replayed records to Kafka with Avro single-object encoding: SpikeBatches to the spikes
 * topic and Labels to the labels topic, keyed by session/stream id; idempotent producer with
 * {@code linger.ms=0} so that real-time replays are not delayed by batching. Send errors
 * surface on the next call.
 */
public final class KafkaReplayTarget implements ReplayTarget {
    private final RecordProducer producer;
    private final String spikesTopic;
    private final String labelsTopic;
    private final SingleObjectCodec<SpikeBatch> batchCodec = SingleObjectCodec.of(SpikeBatch.class);
    private final SingleObjectCodec<Label> labelCodec = SingleObjectCodec.of(Label.class);

    public KafkaReplayTarget(String bootstrapServers, String spikesTopic, String labelsTopic) {
        this.producer = new RecordProducer(bootstrapServers, 0, 8 * 1024 * 1024);
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
        producer.send(topic, key, value);
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
