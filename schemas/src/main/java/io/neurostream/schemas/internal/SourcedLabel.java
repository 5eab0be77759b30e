package io.neurostream.schemas.internal;

import io.neurostream.schemas.Label;

/** A {@link Label} with the Kafka position it was read from ({@link KafkaSourced}); equal to the plain label. */
public final class SourcedLabel extends Label implements KafkaSourced {
    private final int sourcePartition;
    private final long sourceOffset;
    private final long sourceTimestampMillis;

    public SourcedLabel(Label l, int sourcePartition, long sourceOffset, long sourceTimestampMillis) {
        super(l.getStreamId(), l.getSequence(), l.getStartTimeMicros(), l.getEndTimeMicros(), l.getClassIndex(),
                l.getTarget());
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
