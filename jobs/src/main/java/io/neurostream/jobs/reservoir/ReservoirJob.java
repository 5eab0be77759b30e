package io.neurostream.jobs.reservoir;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.flink.KafkaConnections;
import io.neurostream.connectors.kafka.flink.RecordSerializers;
import io.neurostream.connectors.kafka.flink.SourcedTypeInfo;
import io.neurostream.core.timeseries.OnlineReadout.ReadoutKind;
import io.neurostream.core.timeseries.OnlineReadout.ReadoutParams;
import io.neurostream.flink.reservoir.ReservoirConfig;
import io.neurostream.flink.reservoir.ReservoirRegressFunction;
import io.neurostream.jobs.common.IngestTimes;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.common.SensorClockWatermarks;
import io.neurostream.jobs.common.Teaching;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.codec.RecordLimits;
import io.neurostream.schemas.internal.RawRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The reservoir-regress topology: dense time series in, one reservoir step per sample, a readout
 * learned online from labels, a prediction per sample out.
 *
 * <pre>
 * samples --decode+validate--+--(keyBy streamId)--&gt; reservoir + readout (one operator per model) --&gt; predictions
 * labels ---decode--+-Either--+                                          |-- on FREEZE / SNAPSHOT --&gt; models
 * control --decode--+                                                    `-- rejected records -----&gt; dead-letters
 * </pre>
 *
 * Each model ({@code --models esn-100-rls,esn-100-ridge}) runs in its own operator (uid
 * {@code reservoir-<id>}) with its own predictions sink (uid {@code predictions-sink-<id>}); all
 * see the same keyed streams, and every stream's reservoir is drawn from the same seed in every
 * operator, so readouts compare on the same reservoir. Sources and sinks are injected.
 */
public final class ReservoirJob {
    /** Consumer group, transactional id prefix and Flink job name unless --group-id says otherwise. */
    public static final String NAME = "reservoir-regress";
    /** The dense inputs' topic (Sample records). */
    public static final String SAMPLES_TOPIC = "samples";

    /** Options of this job beside {@link JobArguments#COMMON_OPTIONS}: name -&gt; default and meaning. */
    public static final Map<String, String> OPTIONS = options();

    private static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("models", "esn-100-rls: comma-separated <reservoir>-<units>-<readout>[+adapt][+feedback], one operator"
                + " each; reservoirs esn, spiking-ei, izhikevich; readouts rls (QR form), rls-classic, ridge, three-factor");
        o.put("outputs", "1: target values per label (= decoded values per prediction)");
        o.put("ridge", "1e-8: penalty of the rls, rls-classic and ridge readouts");
        o.put("refit-every", "500: ridge solves every this many updates while learning (0: only on FREEZE)");
        o.put("eta", "5e-4: three-factor learning rate");
        o.put("noise", "0.05: three-factor exploration noise");
        o.put("tau-updates", "5: three-factor running-mean time constant, updates");
        o.put("seed", "1: base seed; stream s gets reservoir seed hash(seed, s)");
        o.put("snapshot-every", "0: publish the readout to models every this many updates (0: on FREEZE/SNAPSHOT only)");
        o.put("samples-topic", SAMPLES_TOPIC + ": topic of the Sample records");
        o.put("disorder-micros", "0: bounded disorder of the stream clock for watermarks");
        o.put("idle-millis", "2000: an input without records for this long stops holding the watermark back");
        o.put("max-record-bytes", RecordLimits.DEFAULT_MAX_RECORD_BYTES + ": larger messages go to dead-letters");
        o.put("max-values", "65536: a sample with more values goes to dead-letters");
        return java.util.Collections.unmodifiableMap(o);
    }

    /**
     * @param models one operator per entry (distinct ids)
     * @param disorderMicros watermarks' bounded disorder
     * @param idleMillis idleness of an input
     * @param maxValues largest sample length accepted
     */
    public record Settings(List<ReservoirConfig> models, long disorderMicros, long idleMillis, int maxValues,
                           RecordLimits limits) {
        public Settings {
            if (models == null || models.isEmpty()) {
                throw new IllegalArgumentException("at least one model is required (--models)");
            }
            if (models.stream().map(ReservoirConfig::id).distinct().count() != models.size()) {
                throw new IllegalArgumentException("each model may appear once, got "
                        + models.stream().map(ReservoirConfig::id).toList());
            }
            if (disorderMicros < 0 || idleMillis < 0 || maxValues < 1 || limits == null) {
                throw new IllegalArgumentException("need disorderMicros, idleMillis >= 0, maxValues >= 1 and limits");
            }
            models = List.copyOf(models);
        }

        public static Settings of(List<ReservoirConfig> models) {
            return new Settings(models, 0, 2000, 65536, RecordLimits.defaults());
        }
    }

    /** The uid of every operator, in topology order (a test keeps them stable). */
    public static List<String> uids(List<ReservoirConfig> models) {
        List<String> uids = new ArrayList<>(List.of("samples-source", "decode-samples", "labels-source",
                "decode-labels", "control-source", "decode-control", "sample-watermarks", "labels-as-either",
                "control-as-either", "teaching-watermarks"));
        for (ReservoirConfig m : models) {
            uids.add("reservoir-" + m.id());
            uids.add("predictions-sink-" + m.id());
        }
        uids.add("models-sink");
        uids.add("dead-letters-sink");
        return uids;
    }

    private final Source<RawRecord, ?, ?> samples;
    private final Source<RawRecord, ?, ?> labels;
    private final Source<RawRecord, ?, ?> control;
    private final java.util.function.Function<ReservoirConfig, Sink<Prediction>> predictions;
    private final Sink<ModelSnapshot> models;
    private final Sink<DeadLetter> deadLetters;
    private final Settings settings;
    private final String jobName;
    private final String samplesTopic;
    private final String labelsTopic;

    public ReservoirJob(Source<RawRecord, ?, ?> samples, Source<RawRecord, ?, ?> labels, Source<RawRecord, ?, ?> control,
                        java.util.function.Function<ReservoirConfig, Sink<Prediction>> predictions,
                        Sink<ModelSnapshot> models, Sink<DeadLetter> deadLetters, Settings settings, String jobName,
                        String samplesTopic, String labelsTopic) {
        this.samples = samples;
        this.labels = labels;
        this.control = control;
        this.predictions = predictions;
        this.models = models;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.jobName = jobName;
        this.samplesTopic = samplesTopic;
        this.labelsTopic = labelsTopic;
    }

    /** The samples topic's definition: keyed by stream, partitions like the other data topics. */
    public static org.apache.kafka.clients.admin.NewTopic samplesTopic(String name, NeurostreamTopics topics, short replication) {
        return new org.apache.kafka.clients.admin.NewTopic(name, topics.partitions(), replication)
                .configs(Map.of("message.timestamp.type", "LogAppendTime"));
    }

    /**
     * The job on Kafka: reads {@code samplesTopic}, labels and control as consumer group {@code group};
     * predictions with transactional ids {@code <group>-predictions-<model>}, models and dead letters.
     * With {@code bounded} the sources stop at the end offsets seen at start, so the job finishes.
     */
    public static ReservoirJob onKafka(String bootstrap, NeurostreamTopics topics, String samplesTopic, String group,
                                       DeliveryMode mode, boolean bounded, Settings settings) {
        return new ReservoirJob(
                KafkaConnections.rawSource(bootstrap, samplesTopic, group, mode, bounded),
                KafkaConnections.rawSource(bootstrap, topics.labels(), group, mode, bounded),
                KafkaConnections.rawSource(bootstrap, topics.control(), group, mode, bounded),
                m -> KafkaConnections.sink(bootstrap, new RecordSerializers.PredictionSerializer(topics.predictions()),
                        mode, group + "-predictions-" + m.id().replace('+', '_')),
                KafkaConnections.sink(bootstrap, new RecordSerializers.ModelSnapshotSerializer(topics.models()), mode,
                        group + "-models"),
                KafkaConnections.sink(bootstrap, new RecordSerializers.DeadLetterSerializer(topics.deadLetters()), mode,
                        group + "-dead-letters"),
                settings, NAME, samplesTopic, topics.labels());
    }

    /**
     * Entry point on a cluster: {@code flink run -c io.neurostream.jobs.reservoir.ReservoirJob
     * neurostream-jobs-*-job.jar --bootstrap-servers kafka:9092 [--models esn-100-rls,esn-100-ridge]
     * [--outputs 1] [--ridge 1e-8] [--seed 1] [--samples-topic samples] ...} (see {@link #OPTIONS}).
     */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args, OPTIONS.keySet());
        JobArguments.logToConsoleOutsideACluster();
        Settings settings = settingsFrom(arguments); // fail on wrong values before touching Kafka
        StreamExecutionEnvironment env = arguments.environment();
        NeurostreamTopics topics = arguments.createTopics();
        String samplesTopic = arguments.get("samples-topic", SAMPLES_TOPIC);
        TopicAdmin.createTopics(arguments.bootstrapServers(),
                List.of(samplesTopic(samplesTopic, topics, arguments.replicationFactor())));
        onKafka(arguments.bootstrapServers(), topics, samplesTopic, arguments.get("group-id", NAME),
                arguments.delivery(), arguments.bounded(), settings).build(env);
        env.execute(arguments.get("group-id", NAME));
    }

    /** Models and settings from cluster arguments; wrong values fail with what to fix. */
    public static Settings settingsFrom(JobArguments a) {
        ReadoutParams d = ReadoutParams.defaults();
        ReadoutParams params;
        try {
            params = new ReadoutParams(Double.parseDouble(a.get("ridge", Double.toString(d.ridge()))),
                    (int) a.getLong("refit-every", d.refitEvery()),
                    Double.parseDouble(a.get("eta", Double.toString(d.eta()))),
                    Double.parseDouble(a.get("noise", Double.toString(d.noiseStd()))),
                    Double.parseDouble(a.get("tau-updates", Double.toString(d.tauUpdates()))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ridge, --eta, --noise and --tau-updates must be numbers: "
                    + e.getMessage());
        }
        ReservoirConfig template = ReservoirConfig.esn(100, ReadoutKind.RLS, a.getLong("seed", 1)).withParams(params)
                .withOutputs((int) a.getLong("outputs", 1));
        template = new ReservoirConfig(template.reservoir(), template.units(), false, template.readout(), params,
                template.outputs(), false, template.seed(), a.getLong("snapshot-every", 0));
        List<ReservoirConfig> models = new ArrayList<>();
        for (String m : a.get("models", "esn-100-rls").split(",")) {
            models.add(ReservoirConfig.parse(m, template));
        }
        Settings def = Settings.of(models);
        return new Settings(models, a.getLong("disorder-micros", def.disorderMicros()),
                a.getLong("idle-millis", def.idleMillis()), (int) a.getLong("max-values", def.maxValues()),
                def.limits().withMaxRecordBytes(a.getLong("max-record-bytes", def.limits().maxRecordBytes())));
    }

    /** Adds the topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        int maxValues = settings.maxValues();
        SingleOutputStreamOperator<Sample> sampleStream = env
                .fromSource(samples, WatermarkStrategy.noWatermarks(), samplesTopic).uid("samples-source")
                .process(IngestTimes.samples(jobName, settings.limits(), s -> check(s, maxValues)))
                .returns(SourcedTypeInfo.samples()) // keeps each sample's Kafka position for the operator's dead letters
                .uid("decode-samples").name("decode + validate Sample");
        SingleOutputStreamOperator<Label> labelStream = env
                .fromSource(labels, WatermarkStrategy.noWatermarks(), "labels").uid("labels-source")
                .process(IngestTimes.labels(jobName, settings.limits()))
                .returns(SourcedTypeInfo.labels())
                .uid("decode-labels").name("decode Label");
        SingleOutputStreamOperator<Control> controlStream = env
                .fromSource(control, WatermarkStrategy.noWatermarks(), "control").uid("control-source")
                .process(new DecodeFunction<>(Control.class, c -> { }, jobName, settings.limits()))
                .returns(new AvroTypeInfo<>(Control.class))
                .uid("decode-control").name("decode Control");

        DataStream<Sample> timedSamples = sampleStream.assignTimestampsAndWatermarks(SensorClockWatermarks.strategy(
                        new SampleTimes(), settings.disorderMicros(), settings.idleMillis()))
                .uid("sample-watermarks").name("stream-clock watermarks");
        DataStream<Either<Label, Control>> teaching = Teaching.stream(labelStream, controlStream, SourcedTypeInfo.labels(),
                settings.disorderMicros(), settings.idleMillis(), "teaching-watermarks", new Teaching.Key());
        KeyedStream<Sample, String> keyedSamples = timedSamples.keyBy(new SampleKey());
        KeyedStream<Either<Label, Control>, String> keyedTeaching = teaching.keyBy(new Teaching.Key());

        List<DataStream<DeadLetter>> rejected = new ArrayList<>(List.of(
                labelStream.getSideOutput(DecodeFunction.DEAD_LETTERS),
                controlStream.getSideOutput(DecodeFunction.DEAD_LETTERS)));
        List<DataStream<ModelSnapshot>> snapshots = new ArrayList<>();
        boolean first = true;
        for (ReservoirConfig m : settings.models()) {
            SingleOutputStreamOperator<Prediction> out = keyedSamples.connect(keyedTeaching)
                    .process(new ReservoirRegressFunction(m, jobName, samplesTopic, labelsTopic))
                    .returns(new AvroTypeInfo<>(Prediction.class))
                    .uid("reservoir-" + m.id()).name("reservoir " + m.id());
            out.sinkTo(predictions.apply(m)).uid("predictions-sink-" + m.id()).name("predictions (" + m.id() + ")");
            snapshots.add(out.getSideOutput(ReservoirRegressFunction.MODELS));
            if (first) { // every model sees the same records and rejects the same ones: one dead letter each
                rejected.add(out.getSideOutput(ReservoirRegressFunction.DEAD_LETTERS));
                first = false;
            }
        }
        @SuppressWarnings("unchecked")
        DataStream<ModelSnapshot>[] moreSnapshots = snapshots.subList(1, snapshots.size()).toArray(new DataStream[0]);
        snapshots.get(0).union(moreSnapshots).sinkTo(models).uid("models-sink").name("models");
        @SuppressWarnings("unchecked")
        DataStream<DeadLetter>[] others = rejected.toArray(new DataStream[0]);
        sampleStream.getSideOutput(DecodeFunction.DEAD_LETTERS).union(others)
                .sinkTo(deadLetters).uid("dead-letters-sink").name("dead-letters");
    }

    /** The stateless checks of a Sample (the stateful ones, length and order per stream, are the operator's). */
    static void check(Sample s, int maxValues) throws DecodeFunction.InvalidRecordException {
        if (s.getStreamId() == null || s.getStreamId().isEmpty()) {
            throw new DecodeFunction.InvalidRecordException("invalid Sample: empty streamId");
        }
        if (s.getEndTimeMicros() <= s.getStartTimeMicros()) {
            throw new DecodeFunction.InvalidRecordException("invalid Sample: endTimeMicros " + s.getEndTimeMicros()
                    + " is not after startTimeMicros " + s.getStartTimeMicros());
        }
        List<Float> v = s.getValues();
        if (v == null || v.isEmpty() || v.size() > maxValues) {
            throw new DecodeFunction.InvalidRecordException("invalid Sample: " + (v == null ? 0 : v.size())
                    + " values, need 1.." + maxValues);
        }
        for (int i = 0; i < v.size(); i++) {
            if (!Float.isFinite(v.get(i))) {
                throw new DecodeFunction.InvalidRecordException("invalid Sample: value " + i + " is " + v.get(i));
            }
        }
    }

    static final class SampleTimes implements SensorClockWatermarks.CompleteUntil<Sample> {
        private static final long serialVersionUID = 1L;

        @Override
        public long timestampMicros(Sample s) {
            return s.getStartTimeMicros();
        }

        @Override
        public long completeUntilMicros(Sample s) {
            return s.getEndTimeMicros();
        }

        @Override
        public String streamKey(Sample s) {
            return s.getStreamId();
        }
    }

    static final class SampleKey implements KeySelector<Sample, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Sample s) {
            return s.getStreamId();
        }
    }
}
