package io.neurostream.jobs.common;

import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.RecordChecks;
import io.neurostream.schemas.internal.RawRecord;

/** Decoders that validate the record and stamp it with its Kafka ingest time. */
public final class IngestTimes {
    private IngestTimes() {}

    public static DecodeFunction<EventPacket> eventPackets(String jobName) {
        return new EventPacketDecoder(jobName);
    }

    public static DecodeFunction<SpikeBatch> spikeBatches(String jobName) {
        return new SpikeBatchDecoder(jobName);
    }

    private static final class EventPacketDecoder extends DecodeFunction<EventPacket> {
        private static final long serialVersionUID = 1L;

        EventPacketDecoder(String jobName) {
            super(EventPacket.class, packet -> {
                String problem = RecordChecks.check(packet);
                if (problem != null) {
                    throw new InvalidRecordException("invalid EventPacket: " + problem);
                }
            }, jobName);
        }

        @Override
        protected void enrich(EventPacket record, RawRecord raw) {
            record.setIngestTimeMillis(raw.getTimestampMillis());
        }
    }

    private static final class SpikeBatchDecoder extends DecodeFunction<SpikeBatch> {
        private static final long serialVersionUID = 1L;

        SpikeBatchDecoder(String jobName) {
            super(SpikeBatch.class, batch -> {
                String problem = RecordChecks.check(batch);
                if (problem != null) {
                    throw new InvalidRecordException("invalid SpikeBatch: " + problem);
                }
            }, jobName);
        }

        @Override
        protected void enrich(SpikeBatch record, RawRecord raw) {
            record.setIngestTimeMillis(raw.getTimestampMillis());
        }
    }
}
