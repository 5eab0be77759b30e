package io.neurostream.connectors.replay;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.RecordProducer;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.SingleObjectCodec;

/**
 * Writes replayed records to Kafka with Avro single-object encoding: EventPackets to
 * {@link NeurostreamTopics#dvsEvents()} keyed by sensor id, SpikeBatches to
 * {@link NeurostreamTopics#neuralSpikes()} keyed by session id, Labels to
 * {@link NeurostreamTopics#labels()} keyed by stream id (one key stays in one partition, in order).
 * Idempotent {@link RecordProducer}; a send error surfaces on the next call or at {@link #flush()}.
 */
public final class KafkaReplayTarget implements ReplayTarget {
    /** {@code linger.ms} of a real-time replay: each record leaves at once. */
    public static final int REAL_TIME_LINGER_MILLIS = 0;
    /** {@code linger.ms} of a replay as fast as possible: a few ms of batching for throughput. */
    public static final int BULK_LINGER_MILLIS = 5;
    /** A packet of many events can be MBs. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private final RecordProducer producer;
    private final NeurostreamTopics topics;
    private final SingleObjectCodec<EventPacket> packetCodec = SingleObjectCodec.of(EventPacket.class);
    private final SingleObjectCodec<SpikeBatch> batchCodec = SingleObjectCodec.of(SpikeBatch.class);
    private final SingleObjectCodec<Label> labelCodec = SingleObjectCodec.of(Label.class);

    /** With the linger that suits {@code pacer}: {@link #BULK_LINGER_MILLIS} as fast as possible, else none. */
    public KafkaReplayTarget(String bootstrapServers, NeurostreamTopics topics, Pacer pacer) {
        this(bootstrapServers, topics, pacer.speed() == 0 ? BULK_LINGER_MILLIS : REAL_TIME_LINGER_MILLIS);
    }

    /** @param lingerMillis {@link #REAL_TIME_LINGER_MILLIS}, {@link #BULK_LINGER_MILLIS} or another {@code linger.ms} */
    public KafkaReplayTarget(String bootstrapServers, NeurostreamTopics topics, int lingerMillis) {
        this.producer = new RecordProducer(bootstrapServers, lingerMillis, MAX_REQUEST_BYTES);
        this.topics = topics;
    }

    @Override
    public void packet(EventPacket packet) {
        producer.send(topics.dvsEvents(), packet.getSensorId(), packetCodec.encode(packet));
    }

    @Override
    public void spikes(SpikeBatch batch) {
        producer.send(topics.neuralSpikes(), batch.getSessionId(), batchCodec.encode(batch));
    }

    @Override
    public void label(Label label) {
        producer.send(topics.labels(), label.getStreamId(), labelCodec.encode(label));
    }

    /** Sends raw bytes (e.g. deliberately malformed messages) to {@code topic}. */
    public void raw(String topic, String key, byte[] value) {
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
