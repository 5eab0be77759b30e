package io.neurostream.jobs.dvs;

import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.flink.dvs.DvsClassifyConfig;
import io.neurostream.flink.dvs.EventStagesConfig;
import io.neurostream.flink.dvs.EventStagesFunction;
import io.neurostream.flink.dvs.LiquidClassifierFunction;
import io.neurostream.jobs.common.IngestTimes;
import io.neurostream.jobs.common.SensorClockWatermarks;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.internal.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The dvs-classify topology (first vertical slice):
 *
 * <pre>
 * dvs.events --decode+validate--+--(keyBy sensor)--&gt; LSM + RLS readout --&gt; predictions
 * labels -----decode------------+                          `--------------&gt; models
 *   (undecodable / invalid messages) ------------------------------------&gt; dead-letters
 * </pre>
 *
 * Sources and sinks are injected: {@code main}/CLI wire Kafka, tests may wire anything.
 */
public final class DvsClassifyJob {
    /**
     * Settings of the topology beside the learner's.
     *
     * @param stages optional event stages between decoder and learner (order check, filters,
     *     region/downsampling, FEAST); null = none, the packets go straight to the learner
     */
    public record Settings(DvsClassifyConfig learner, long disorderMicros, long idleMillis, EventStagesConfig stages) {
        public Settings(DvsClassifyConfig learner, long disorderMicros, long idleMillis) {
            this(learner, disorderMicros, idleMillis, null);
        }

        public Settings {
            if (learner == null) {
                throw new IllegalArgumentException("learner config is required");
            }
            if (disorderMicros < 0 || idleMillis < 0) {
                throw new IllegalArgumentException("disorderMicros and idleMillis must be >= 0");
            }
        }

        public static Settings defaults() {
            return new Settings(DvsClassifyConfig.nmnistDefault(), 50_000, 2_000);
        }

        /** A copy with these event stages (null = none). */
        public Settings withStages(EventStagesConfig newStages) {
            return new Settings(learner, disorderMicros, idleMillis, newStages);
        }

        /** The learner as it runs: fed by the stages' output grid when there are stages. */
        public DvsClassifyConfig effectiveLearner() {
            return stages == null ? learner : learner.fedBy(stages);
        }
    }

    private final Source<RawRecord, ?, ?> events;
    private final Source<RawRecord, ?, ?> labels;
    private final Sink<Prediction> predictions;
    private final Sink<ModelSnapshot> models;
    private final Sink<DeadLetter> deadLetters;
    private final Settings settings;

    public DvsClassifyJob(Source<RawRecord, ?, ?> events, Source<RawRecord, ?, ?> labels, Sink<Prediction> predictions,
                          Sink<ModelSnapshot> models, Sink<DeadLetter> deadLetters, Settings settings) {
        this.events = events;
        this.labels = labels;
        this.predictions = predictions;
        this.models = models;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /**
     * Entry point on a Flink cluster: {@code flink run -c io.neurostream.jobs.dvs.DvsClassifyJob
     * neurostream-jobs-*-job.jar --bootstrap-servers kafka:9092 [--delivery low-latency]
     * [--window-micros 400000] [--group-id dvs-classify] [--topic-... name]}, optional event stages
     * {@code [--stage-disorder-micros 50000] [--background-window-micros 5000] [--refractory-micros 1000]
     * [--downsample 2] [--feast-neurons 16] [--feast-learn-events 2000000]} (any of them turns the
     * stages on, with the order check). Checkpointing and the
     * state backend come from the cluster configuration; the exactly-once sink needs checkpointing.
     */
    public static void main(String[] args) throws Exception {
        io.neurostream.jobs.common.JobArguments arguments = io.neurostream.jobs.common.JobArguments.parse(args,
                java.util.Set.of("window-micros", "disorder-micros", "stage-disorder-micros", "background-window-micros",
                        "refractory-micros", "downsample", "feast-neurons", "feast-learn-events"));
        String bootstrap = arguments.bootstrapServers();
        var mode = arguments.delivery();
        String group = arguments.get("group-id", LiquidClassifierFunction.JOB);
        Settings defaults = Settings.defaults();
        DvsClassifyConfig d = defaults.learner();
        Settings settings = new Settings(new DvsClassifyConfig(d.liquid(),
                arguments.getLong("window-micros", d.windowMicros()), d.classCount(), d.rlsDelta(), d.rlsLambda(),
                d.labelLatenessMicros(), d.snapshotEveryUpdates()),
                arguments.getLong("disorder-micros", defaults.disorderMicros()), defaults.idleMillis())
                .withStages(stagesFrom(arguments, d.liquid().width(), d.liquid().height()));
        StreamExecutionEnvironment env = arguments.environment();
        io.neurostream.connectors.kafka.NeurostreamTopics topics = arguments.createTopics();
        new DvsClassifyJob(
                io.neurostream.connectors.kafka.flink.KafkaConnections.rawSource(bootstrap, topics.dvsEvents(), group, mode),
                io.neurostream.connectors.kafka.flink.KafkaConnections.rawSource(bootstrap, topics.labels(), group, mode),
                io.neurostream.connectors.kafka.flink.KafkaConnections.sink(bootstrap,
                        new io.neurostream.connectors.kafka.flink.RecordSerializers.PredictionSerializer(topics.predictions()),
                        mode, group + "-predictions"),
                io.neurostream.connectors.kafka.flink.KafkaConnections.sink(bootstrap,
                        new io.neurostream.connectors.kafka.flink.RecordSerializers.ModelSnapshotSerializer(topics.models()),
                        mode, group + "-models"),
                io.neurostream.connectors.kafka.flink.KafkaConnections.sink(bootstrap,
                        new io.neurostream.connectors.kafka.flink.RecordSerializers.DeadLetterSerializer(topics.deadLetters()),
                        mode, group + "-dead-letters"),
                settings).build(env);
        env.execute(LiquidClassifierFunction.JOB);
    }

    /** Event stages from cluster arguments, or null if none is asked for. */
    static EventStagesConfig stagesFrom(io.neurostream.jobs.common.JobArguments arguments, int width, int height) {
        long background = arguments.getLong("background-window-micros", 0);
        long refractory = arguments.getLong("refractory-micros", 0);
        int downsample = (int) arguments.getLong("downsample", 1);
        int feast = (int) arguments.getLong("feast-neurons", 0);
        long disorder = arguments.getLong("stage-disorder-micros", -1);
        if (background == 0 && refractory == 0 && downsample == 1 && feast == 0 && disorder < 0) {
            return null;
        }
        EventStagesConfig stages = EventStagesConfig.checkOnly(width, height, Math.max(0, disorder < 0 ? 50_000 : disorder))
                .withBackgroundFilter(background, 1).withRefractory(refractory).withRoi(0, 0, 0, 0, downsample);
        if (feast > 0) {
            FeastDefaults f = FeastDefaults.NMNIST;
            stages = stages.withFeast(feast, f.radius(), f.tauMicros(), f.eta(), f.thresholdOpen(), f.thresholdClose(),
                    f.pool(), arguments.getLong("feast-learn-events", f.learnEvents()), f.seed());
        }
        return stages;
    }

    /** FEAST settings measured on N-MNIST (README, "N-MNIST end to end"). */
    public record FeastDefaults(int radius, double tauMicros, double eta, double thresholdOpen, double thresholdClose,
                                int pool, long learnEvents, long seed) {
        public static final FeastDefaults NMNIST = new FeastDefaults(2, 20_000, 0.001, 0.001, 0.003, 1, 2_000_000, 7L);

        /** Stages running FEAST with these settings on a {@code width x height} sensor. */
        public EventStagesConfig stages(int width, int height, int neurons, long disorderMicros) {
            return EventStagesConfig.checkOnly(width, height, disorderMicros)
                    .withFeast(neurons, radius, tauMicros, eta, thresholdOpen, thresholdClose, pool, learnEvents, seed);
        }
    }

    /** Adds the topology to {@code env}; call {@code env.execute/executeAsync} afterwards. */
    public void build(StreamExecutionEnvironment env) {
        String job = LiquidClassifierFunction.JOB;
        SingleOutputStreamOperator<EventPacket> packets = env
                .fromSource(events, WatermarkStrategy.noWatermarks(), "dvs.events")
                .uid("dvs-events-source")
                .process(IngestTimes.eventPackets(job))
                .returns(new AvroTypeInfo<>(EventPacket.class))
                .uid("decode-event-packets").name("decode + validate EventPacket");
        SingleOutputStreamOperator<Label> labelStream = env
                .fromSource(labels, WatermarkStrategy.noWatermarks(), "labels")
                .uid("labels-source")
                .process(new DecodeFunction<>(Label.class, label -> { }, job))
                .returns(new AvroTypeInfo<>(Label.class))
                .uid("decode-labels").name("decode Label");

        DataStream<EventPacket> timedPackets = packets.assignTimestampsAndWatermarks(
                SensorClockWatermarks.strategy(new PacketTimes(), settings.disorderMicros(), settings.idleMillis()))
                .uid("event-watermarks").name("sensor-clock watermarks");
        DataStream<Label> timedLabels = labelStream.assignTimestampsAndWatermarks(
                SensorClockWatermarks.strategy(new LabelTimes(), settings.disorderMicros(), settings.idleMillis()))
                .uid("label-watermarks").name("label watermarks");

        DataStream<EventPacket> learnerInput = timedPackets;
        SingleOutputStreamOperator<EventPacket> staged = null;
        if (settings.stages() != null) {
            staged = timedPackets
                    .keyBy(new PacketKey())
                    .process(new EventStagesFunction(settings.stages(), "dvs.events", job))
                    .returns(new AvroTypeInfo<>(EventPacket.class))
                    .uid("event-stages").name("order check + filters + ROI + FEAST");
            learnerInput = staged;
        }
        SingleOutputStreamOperator<Prediction> predicted = learnerInput
                .keyBy(new PacketKey())
                .connect(timedLabels.keyBy(new LabelKey()))
                .process(new LiquidClassifierFunction(settings.effectiveLearner()))
                .returns(new AvroTypeInfo<>(Prediction.class))
                .uid("lsm-classifier").name("LSM + RLS readout");

        predicted.sinkTo(predictions).uid("predictions-sink").name("predictions");
        predicted.getSideOutput(LiquidClassifierFunction.MODEL_SNAPSHOTS).sinkTo(models).uid("models-sink").name("models");
        DataStream<DeadLetter> rejected = packets.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .union(labelStream.getSideOutput(DecodeFunction.DEAD_LETTERS));
        if (staged != null) {
            rejected = rejected.union(staged.getSideOutput(EventStagesFunction.DEAD_LETTERS));
        }
        rejected.sinkTo(deadLetters).uid("dead-letters-sink").name("dead-letters");
    }

    static final class PacketTimes implements SensorClockWatermarks.CompleteUntil<EventPacket> {
        private static final long serialVersionUID = 1L;

        @Override
        public long timestampMicros(EventPacket packet) {
            return packet.getStartTimeMicros();
        }

        @Override
        public long completeUntilMicros(EventPacket packet) {
            return packet.getEndTimeMicros();
        }
    }

    static final class LabelTimes implements SensorClockWatermarks.CompleteUntil<Label> {
        private static final long serialVersionUID = 1L;

        @Override
        public long timestampMicros(Label label) {
            return label.getStartTimeMicros();
        }

        @Override
        public long completeUntilMicros(Label label) {
            return label.getStartTimeMicros() + 1;
        }
    }

    static final class PacketKey implements org.apache.flink.api.java.functions.KeySelector<EventPacket, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(EventPacket packet) {
            return packet.getSensorId();
        }
    }

    static final class LabelKey implements org.apache.flink.api.java.functions.KeySelector<Label, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Label label) {
            return label.getStreamId();
        }
    }
}
