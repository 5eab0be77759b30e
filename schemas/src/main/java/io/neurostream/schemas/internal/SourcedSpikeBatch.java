package io.neurostream.schemas.internal;

import io.neurostream.schemas.SpikeBatch;

/** A {@link SpikeBatch} with the Kafka position it was read from ({@link KafkaSourced}); equal to the plain batch. */
public final class SourcedSpikeBatch extends SpikeBatch implements KafkaSourced {
    private final KafkaPosition sourcePosition;

    public SourcedSpikeBatch(SpikeBatch b, KafkaPosition sourcePosition) {
        super(b.getSessionId(), b.getSequence(), b.getStartTimeMicros(), b.getEndTimeMicros(), b.getUnitCount(),
                b.getSpikeCount(), b.getSpikes(), b.getIngestTimeMillis());
        this.sourcePosition = sourcePosition;
    }

    @Override
    public KafkaPosition sourcePosition() {
        return sourcePosition;
    }
}
