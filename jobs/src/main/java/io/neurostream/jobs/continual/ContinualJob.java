package io.neurostream.jobs.continual;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.AvroKafkaSerializer;
import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.flink.KafkaConnections;
import io.neurostream.connectors.kafka.flink.RecordSerializers;
import io.neurostream.connectors.kafka.flink.SourcedTypeInfo;
import io.neurostream.core.continual.HlopMlp;
import io.neurostream.flink.continual.ContinualConfig;
import io.neurostream.flink.continual.ContinualLearnerFunction;
import io.neurostream.jobs.common.IngestTimes;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.common.SensorClockWatermarks;
import io.neurostream.jobs.common.Teaching;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.TaskMetrics;
import io.neurostream.schemas.codec.RecordChecks;
import io.neurostream.schemas.codec.RecordLimits;
import io.neurostream.schemas.internal.RawRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The continual-learning topology: one stream of tasks, an HLOP-protected learner and a naive one
 * side by side in one keyed operator ({@link ContinualLearnerFunction}).
 *
 * <pre>
 * samples --decode+validate (length, finite)--(keyBy stream)--+
 *                                                              +--&gt; hlop + naive learners --&gt; continual.metrics
 * labels --decode+validate (class)--+-Either--(keyBy stream)--+        (TaskMetrics per learner and task)
 * control --decode--------------------+
 *   (undecodable / invalid samples, labels, controls; late or unmatched records) ------&gt; dead-letters
 * </pre>
 *
 * Test samples are samples with streamId {@code <stream>/test/<task>} (see
 * {@link ContinualLearnerFunction}); a TASK_BOUNDARY control closes a task and emits its metrics.
 * Sources and sinks are injected: the eval driver and the CLI wire Kafka, tests may wire anything.
 */
public final class ContinualJob {
    /** The job's name: consumer group, transactional id prefix and Flink job name unless --group-id says otherwise. */
    public static final String NAME = "continual";
    public static final String SAMPLES_TOPIC = "samples";
    public static final String METRICS_TOPIC = "continual.metrics";

    /** Options of this job beside {@link JobArguments#COMMON_OPTIONS}: name -&gt; default and meaning. */
    public static final Map<String, String> OPTIONS = options();

    private static Map<String, String> options() {
        ContinualConfig d = ContinualConfig.defaults();
        HlopMlp.Config n = d.network();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("inputs", n.inputs() + ": values per sample (a sample of another length goes to dead-letters)");
        o.put("classes", n.classes() + ": classes of the labels");
        o.put("hidden", n.hidden() + ": hidden ReLU units of both learners");
        o.put("learning-rate", n.learningRate() + ": SGD step of both learners");
        o.put("input-components", n.inputComponentsPerTask() + ": HLOP lateral neurons added per task on the input");
        o.put("hidden-components", n.hiddenComponentsPerTask() + ": HLOP lateral neurons added per task on the hidden layer");
        o.put("hebbian-epochs", n.hebbianEpochs() + ": passes of Oja's subspace rule over a task's buffer at its end");
        o.put("hebbian-eta", n.hebbianEta() + ": Oja step (divided by the residual energy)");
        o.put("task-buffer", d.taskBufferSize() + ": training inputs kept per task (reservoir sample) for HLOP");
        o.put("max-tasks", d.maxTasks() + ": task ids must be below this");
        o.put("seed", n.seed() + ": initial weights of both learners");
        o.put("disorder-micros", "0: bounded disorder of the stream clock for watermarks");
        o.put("idle-millis", "30000: an input without records for this long stops holding the watermark back");
        o.put("topic-samples", SAMPLES_TOPIC + ": topic name");
        o.put("topic-continual-metrics", METRICS_TOPIC + ": topic name of the TaskMetrics output");
        o.put("max-record-bytes", RecordLimits.DEFAULT_MAX_RECORD_BYTES + ": a larger message goes to dead-letters");
        return java.util.Collections.unmodifiableMap(o);
    }

    /** The uid of every operator, in topology order (a test keeps them stable). */
    public static List<String> uids() {
        return List.of("samples-source", "decode-samples", "labels-source", "decode-labels", "control-source",
                "decode-control", "sample-watermarks", "labels-as-either", "control-as-either", "teaching-watermarks",
                "continual-learners", "continual-metrics-sink", "dead-letters-sink");
    }

