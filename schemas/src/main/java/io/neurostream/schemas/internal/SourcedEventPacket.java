package io.neurostream.schemas.internal;

import io.neurostream.schemas.EventPacket;

/** An {@link EventPacket} with the Kafka position it was read from ({@link KafkaSourced}); equal to the plain packet. */
public final class SourcedEventPacket extends EventPacket implements KafkaSourced {
    private final KafkaPosition sourcePosition;

    public SourcedEventPacket(EventPacket p, KafkaPosition sourcePosition) {
        super(p.getSensorId(), p.getSequence(), p.getWidth(), p.getHeight(), p.getStartTimeMicros(), p.getEndTimeMicros(),
                p.getEventCount(), p.getEvents(), p.getIngestTimeMillis());
        this.sourcePosition = sourcePosition;
    }

    @Override
    public KafkaPosition sourcePosition() {
        return sourcePosition;
    }
}
