package io.neurostream.schemas.internal;

import io.neurostream.schemas.EventPacket;

/** An {@link EventPacket} with the Kafka position it was read from ({@link KafkaSourced}); equal to the plain packet. */
public final class SourcedEventPacket extends EventPacket implements KafkaSourced {
    private final int sourcePartition;
    private final long sourceOffset;
    private final long sourceTimestampMillis;

    public SourcedEventPacket(EventPacket p, int sourcePartition, long sourceOffset, long sourceTimestampMillis) {
        super(p.getSensorId(), p.getSequence(), p.getWidth(), p.getHeight(), p.getStartTimeMicros(), p.getEndTimeMicros(),
                p.getEventCount(), p.getEvents(), p.getIngestTimeMillis());
        this.sourcePartition = sourcePartition;
        this.sourceOffset = sourceOffset;
        this.sourceTimestampMillis = sourceTimestampMillis;
    }

    @Override
    public int sourcePartition() {
        return sourcePartition;
    }

    @Override
    public long sourceOffset() {
        return sourceOffset;
    }

    @Override
    public long sourceTimestampMillis() {
        return sourceTimestampMillis;
    }
}