    /**
     * @param learners both learners' settings
     * @param disorderMicros bounded disorder of the stream clock (watermarks)
     * @param idleMillis an input without records for this long stops holding the watermark back (0: never)
     * @param limits per-record limits of the decode step
     */
    public record Settings(ContinualConfig learners, long disorderMicros, long idleMillis, RecordLimits limits) {
        public Settings {
            if (learners == null || limits == null) {
                throw new IllegalArgumentException("learner settings and record limits are required");
            }
            if (disorderMicros < 0 || idleMillis < 0) {
                throw new IllegalArgumentException("disorderMicros and idleMillis must be >= 0");
            }
        }

        public static Settings of(ContinualConfig learners) {
            return new Settings(learners, 0, 30_000, RecordLimits.defaults());
        }
    }

    private final Source<RawRecord, ?, ?> samples;
    private final Source<RawRecord, ?, ?> labels;
    private final Source<RawRecord, ?, ?> control;
    private final Sink<TaskMetrics> metrics;
    private final Sink<DeadLetter> deadLetters;
    private final Settings settings;
    private final String samplesTopic;
    private final String labelsTopic;
    private final String controlTopic;

    public ContinualJob(Source<RawRecord, ?, ?> samples, Source<RawRecord, ?, ?> labels, Source<RawRecord, ?, ?> control,
                        Sink<TaskMetrics> metrics, Sink<DeadLetter> deadLetters, Settings settings,
                        String samplesTopic, String labelsTopic, String controlTopic) {
        this.samples = samples;
        this.labels = labels;
        this.control = control;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.samplesTopic = samplesTopic;
        this.labelsTopic = labelsTopic;
        this.controlTopic = controlTopic;
    }

    /**
     * The job on Kafka: sources read {@code samplesTopic}, labels and control as consumer group
     * {@code group}; sinks write {@code metricsTopic} and dead letters with transactional ids
     * {@code <group>-metrics} and {@code <group>-dead-letters}. With {@code bounded} the sources stop
     * at the end offsets seen at start, so the job finishes.
     */
    public static ContinualJob onKafka(String bootstrap, NeurostreamTopics topics, String samplesTopic,
                                       String metricsTopic, String group, DeliveryMode mode, boolean bounded,
                                       Settings settings) {
        return new ContinualJob(
                KafkaConnections.rawSource(bootstrap, samplesTopic, group, mode, bounded),
                KafkaConnections.rawSource(bootstrap, topics.labels(), group, mode, bounded),
                KafkaConnections.rawSource(bootstrap, topics.control(), group, mode, bounded),
                KafkaConnections.sink(bootstrap, new TaskMetricsSerializer(metricsTopic), mode, group + "-metrics"),
                KafkaConnections.sink(bootstrap, new RecordSerializers.DeadLetterSerializer(topics.deadLetters()), mode,
                        group + "-dead-letters"),
                settings, samplesTopic, topics.labels(), topics.control());
    }

    /** The job as {@code arguments} describe it (common options and {@link #OPTIONS}), on Kafka. */
    public static ContinualJob fromArguments(JobArguments arguments, NeurostreamTopics topics) {
        return onKafka(arguments.bootstrapServers(), topics, arguments.get("topic-samples", SAMPLES_TOPIC),
                arguments.get("topic-continual-metrics", METRICS_TOPIC), arguments.get("group-id", NAME),
                arguments.delivery(), arguments.bounded(), settingsFrom(arguments));
    }

    /** The topics beside {@link NeurostreamTopics} this job reads and writes. */
    public static List<NewTopic> extraTopics(JobArguments arguments, int partitions) {
        return List.of(new NewTopic(arguments.get("topic-samples", SAMPLES_TOPIC), partitions, arguments.replicationFactor())
                        .configs(Map.of("message.timestamp.type", "LogAppendTime")),
                new NewTopic(arguments.get("topic-continual-metrics", METRICS_TOPIC), 1, arguments.replicationFactor()));
    }

