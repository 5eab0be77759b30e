package io.neurostream.connectors.replay;

import io.neurostream.connectors.kafka.RecordProducer;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.codec.SingleObjectCodec;

/**
 * Writes a replay to Kafka with Avro single-object encoding: EventPackets to the events topic and
 * Labels to the labels topic, keyed by sensor id (so one sensor stays in one partition, in order).
 * Idempotent producer; {@code lingerMillis} 0 for real-time replays, a few ms for bulk ones. A send
 * error surfaces on the next call or at {@link #flush()}.
 */
public final class KafkaEventTarget implements EventReplay.Target, AutoCloseable {
    private final RecordProducer producer;
    private final String eventsTopic;
    private final String labelsTopic;
    private final SingleObjectCodec<EventPacket> packetCodec = SingleObjectCodec.of(EventPacket.class);
    private final SingleObjectCodec<Label> labelCodec = SingleObjectCodec.of(Label.class);

    public KafkaEventTarget(String bootstrapServers, String eventsTopic, String labelsTopic, int lingerMillis) {
        this.producer = new RecordProducer(bootstrapServers, lingerMillis, 16 * 1024 * 1024);
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
