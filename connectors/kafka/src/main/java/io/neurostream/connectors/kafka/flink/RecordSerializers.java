package io.neurostream.connectors.kafka.flink;

import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;

/** The Kafka serializers of the records our jobs write. */
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
    }
}
