package io.neurostream.connectors.kafka.flink;

import io.neurostream.schemas.BrainState;
import io.neurostream.schemas.ConnectivityEvent;
import io.neurostream.schemas.NeuralStats;

/** Kafka serializers of spike-analytics' records, keyed by session id, stamped with their emit time. */
public final class AnalyticsSerializers {
    private AnalyticsSerializers() {}

    public static final class NeuralStatsSerializer extends AvroKafkaSerializer<NeuralStats> {
        private static final long serialVersionUID = 1L;

        public NeuralStatsSerializer(String topic) {
            super(topic, NeuralStats.class);
        }

        @Override
        protected String key(NeuralStats record) {
            return record.getSessionId();
        }

        @Override
        protected long wallClockMillis(NeuralStats record) {
            return record.getEmitTimeMillis();
        }
    }

    public static final class ConnectivityEventSerializer extends AvroKafkaSerializer<ConnectivityEvent> {
        private static final long serialVersionUID = 1L;

        public ConnectivityEventSerializer(String topic) {
            super(topic, ConnectivityEvent.class);
        }

        @Override
        protected String key(ConnectivityEvent record) {
            return record.getSessionId();
        }

        @Override
        protected long wallClockMillis(ConnectivityEvent record) {
            return record.getEmitTimeMillis();
        }
    }

    public static final class BrainStateSerializer extends AvroKafkaSerializer<BrainState> {
        private static final long serialVersionUID = 1L;

        public BrainStateSerializer(String topic) {
            super(topic, BrainState.class);
        }

        @Override
        protected String key(BrainState record) {
            return record.getSessionId();
        }

        @Override
        protected long wallClockMillis(BrainState record) {
            return record.getEmitTimeMillis();
        }
    }
}
