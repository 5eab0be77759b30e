package io.neurostream.schemas.internal;

import io.neurostream.schemas.SpikeBatch;

/** A {@link SpikeBatch} with the Kafka position it was read from ({@link KafkaSourced}); equal to the plain batch. */
public final class SourcedSpikeBatch extends SpikeBatch implements KafkaSourced {
    private final int sourcePartition;
    private final long sourceOffset;
    private final long sourceTimestampMillis;

    public SourcedSpikeBatch(SpikeBatch b, int sourcePartition, long sourceOffset, long sourceTimestampMillis) {
        super(b.getSessionId(), b.getSequence(), b.getStartTimeMicros(), b.getEndTimeMicros(), b.getUnitCount(),
                b.getSpikeCount(), b.getSpikes(), b.getIngestTimeMillis());
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
