package io.neurostream.jobs.dvs;

import io.neurostream.connectors.kafka.ModelTopic;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.flink.KafkaConnections;
import io.neurostream.connectors.kafka.flink.RecordSerializers;
import io.neurostream.connectors.kafka.flink.SourcedTypeInfo;
import io.neurostream.core.features.BinnedCounts;
import io.neurostream.core.lsm.LiquidParams;
import io.neurostream.flink.common.FailureInjection;
import io.neurostream.flink.dvs.DvsClassifyConfig;
import io.neurostream.flink.dvs.EventStagesConfig;
import io.neurostream.flink.dvs.LearnerOperator;
import io.neurostream.flink.dvs.LiquidClassifierFunction;
import io.neurostream.flink.dvs.ReadoutInput;
import io.neurostream.flink.dvs.ReadoutSnapshots;
import io.neurostream.jobs.common.IngestTimes;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.common.SensorClockWatermarks;
import io.neurostream.jobs.common.Teaching;
import io.neurostream.flink.dvs.ControlledLearnerOperator;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.RecordLimits;
import io.neurostream.schemas.internal.RawRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Either;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The dvs-classify topology:
 *
 * <pre>
 * dvs.events --decode+validate--watermarks--(keyBy sensor)--+--&gt; stages + grid mapping + LSM + RLS --&gt; predictions
 * labels -----decode-----------watermarks--(keyBy stream)--+                                     `--&gt; models
 *   (undecodable / invalid messages, packets the stages reject, labels without a class) -------&gt; dead-letters
 * </pre>
 *
 * The stream is keyed once: the event stages run inside the keyed learner. Any sensor geometry is
 * accepted (each packet carries it) and mapped onto the liquid's input grid. Sources and sinks are
 * injected ({@link #onKafka} wires Kafka; tests may wire anything). Operator uids are stable
 * ({@link #UIDS}); a savepoint restores into every topology with the same uids.
 */
public final class DvsClassifyJob {
    /** The job's name: consumer group, transactional id prefix and Flink job name unless --group-id says otherwise. */
    public static final String NAME = "dvs-classify";

    /** The uid of every operator, in topology order (a test keeps them stable). */
    public static final java.util.List<String> UIDS = java.util.List.of("dvs-events-source", "decode-event-packets",
            "labels-source", "decode-labels", "event-watermarks", "label-watermarks", "lsm-classifier",
            "predictions-sink", "models-sink", "dead-letters-sink", "control-source", "decode-control",
            "labels-as-either", "control-as-either");

    /** Options of this job beside {@link JobArguments#COMMON_OPTIONS}: name -&gt; default and meaning. */
    public static final Map<String, String> OPTIONS = options();

    private static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("window-micros", "400000: one sample window of the sensor clock");
        o.put("classes", "10: classes of the readout (labels carry 0 .. classes-1)");
        o.put("input-grid", "34x34: the liquid's input grid; every sensor's events are scaled onto it");
        o.put("neurons", "600: liquid size (80% excitatory)");
        o.put("seed", "42: seed of the liquid's random topology");
        o.put("snapshot-every", "500: publish a model snapshot every N learning updates (0 = never)");
        o.put("label-lateness-micros", "2000000: how long a closed window waits for its label (sensor time)");
        o.put("disorder-micros", "50000: bounded disorder of the sensor clock for watermarks");
        o.put("idle-millis", "2000: an input without records for this long stops holding the watermark back");
        o.put("stage-disorder-micros", "off: order check; a packet starting further back than this goes to dead-letters");
        o.put("background-window-micros", "0 (off): background-activity filter support window");
        o.put("refractory-micros", "0 (off): refractory filter per pixel");
        o.put("roi", "whole sensor: region of interest x,y,width,height for every sensor");
        o.put("sensor-roi", "none: per-sensor regions, id=x,y,width,height[;id=...]");
        o.put("downsample", "1: integer downsampling after the region of interest");
        o.put("feast-neurons", "0 (off): FEAST feature neurons on a time surface (the liquid gets one channel each)");
        o.put("feast-learn-events", "2000000: events per sensor during which FEAST learns, then it is frozen");
        o.put("max-record-bytes", RecordLimits.DEFAULT_MAX_RECORD_BYTES
                + ": a larger message goes to dead-letters before it is decoded");
        o.put("max-events-per-packet", RecordLimits.DEFAULT_MAX_EVENTS_PER_PACKET
                + ": a packet with more events goes to dead-letters");
        o.put("max-sensor-pixels", io.neurostream.schemas.codec.RecordChecks.MAX_SENSOR_PIXELS
                + " (the most allowed): a packet of a larger sensor (width x height) goes to dead-letters");
        o.put("readout-input", "liquid: what the readout learns from: liquid (its spike counts), counts (time-binned "
                + "input events per pooled cell and ON/OFF, the liquid not run), counts+liquid");
        o.put("count-bin-edges-micros", "105000,215000: --readout-input counts: time-bin edges after the window start "
                + "(default one bin per N-MNIST saccade)");
        o.put("count-pool", "2: --readout-input counts: cells pooled per side");
        o.put("random-units", "0 (none): --readout-input counts: fixed random Fourier units on the counts (the readout "
                + "then learns from them instead)");
        o.put("count-transform", "log1p: --readout-input counts: log1p or sqrt of each count");
        o.put("count-normalize", "none: --readout-input counts: none, or l2 (the transformed count vector scaled to "
                + "unit length before the random units; then a --random-gamma near 0.7 fits N-MNIST)");
        o.put("random-gamma", ReadoutInput.DEFAULT_RANDOM_GAMMA + ": their Gaussian kernel width on the transformed counts");
        o.put("rls-delta", "0.05: RLS readout prior, initial P = delta I (ridge penalty 1/delta)");
        o.put("warm-start-from-models", "off: a topic of model snapshots (e.g. models); a sensor without learned state "
                + "starts from the latest readout this job published there for it");
        o.put("control", "true: read the control topic (FREEZE / UNFREEZE of learning per stream from their time on); "
                + "false: labels only, as jobs before control");
        o.put("object-reuse", "false: true lets chained operators hand records on without an Avro deep copy (less"
                + " garbage, fewer GC pauses in the latency tail); off by default here until the bench's event accounting"
                + " is shown to hold with it (README: Throughput and latency)");
        o.putAll(io.neurostream.flink.learning.LearningConfig.options());
        return java.util.Collections.unmodifiableMap(o);
    }

    /**
     * Settings of the topology beside the learner's.
     *
     * @param learner the keyed learner: stages, liquid, readout
     * @param disorderMicros bounded disorder of the sensor clock (watermarks)
     * @param idleMillis an input without records for this long stops holding the watermark back
     * @param limits per-record limits of the decode step (larger records go to dead-letters)
     */
    public record Settings(DvsClassifyConfig learner, long disorderMicros, long idleMillis, RecordLimits limits) {
        public Settings {
            if (learner == null || limits == null) {
                throw new IllegalArgumentException("learner config and record limits are required");
            }
            if (disorderMicros < 0 || idleMillis < 0) {
                throw new IllegalArgumentException("disorderMicros and idleMillis must be >= 0");
            }
        }

        /** With the default {@link RecordLimits}. */
        public Settings(DvsClassifyConfig learner, long disorderMicros, long idleMillis) {
            this(learner, disorderMicros, idleMillis, RecordLimits.defaults());
        }

        public static Settings defaults() {
            return new Settings(DvsClassifyConfig.nmnistDefault(), 50_000, 2_000);
        }

        /** A copy with these event stages (the liquid takes their channels per cell). */
        public Settings withStages(EventStagesConfig stages) {
            return new Settings(learner.withStages(stages), disorderMicros, idleMillis, limits);
        }

        /** Settings from {@code --key value} job arguments ({@link #OPTIONS}); wrong values fail naming the option. */
        public static Settings from(JobArguments arguments) {
            Settings defaults = defaults();
            DvsClassifyConfig d = defaults.learner();
            int[] grid = parseGrid(arguments.get("input-grid", d.liquid().width() + "x" + d.liquid().height()));
            LiquidParams l = d.liquid();
            int neurons = (int) arguments.getLong("neurons", l.neuronCount());
            if (neurons < 2) {
                throw new IllegalArgumentException("--neurons must be >= 2, got " + neurons);
            }
            LiquidParams liquid = l.withSize(neurons, arguments.getLong("seed", l.seed())).withInput(grid[0], grid[1], 2);
            DvsClassifyConfig learner = new DvsClassifyConfig(liquid,
                    arguments.getLong("window-micros", d.windowMicros()),
                    (int) arguments.getLong("classes", d.classCount()), d.rlsDelta(), d.rlsLambda(),
                    arguments.getLong("label-lateness-micros", d.labelLatenessMicros()),
                    arguments.getLong("snapshot-every", d.snapshotEveryUpdates()))
                    .withStages(stagesFrom(arguments))
                    .withSensorRois(sensorRois(arguments.get("sensor-roi", "")))
                    .withReadoutInput(readoutInputFrom(arguments))
                    .withRlsDelta(positiveDouble(arguments, "rls-delta", d.rlsDelta()));
            RecordLimits limits = defaults.limits()
                    .withMaxRecordBytes(arguments.getLong("max-record-bytes", defaults.limits().maxRecordBytes()))
                    .withMaxEventsPerPacket(arguments.getLong("max-events-per-packet",
                            defaults.limits().maxEventsPerPacket()))
                    .withMaxSensorPixels(arguments.getLong("max-sensor-pixels", defaults.limits().maxSensorPixels()));
            return new Settings(learner, arguments.getLong("disorder-micros", defaults.disorderMicros()),
                    arguments.getLong("idle-millis", defaults.idleMillis()), limits);
        }
    }

    /** The readout's input from {@code --readout-input} and the count options. */
    static ReadoutInput readoutInputFrom(JobArguments arguments) {
        ReadoutInput.Kind kind = ReadoutInput.Kind.parse(arguments.get("readout-input", "liquid"));
        return new ReadoutInput(kind, (int) arguments.getLong("count-pool", 2),
                ReadoutInput.parseEdges(arguments.get("count-bin-edges-micros", "105000,215000")),
                (int) arguments.getLong("random-units", 0),
                positiveDouble(arguments, "random-gamma", ReadoutInput.DEFAULT_RANDOM_GAMMA), false, 7,
                countTransform(arguments.get("count-transform", "log1p")),
                countNormalize(arguments.get("count-normalize", "none")));
    }

    private static BinnedCounts.Transform countTransform(String text) {
        try {
            return BinnedCounts.Transform.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--count-transform must be log1p or sqrt, got '" + text + "'");
        }
    }

    private static boolean countNormalize(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> false;
            case "l2" -> true;
            default -> throw new IllegalArgumentException("--count-normalize must be none or l2, got '" + text + "'");
        };
    }

    private static double positiveDouble(JobArguments arguments, String key, double defaultValue) {
        String text = arguments.get(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + key + " must be a positive number, got '" + text + "'");
    }

    private static int[] parseGrid(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim());
                int h = Integer.parseInt(parts[1].trim());
                if (w >= 1 && h >= 1) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--input-grid must be WIDTHxHEIGHT with positive integers, got '" + text + "'");
    }

    /** Event stages from job arguments ({@link EventStagesConfig#none()} if none is asked for). */
    static EventStagesConfig stagesFrom(JobArguments arguments) {
        return stagesFrom(arguments, EventStagesConfig.NO_ORDER_CHECK);
    }

    /** As {@link #stagesFrom(JobArguments)}, with the order check at {@code defaultDisorderMicros} unless set. */
    static EventStagesConfig stagesFrom(JobArguments arguments, long defaultDisorderMicros) {
        long background = arguments.getLong("background-window-micros", 0);
        long refractory = arguments.getLong("refractory-micros", 0);
        int downsample = (int) arguments.getLong("downsample", 1);
        int feast = (int) arguments.getLong("feast-neurons", 0);
        long disorder = arguments.getLong("stage-disorder-micros", defaultDisorderMicros);
        String roiText = arguments.get("roi", null);
        DvsClassifyConfig.SensorRoi roi = roiText == null ? null : DvsClassifyConfig.SensorRoi.parse(roiText);
        // A template validated on a sensor that holds the region; each sensor gets its own size (forSensor).
        int width = Math.max(34, roi == null ? 0 : roi.x() + roi.width());
        int height = Math.max(34, roi == null ? 0 : roi.y() + roi.height());
        EventStagesConfig stages = EventStagesConfig.checkOnly(width, height, disorder)
                .withBackgroundFilter(background, 1).withRefractory(refractory)
                .withRoi(roi == null ? 0 : roi.x(), roi == null ? 0 : roi.y(), roi == null ? 0 : roi.width(),
                        roi == null ? 0 : roi.height(), downsample);
        if (feast > 0) {
            FeastDefaults f = FeastDefaults.NMNIST;
            stages = stages.withFeast(feast, f.radius(), f.tauMicros(), f.eta(), f.thresholdOpen(), f.thresholdClose(),
                    f.pool(), arguments.getLong("feast-learn-events", f.learnEvents()), f.seed());
        }
        return stages;
    }

    private static Map<String, DvsClassifyConfig.SensorRoi> sensorRois(String text) {
        Map<String, DvsClassifyConfig.SensorRoi> rois = new HashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--sensor-roi entries must be id=x,y,width,height, got '" + entry + "'");
            }
            rois.put(entry.substring(0, eq).trim(), DvsClassifyConfig.SensorRoi.parse(entry.substring(eq + 1)));
        }
        return rois;
    }

    /** FEAST settings measured on N-MNIST (README, "N-MNIST end to end"). */
    public record FeastDefaults(int radius, double tauMicros, double eta, double thresholdOpen, double thresholdClose,
                                int pool, long learnEvents, long seed) {
        public static final FeastDefaults NMNIST = new FeastDefaults(2, 20_000, 0.001, 0.001, 0.003, 1, 2_000_000, 7L);

        /** Stages running FEAST with these settings. */
        public EventStagesConfig stages(int width, int height, int neurons, long disorderMicros) {
            return EventStagesConfig.checkOnly(width, height, disorderMicros)
                    .withFeast(neurons, radius, tauMicros, eta, thresholdOpen, thresholdClose, pool, learnEvents, seed);
        }
    }

    private final Source<RawRecord, ?, ?> events;
    private final Source<RawRecord, ?, ?> labels;
    private final Sink<Prediction> predictions;
    private final Sink<ModelSnapshot> models;
    private final Sink<DeadLetter> deadLetters;
    private final Settings settings;
    private final String jobName;
    private final String eventsTopic;
    private final String labelsTopic;
    private FailureInjection failureInjection = FailureInjection.NONE;
    private Map<String, ReadoutSnapshots.WarmStart> warmStarts = Map.of();
    private boolean objectReuse = false;
    /** The control topic (FREEZE / UNFREEZE of learning), or null: no control input. */
    private Source<RawRecord, ?, ?> control;
    private io.neurostream.flink.learning.LearningConfig learning = io.neurostream.flink.learning.LearningConfig.defaults();

    /**
     * @param jobName names the job in predictions, snapshots and dead letters
     * @param eventsTopic the events' topic, named in dead letters of packets the stages reject
     * @param labelsTopic the labels' topic, named in dead letters of labels without a class of the readout
     */
    public DvsClassifyJob(Source<RawRecord, ?, ?> events, Source<RawRecord, ?, ?> labels, Sink<Prediction> predictions,
                          Sink<ModelSnapshot> models, Sink<DeadLetter> deadLetters, Settings settings, String jobName,
                          String eventsTopic, String labelsTopic) {
        this.events = events;
        this.labels = labels;
        this.predictions = predictions;
        this.models = models;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.jobName = jobName;
        this.eventsTopic = eventsTopic;
        this.labelsTopic = labelsTopic;
    }

    /**
     * The job on Kafka: sources read {@code topics} as consumer group {@code group} (from the
     * earliest offsets; with {@code bounded} they stop at the end offsets seen at start, so the job
     * finishes and closes its last windows), sinks write with transactional ids
     * {@code <group>-predictions}, {@code <group>-models} and {@code <group>-dead-letters}.
     */
    public static DvsClassifyJob onKafka(String bootstrap, NeurostreamTopics topics, String group, DeliveryMode mode,
                                         boolean bounded, Settings settings) {
        return new DvsClassifyJob(
                KafkaConnections.rawSource(bootstrap, topics.dvsEvents(), group, mode, bounded),
                KafkaConnections.rawSource(bootstrap, topics.labels(), group, mode, bounded),
                KafkaConnections.sink(bootstrap, new RecordSerializers.PredictionSerializer(topics.predictions()), mode,
                        group + "-predictions"),
                KafkaConnections.sink(bootstrap, new RecordSerializers.ModelSnapshotSerializer(topics.models()), mode,
                        group + "-models"),
                KafkaConnections.sink(bootstrap, new RecordSerializers.DeadLetterSerializer(topics.deadLetters()), mode,
                        group + "-dead-letters"),
                settings, NAME, topics.dvsEvents(), topics.labels());
    }

    /** {@link #withControl} on the {@code control} topic, read as {@link #onKafka} reads the others. */
    public DvsClassifyJob withControlTopic(String bootstrap, NeurostreamTopics topics, String group, DeliveryMode mode,
                                           boolean bounded) {
        return withControl(KafkaConnections.rawSource(bootstrap, topics.control(), group, mode, bounded));
    }

    /**
     * Reads {@code control} too: FREEZE / UNFREEZE stop and resume learning (readout and reservoir plasticity) of
     * their stream from their {@code timeMicros} on. Labels and controls reach the learner as one
     * {@code Either<Label, Control>} input ({@link ControlledLearnerOperator}).
     */
    public DvsClassifyJob withControl(Source<RawRecord, ?, ?> controlSource) {
        this.control = controlSource;
        return this;
    }

    /** Learns with this readout kind and reservoir plasticity ({@code --readout}, {@code --plasticity}, ...). */
    public DvsClassifyJob withLearning(io.neurostream.flink.learning.LearningConfig newLearning) {
        this.learning = newLearning;
        return this;
    }

    /** The job as {@code arguments} describe it (common options and {@link #OPTIONS}), on Kafka. */
    public static DvsClassifyJob fromArguments(JobArguments arguments, NeurostreamTopics topics) {
        DvsClassifyJob job = onKafka(arguments.bootstrapServers(), topics, arguments.get("group-id", NAME),
                arguments.delivery(), arguments.bounded(), Settings.from(arguments)).withFailureInjection(arguments.failureInjection())
                .withLearning(io.neurostream.flink.learning.LearningConfig.parse(arguments::get))
                .withObjectReuse(arguments.getBoolean("object-reuse", false));
        if (arguments.getBoolean("control", true)) {
            job.withControlTopic(arguments.bootstrapServers(), topics, arguments.get("group-id", NAME),
                    arguments.delivery(), arguments.bounded());
        }
        String warmStartTopic = arguments.get("warm-start-from-models", null);
        if (warmStartTopic != null) {
            job.warmStartFrom(ModelTopic.latest(arguments.bootstrapServers(), warmStartTopic, NAME, ReadoutSnapshots.KIND,
                    java.time.Duration.ofMinutes(2)));
        }
        return job;
    }

    /** Lets the learner throw once, to watch the job recover ({@code --fail-once-after-inputs}). */
    public DvsClassifyJob withFailureInjection(FailureInjection failure) {
        this.failureInjection = failure;
        return this;
    }

    /**
     * Each sensor in {@code snapshots} (stream id -&gt; readout snapshot, e.g. the latest of
     * {@link ModelTopic#latest}) starts from that readout instead of an empty one; a sensor with state
     * (restored from a savepoint) keeps its own. Fails if a snapshot does not fit this learner.
     */
    public DvsClassifyJob warmStartFrom(Map<String, ModelSnapshot> snapshots) {
        Map<String, ReadoutSnapshots.WarmStart> readouts = new HashMap<>();
        for (Map.Entry<String, ModelSnapshot> e : snapshots.entrySet()) {
            readouts.put(e.getKey(), ReadoutSnapshots.warmStart(e.getValue(), settings.learner().classCount(),
                    settings.learner().readoutFeatureCount()));
        }
        this.warmStarts = readouts;
        return this;
    }

    /**
     * Entry point on a Flink cluster: {@code flink run -c io.neurostream.jobs.dvs.DvsClassifyJob
     * neurostream-jobs-*-job.jar --bootstrap-servers kafka:9092 [options]}; the options are
     * {@link JobArguments#COMMON_OPTIONS} and {@link #OPTIONS} (any stage option turns the stages on).
     * Checkpointing and the state backend come from the cluster configuration; the exactly-once sink
     * needs checkpointing (10 s if it is off).
     */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args, OPTIONS.keySet());
        JobArguments.logToConsoleOutsideACluster();
        Settings.from(arguments); // fail on wrong values before touching Kafka
        io.neurostream.flink.learning.LearningConfig.parse(arguments::get);
        StreamExecutionEnvironment env = arguments.environment();
        fromArguments(arguments, arguments.createTopics()).build(env);
        env.execute(arguments.get("group-id", NAME));
    }

    /**
     * Chained operators hand records on without copying them (Flink's object reuse): {@code true} by
     * default. No function of this topology keeps a record it received or changes one it emitted (the
     * learner builds a new prediction per window), and records crossing the keyBy are deserialised
     * fresh, so the copy was pure cost: Avro's deep copy of every packet between the decode step and
     * the watermark assigner was 14 % of the bytes allocated in a paced run, i.e. more young GC pauses
     * in the latency tail (bench/README.md, "dvs-classify latency").
     */
    public DvsClassifyJob withObjectReuse(boolean reuse) {
        this.objectReuse = reuse;
        return this;
    }

    /** Adds the topology to {@code env}; call {@code env.execute/executeAsync} afterwards. */
    public void build(StreamExecutionEnvironment env) {
        if (objectReuse) {
            env.getConfig().enableObjectReuse();
        } else {
            env.getConfig().disableObjectReuse();
        }
        SingleOutputStreamOperator<EventPacket> packets = env
                .fromSource(events, WatermarkStrategy.noWatermarks(), "dvs.events")
                .uid("dvs-events-source")
                .process(IngestTimes.eventPackets(jobName, settings.limits()))
                .returns(SourcedTypeInfo.eventPackets()) // keeps each packet's Kafka position for the learner's dead letters
                .uid("decode-event-packets").name("decode + validate EventPacket");
        SingleOutputStreamOperator<Label> labelStream = env
                .fromSource(labels, WatermarkStrategy.noWatermarks(), "labels")
                .uid("labels-source")
                .process(IngestTimes.labels(jobName, settings.limits()))
                .returns(SourcedTypeInfo.labels())
                .uid("decode-labels").name("decode Label");

        DataStream<EventPacket> timedPackets = packets.assignTimestampsAndWatermarks(
                SensorClockWatermarks.strategy(new PacketTimes(), settings.disorderMicros(), settings.idleMillis()))
                .uid("event-watermarks").name("sensor-clock watermarks");
        // With control, labels and controls share one watermark assigner (uid label-watermarks, as before).
        DataStream<Label> timedLabels = control != null ? null : labelStream.assignTimestampsAndWatermarks(
                SensorClockWatermarks.strategy(new LabelTimes(), settings.disorderMicros(), settings.idleMillis()))
                .uid("label-watermarks").name("label watermarks");

        LiquidClassifierFunction function = new LiquidClassifierFunction(settings.learner(), jobName, eventsTopic,
                labelsTopic).warmStartFrom(warmStarts).withFailureInjection(failureInjection).withLearning(learning);
        String learnerName = (settings.learner().stages().isNone() ? "LSM + " : "event stages + LSM + ")
                + (learning.readout() == io.neurostream.flink.learning.ReadoutKind.THREE_FACTOR ? "three-factor"
                : learning.readout().name()) + " readout";
        SingleOutputStreamOperator<Prediction> predicted;
        DataStream<DeadLetter> controlDeadLetters = null;
        if (control == null) {
            predicted = learner(timedPackets, timedLabels, function, learnerName);
        } else {
            SingleOutputStreamOperator<Control> controlStream = env
                    .fromSource(control, WatermarkStrategy.noWatermarks(), "control")
                    .uid("control-source")
                    .process(new DecodeFunction<>(Control.class, c -> { }, jobName, settings.limits()))
                    .returns(new AvroTypeInfo<>(Control.class))
                    .uid("decode-control").name("decode Control");
            controlDeadLetters = controlStream.getSideOutput(DecodeFunction.DEAD_LETTERS);
            DataStream<Either<Label, Control>> teaching = Teaching.stream(labelStream, controlStream, SourcedTypeInfo.labels(),
                    settings.disorderMicros(), settings.idleMillis(), "label-watermarks", new Teaching.Key());
            predicted = timedPackets.keyBy(new PacketKey())
                    .connect(teaching.keyBy(new Teaching.Key()))
                    .transform(learnerName, new AvroTypeInfo<>(Prediction.class),
                            new ControlledLearnerOperator(function))
                    .uid("lsm-classifier");
        }

        predicted.sinkTo(predictions).uid("predictions-sink").name("predictions");
        predicted.getSideOutput(LiquidClassifierFunction.MODEL_SNAPSHOTS).sinkTo(models).uid("models-sink").name("models");
        DataStream<DeadLetter> rejected = packets.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .union(labelStream.getSideOutput(DecodeFunction.DEAD_LETTERS),
                        predicted.getSideOutput(LiquidClassifierFunction.DEAD_LETTERS));
        if (controlDeadLetters != null) {
            rejected = rejected.union(controlDeadLetters);
        }
        rejected.sinkTo(deadLetters).uid("dead-letters-sink").name("dead-letters");
    }

    /** The keyed learner (uid {@code lsm-classifier}) on packets and labels, as the job runs it (benchmarks too). */
    public static SingleOutputStreamOperator<Prediction> learner(DataStream<EventPacket> packets, DataStream<Label> labels,
                                                                 LiquidClassifierFunction function, String name) {
        return packets.keyBy(new PacketKey())
                .connect(labels.keyBy(new LabelKey()))
                .transform(name, new AvroTypeInfo<>(Prediction.class), new LearnerOperator(function))
                .uid("lsm-classifier");
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

        @Override
        public String streamKey(EventPacket packet) {
            return packet.getSensorId();
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

        @Override
        public String streamKey(Label label) {
            return label.getStreamId();
        }
    }

    static final class PacketKey implements KeySelector<EventPacket, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(EventPacket packet) {
            return packet.getSensorId();
        }
    }

    static final class LabelKey implements KeySelector<Label, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Label label) {
            return label.getStreamId();
        }
    }
}
