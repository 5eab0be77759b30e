package io.neurostream.connectors.kafka.flink;

import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;

/** The Kafka serializers of the records our jobs write, each stamped with the record's own wall-clock time. */
public final class RecordSerializers {
    private RecordSerializers() {}

    /** Predictions keyed by stream id. */
    public static final class PredictionSerializer extends AvroKafkaSerializer<Prediction> {
        private static final long serialVersionUID = 1L;

        public PredictionSerializer(String topic) {
            super(topic, Prediction.class);
        }

        @Override
        protected String key(Prediction record) {
            return record.getStreamId();
        }

        /** When the job emitted it. */
        @Override
        protected long wallClockMillis(Prediction record) {
            return record.getEmitTimeMillis();
        }
    }

    /** Model snapshots keyed job/stream/kind, so compaction keeps the newest per model. */
    public static final class ModelSnapshotSerializer extends AvroKafkaSerializer<ModelSnapshot> {
        private static final long serialVersionUID = 1L;

        public ModelSnapshotSerializer(String topic) {
            super(topic, ModelSnapshot.class);
        }

        @Override
        protected String key(ModelSnapshot record) {
            return record.getJob() + "/" + record.getStreamId() + "/" + record.getKind();
        }

        /** When the snapshot was taken. */
        @Override
        protected long wallClockMillis(ModelSnapshot record) {
            return record.getCreatedMillis();
        }
    }

    /** Dead letters keyed by the topic they came from. */
    public static final class DeadLetterSerializer extends AvroKafkaSerializer<DeadLetter> {
        private static final long serialVersionUID = 1L;

        public DeadLetterSerializer(String topic) {
            super(topic, DeadLetter.class);
        }

        @Override
        protected String key(DeadLetter record) {
            return record.getSourceTopic();
        }

        /** When the message was rejected (the source's Kafka timestamp may be missing, -1, or a producer's clock). */
        @Override
        protected long wallClockMillis(DeadLetter record) {
            return record.getRejectedAtMillis();
        }
    }

    /** Event packets (dvs-ingest's filtered output) keyed by sensor id, like the input. */
    public static final class EventPacketSerializer extends AvroKafkaSerializer<EventPacket> {
        private static final long serialVersionUID = 1L;

        public EventPacketSerializer(String topic) {
            super(topic, EventPacket.class);
        }

        @Override
        protected String key(EventPacket record) {
            return record.getSensorId();
        }

        /** Unknown (0): the producer stamps the time of sending, a LogAppendTime topic the time of arrival. */
        @Override
        protected long wallClockMillis(EventPacket record) {
            return 0;
        }
    }
}
