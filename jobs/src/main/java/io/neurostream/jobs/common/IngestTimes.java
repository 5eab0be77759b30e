package io.neurostream.jobs.common;

import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.RecordChecks;
import io.neurostream.schemas.codec.RecordLimits;
import io.neurostream.schemas.internal.KafkaPosition;
import io.neurostream.schemas.internal.RawRecord;
import io.neurostream.schemas.internal.SourcedEventPacket;
import io.neurostream.schemas.internal.SourcedLabel;
import io.neurostream.schemas.internal.SourcedSample;
import io.neurostream.schemas.internal.SourcedSpikeBatch;

/**
 * Decoders that validate the record (within the job's {@link RecordLimits}) and stamp it with its
 * Kafka ingest time. The records also keep their Kafka position on the way to the keyed operators
 * ({@code SourcedTypeInfo}), so what those reject is dead-lettered with it.
 */
public final class IngestTimes {
    private IngestTimes() {}

    public static DecodeFunction<EventPacket> eventPackets(String jobName) {
        return eventPackets(jobName, RecordLimits.defaults());
    }

    /** Packets as {@link SourcedEventPacket}s: declare the stream's type as {@code SourcedTypeInfo.eventPackets()}. */
    public static DecodeFunction<EventPacket> eventPackets(String jobName, RecordLimits limits) {
        return new EventPacketDecoder(jobName, limits);
    }

    public static DecodeFunction<SpikeBatch> spikeBatches(String jobName) {
        return spikeBatches(jobName, RecordLimits.defaults());
    }

    /** Batches as {@link SourcedSpikeBatch}es: declare the stream's type as {@code SourcedTypeInfo.spikeBatches()}. */
    public static DecodeFunction<SpikeBatch> spikeBatches(String jobName, RecordLimits limits) {
        return new SpikeBatchDecoder(jobName, limits);
    }

    /**
     * Labels checked by {@link RecordChecks#check(Label)}, as {@link SourcedLabel}s: declare the
     * stream's type as {@code SourcedTypeInfo.labels()}.
     */
    public static DecodeFunction<Label> labels(String jobName, RecordLimits limits) {
        return new LabelDecoder(jobName, limits, label -> {
            String problem = RecordChecks.check(label);
            if (problem != null) {
                throw new DecodeFunction.InvalidRecordException("invalid Label: " + problem);
            }
        });
    }

    /**
     * Labels checked by the job's own {@code validator} (which should include {@link RecordChecks#check(Label)}), as
     * {@link SourcedLabel}s: declare the stream's type as {@code SourcedTypeInfo.labels()}.
     */
    public static DecodeFunction<Label> labels(String jobName, RecordLimits limits, DecodeFunction.Validator<Label> validator) {
        return new LabelDecoder(jobName, limits, validator);
    }

    /**
     * Samples checked by the job's {@code validator}, as {@link SourcedSample}s: declare the stream's type as
     * {@code SourcedTypeInfo.samples()}, so what the keyed operator rejects (a length its stream does not take,
     * a sequence out of order, a late sample) is dead-lettered with its partition and offset.
     */
    public static DecodeFunction<Sample> samples(String jobName, RecordLimits limits, DecodeFunction.Validator<Sample> validator) {
        return new SampleDecoder(jobName, limits, validator);
    }

    private static KafkaPosition position(RawRecord raw) {
        return new KafkaPosition(raw.getPartition(), raw.getOffset(), raw.getTimestampMillis());
    }

    private static final class EventPacketDecoder extends DecodeFunction<EventPacket> {
        private static final long serialVersionUID = 1L;

        EventPacketDecoder(String jobName, RecordLimits limits) {
            super(EventPacket.class, packet -> {
                String problem = RecordChecks.check(packet, limits);
                if (problem != null) {
                    throw new InvalidRecordException("invalid EventPacket: " + problem);
                }
            }, jobName, limits);
        }

        @Override
        protected EventPacket enrich(EventPacket record, RawRecord raw) {
            record.setIngestTimeMillis(raw.getTimestampMillis());
            return new SourcedEventPacket(record, position(raw));
        }
    }

    private static final class SpikeBatchDecoder extends DecodeFunction<SpikeBatch> {
        private static final long serialVersionUID = 1L;

        SpikeBatchDecoder(String jobName, RecordLimits limits) {
            super(SpikeBatch.class, batch -> {
                String problem = RecordChecks.check(batch, limits);
                if (problem != null) {
                    throw new InvalidRecordException("invalid SpikeBatch: " + problem);
                }
            }, jobName, limits);
        }

        @Override
        protected SpikeBatch enrich(SpikeBatch record, RawRecord raw) {
            record.setIngestTimeMillis(raw.getTimestampMillis());
            return new SourcedSpikeBatch(record, position(raw));
        }
    }

    private static final class LabelDecoder extends DecodeFunction<Label> {
        private static final long serialVersionUID = 1L;

        LabelDecoder(String jobName, RecordLimits limits, Validator<Label> validator) {
            super(Label.class, validator, jobName, limits);
        }

        @Override
        protected Label enrich(Label record, RawRecord raw) {
            return new SourcedLabel(record, position(raw));
        }
    }

    private static final class SampleDecoder extends DecodeFunction<Sample> {
        private static final long serialVersionUID = 1L;

        SampleDecoder(String jobName, RecordLimits limits, Validator<Sample> validator) {
            super(Sample.class, validator, jobName, limits);
        }

        @Override
        protected Sample enrich(Sample record, RawRecord raw) {
            return new SourcedSample(record, position(raw));
        }
    }
}