    /**
     * Entry point on a cluster: {@code flink run -c io.neurostream.jobs.continual.ContinualJob
     * neurostream-jobs-*-job.jar --bootstrap-servers kafka:9092 [--inputs 784] [--classes 10]
     * [--hidden 256] [--learning-rate 0.02] [--input-components 60] [--hidden-components 20]
     * [--task-buffer 2000] [--topic-samples samples] [--topic-continual-metrics continual.metrics] ...}
     * (all options: {@link #OPTIONS}). Checkpointing as the other jobs.
     */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args, OPTIONS.keySet());
        JobArguments.logToConsoleOutsideACluster();
        settingsFrom(arguments); // fail on wrong values before touching Kafka
        StreamExecutionEnvironment env = arguments.environment();
        NeurostreamTopics topics = arguments.createTopics();
        TopicAdmin.createTopics(arguments.bootstrapServers(), extraTopics(arguments, topics.partitions()));
        fromArguments(arguments, topics).build(env);
        env.execute(arguments.get("group-id", NAME));
    }

    /** Learner settings from cluster arguments; wrong values fail before anything starts, naming the option. */
    public static Settings settingsFrom(JobArguments a) {
        ContinualConfig d = ContinualConfig.defaults();
        HlopMlp.Config n = d.network();
        HlopMlp.Config c;
        try {
            c = new HlopMlp.Config(intOption(a, "inputs", n.inputs()), intOption(a, "hidden", n.hidden()),
                    intOption(a, "classes", n.classes()), doubleOption(a, "learning-rate", n.learningRate()),
                    intOption(a, "input-components", n.inputComponentsPerTask()),
                    intOption(a, "hidden-components", n.hiddenComponentsPerTask()),
                    intOption(a, "hebbian-epochs", n.hebbianEpochs()), doubleOption(a, "hebbian-eta", n.hebbianEta()),
                    true, a.getLong("seed", n.seed()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("continual learner options: " + e.getMessage(), e);
        }
        ContinualConfig learners;
        try {
            learners = new ContinualConfig(c, intOption(a, "task-buffer", d.taskBufferSize()),
                    intOption(a, "max-tasks", d.maxTasks()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--task-buffer / --max-tasks: " + e.getMessage(), e);
        }
        Settings s = Settings.of(learners);
        return new Settings(learners, a.getLong("disorder-micros", s.disorderMicros()),
                a.getLong("idle-millis", s.idleMillis()),
                s.limits().withMaxRecordBytes(a.getLong("max-record-bytes", s.limits().maxRecordBytes())));
    }

    private static int intOption(JobArguments a, String key, int d) {
        long v = a.getLong(key, d);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + key + " is out of range: " + v);
        }
        return (int) v;
    }

    private static double doubleOption(JobArguments a, String key, double d) {
        String v = a.get(key, null);
        try {
            return v == null ? d : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, got '" + v + "'");
        }
    }

    /** Adds the topology to {@code env}; call {@code env.execute/executeAsync} afterwards. */
    public void build(StreamExecutionEnvironment env) {
        int inputs = settings.learners().inputs();
        int classes = settings.learners().classes();
        SingleOutputStreamOperator<Sample> sampleStream = env
                .fromSource(samples, WatermarkStrategy.noWatermarks(), "samples")
                .uid("samples-source")
                .process(IngestTimes.samples(NAME, settings.limits(), new SampleCheck(inputs)))
                .returns(SourcedTypeInfo.samples()) // keeps the Kafka position for the learner's dead letters
                .uid("decode-samples").name("decode + validate Sample");
        SingleOutputStreamOperator<Label> labelStream = env
                .fromSource(labels, WatermarkStrategy.noWatermarks(), "labels")
                .uid("labels-source")
                .process(IngestTimes.labels(NAME, settings.limits(), new LabelCheck(classes)))
                .returns(SourcedTypeInfo.labels())
                .uid("decode-labels").name("decode + validate Label");
        SingleOutputStreamOperator<Control> controlStream = env
                .fromSource(control, WatermarkStrategy.noWatermarks(), "control")
                .uid("control-source")
                .process(new DecodeFunction<>(Control.class, c -> { }, NAME, settings.limits()))
                .returns(new AvroTypeInfo<>(Control.class))
                .uid("decode-control").name("decode Control");

        DataStream<Sample> timedSamples = sampleStream.assignTimestampsAndWatermarks(
                SensorClockWatermarks.strategy(new SampleTimes(), settings.disorderMicros(), settings.idleMillis()))
                .uid("sample-watermarks").name("stream-clock watermarks");
        DataStream<Either<Label, Control>> teaching = Teaching.stream(labelStream, controlStream, SourcedTypeInfo.labels(),
                settings.disorderMicros(), settings.idleMillis(), "teaching-watermarks", new TeachingKey());

        SingleOutputStreamOperator<TaskMetrics> learned = timedSamples.keyBy(new SampleKey())
                .connect(teaching.keyBy(new TeachingKey()))
                .process(new ContinualLearnerFunction(settings.learners(), NAME, samplesTopic, labelsTopic, controlTopic))
                .returns(new AvroTypeInfo<>(TaskMetrics.class))
                .uid("continual-learners").name("hlop + naive learners");
        learned.sinkTo(metrics).uid("continual-metrics-sink").name("continual.metrics");
        sampleStream.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .union(labelStream.getSideOutput(DecodeFunction.DEAD_LETTERS),
                        controlStream.getSideOutput(DecodeFunction.DEAD_LETTERS),
                        learned.getSideOutput(ContinualLearnerFunction.DEAD_LETTERS))
                .sinkTo(deadLetters).uid("dead-letters-sink").name("dead-letters");
    }

    /** A sample of the job's length, finite values, a time window in order. */
    static final class SampleCheck implements DecodeFunction.Validator<Sample> {
        private static final long serialVersionUID = 1L;
        private final int inputs;

        SampleCheck(int inputs) {
            this.inputs = inputs;
        }

        @Override
        public void validate(Sample s) throws DecodeFunction.InvalidRecordException {
            if (s.getEndTimeMicros() <= s.getStartTimeMicros()) {
                throw new DecodeFunction.InvalidRecordException("invalid Sample: endTimeMicros " + s.getEndTimeMicros()
                        + " <= startTimeMicros " + s.getStartTimeMicros());
            }
            if (s.getValues().size() != inputs) {
                throw new DecodeFunction.InvalidRecordException("invalid Sample: " + s.getValues().size()
                        + " values, the job takes " + inputs + " (--inputs)");
            }
            for (int i = 0; i < inputs; i++) {
                Float v = s.getValues().get(i);
                if (v == null || !Float.isFinite(v)) {
                    throw new DecodeFunction.InvalidRecordException("invalid Sample: values[" + i + "] is " + v
                            + ", not a finite number");
                }
            }
            if (ContinualLearnerFunction.testTaskOf(s.getStreamId()) == -2) {
                throw new DecodeFunction.InvalidRecordException("invalid Sample: streamId '" + s.getStreamId()
                        + "' has no task number after '" + ContinualLearnerFunction.TEST_MARK + "'");
            }
        }
    }

    /** A classification label of one of the job's classes. */
    static final class LabelCheck implements DecodeFunction.Validator<Label> {
        private static final long serialVersionUID = 1L;
        private final int classes;

        LabelCheck(int classes) {
            this.classes = classes;
        }

        @Override
        public void validate(Label label) throws DecodeFunction.InvalidRecordException {
            String problem = RecordChecks.check(label);
            if (problem == null && (label.getClassIndex() == null || label.getClassIndex() >= classes)) {
                problem = "classIndex " + label.getClassIndex() + " is not a class of this job (0.." + (classes - 1) + ")";
            }
            if (problem != null) {
                throw new DecodeFunction.InvalidRecordException("invalid Label: " + problem);
            }
        }
    }

    /** Task metrics keyed stream/learner. */
    public static final class TaskMetricsSerializer extends AvroKafkaSerializer<TaskMetrics> {
        private static final long serialVersionUID = 1L;

        public TaskMetricsSerializer(String topic) {
            super(topic, TaskMetrics.class);
        }

        @Override
        protected String key(TaskMetrics record) {
            return record.getStreamId() + "/" + record.getLearner();
        }

        @Override
        protected long wallClockMillis(TaskMetrics record) {
            return record.getEmitTimeMillis();
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
            return ContinualLearnerFunction.streamOf(s.getStreamId());
        }
    }

    static final class SampleKey implements KeySelector<Sample, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Sample s) {
            return ContinualLearnerFunction.streamOf(s.getStreamId());
        }
    }

    /** Test samples' stream ids ({@code S/test/<j>}) belong to stream S: labels and controls are keyed the same. */
    static final class TeachingKey implements KeySelector<Either<Label, Control>, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Either<Label, Control> e) {
            return ContinualLearnerFunction.streamOf(e.isLeft() ? e.left().getStreamId() : e.right().getStreamId());
        }
    }
}
