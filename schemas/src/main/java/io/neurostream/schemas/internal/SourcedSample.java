package io.neurostream.schemas.internal;

import io.neurostream.schemas.Sample;

/** A {@link Sample} with the Kafka position it was read from ({@link KafkaSourced}); equal to the plain sample. */
public final class SourcedSample extends Sample implements KafkaSourced {
    private final KafkaPosition sourcePosition;

    public SourcedSample(Sample s, KafkaPosition sourcePosition) {
        super(s.getStreamId(), s.getSequence(), s.getStartTimeMicros(), s.getEndTimeMicros(), s.getValues());
        this.sourcePosition = sourcePosition;
    }

    @Override
    public KafkaPosition sourcePosition() {
        return sourcePosition;
    }
}
