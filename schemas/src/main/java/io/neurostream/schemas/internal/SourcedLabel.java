package io.neurostream.schemas.internal;

import io.neurostream.schemas.Label;

/** A {@link Label} with the Kafka position it was read from ({@link KafkaSourced}); equal to the plain label. */
public final class SourcedLabel extends Label implements KafkaSourced {
    private final KafkaPosition sourcePosition;

    public SourcedLabel(Label l, KafkaPosition sourcePosition) {
        super(l.getStreamId(), l.getSequence(), l.getStartTimeMicros(), l.getEndTimeMicros(), l.getClassIndex(),
                l.getTarget());
        this.sourcePosition = sourcePosition;
    }

    @Override
    public KafkaPosition sourcePosition() {
        return sourcePosition;
    }
}
