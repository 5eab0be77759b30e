package io.neurostream.jobs.spikes;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.flink.KafkaConnections;
import io.neurostream.connectors.kafka.flink.RecordSerializers;
import io.neurostream.flink.common.FailureInjection;
import io.neurostream.connectors.kafka.flink.SourcedTypeInfo;
import io.neurostream.flink.spikes.DecoderKind;
import io.neurostream.flink.spikes.SpikeDecodeConfig;
import io.neurostream.flink.spikes.SpikeDecodeFunction;
import io.neurostream.flink.spikes.SpikeDecodeLearning;
import io.neurostream.jobs.common.IngestTimes;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.common.SensorClockWatermarks;
import io.neurostream.jobs.common.Teaching;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.RecordChecks;
import io.neurostream.schemas.codec.RecordLimits;
import io.neurostream.schemas.internal.RawRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
 * The spike-decode topology:
 *
 * <pre>
 * neural.spikes --decode+validate--+--(keyBy session)--&gt; binning + decoder (one operator per decoder) --&gt; predictions
 * labels -------decode--+-Either---+
 * control ------decode--+
 *   (undecodable / invalid messages, labels whose target does not fit a decoder) ----------&gt; dead-letters
 * </pre>
 *
 * Each decoder writes through its own predictions sink (uid {@code predictions-sink-<kind>},
 * transactional ids {@code <group>-predictions-<kind>}), chained to it.
 * Labels and controls travel as one typed second input ({@code Either<Label, Control>}, Flink's
 * own serializer: no Kryo). Each selected decoder runs in its own operator on the same keyed
 * streams (uid {@code spike-decoder-<kind>}), so adding or dropping one keeps the others' state.
 * Sources and sinks are injected: the demo and CLI wire Kafka, tests may wire anything.
 *
 * <p>{@link SpikeDecodeLearning} ({@link #withLearning}, {@code --readout rls|lms}, {@code --plasticity none|oja})
 * chooses the readout of the rls and esn decoders and the plasticity of the esn decoder's reservoir; with
 * plasticity on, the esn decoder publishes its adapted input weights to {@code models} (uid {@code models-sink},
 * kind {@code reservoir-weights}).
 */
public final class SpikeDecodeJob {
    /** The job's name: consumer group, transactional id prefix and Flink job name unless --group-id says otherwise. */
    public static final String NAME = "spike-decode";

    /** Options of this job beside {@link JobArguments#COMMON_OPTIONS}: name -&gt; default and meaning. */
    public static final Map<String, String> OPTIONS = options();

    private static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("decoders", "kalman: comma-separated decoders, each in its own operator (kalman, rls, esn, rates)");
        o.put("bin-micros", "decoder default (20000): bin length of the recording clock");
        o.put("step-micros", "bin-micros: step between bins (smaller = overlapping bins)");
        o.put("allowed-lateness-micros", "0: how long a bin waits for late spikes past its end");
        o.put("smoothing-tau-ms", "decoder default: exponential smoothing of the binned rates");
        o.put("outputs", "2: decoded values per bin (e.g. x/y velocity)");
        o.put("disorder-micros", "20000: bounded disorder of the recording clock for watermarks");
        o.put("idle-millis", "2000: an input without records for this long stops holding the watermark back");
        o.put("max-record-bytes", RecordLimits.DEFAULT_MAX_RECORD_BYTES
                + ": a larger message goes to dead-letters before it is decoded");
        o.put("max-units", RecordChecks.MAX_UNITS + " (the most allowed): a batch with more units goes to dead-letters");
        o.put("max-spikes-per-batch", RecordLimits.DEFAULT_MAX_SPIKES_PER_BATCH
                + ": a batch with more spikes goes to dead-letters");
        o.put("object-reuse", "true: chained operators hand records on without an Avro deep copy (safe in this"
                + " topology: no function keeps or changes a record after emitting or receiving it); false: copy");
        o.putAll(SpikeDecodeLearning.options());
        return java.util.Collections.unmodifiableMap(o);
    }

    /** The uid of every operator of a topology running {@code decoders}, in topology order (a test keeps them stable). */
    public static List<String> uids(List<DecoderKind> decoders) {
        return uids(decoders, false);
    }

    /** As {@link #uids(List)}; {@code plastic}: the esn decoder's reservoir is plastic, so {@code models-sink} too. */
    public static List<String> uids(List<DecoderKind> decoders, boolean plastic) {
        List<String> uids = new ArrayList<>(List.of("neural-spikes-source", "decode-spike-batches", "labels-source",
                "decode-labels", "control-source", "decode-control", "spike-watermarks", "labels-as-either",
                "control-as-either", "teaching-watermarks"));
        for (DecoderKind kind : decoders) {
            uids.add("spike-decoder-" + kind.id());
            uids.add("predictions-sink-" + kind.id());
        }
        if (plastic && decoders.contains(DecoderKind.ESN)) {
            uids.add("models-sink");
        }
        uids.add("dead-letters-sink");
        return uids;
    }

    /**
     * Settings of the topology beside the decoders'.
     *
     * @param decoders one operator per entry (at least one; distinct decoder kinds)
     * @param disorderMicros bounded disorder of the recording clock across partitions (watermarks)
     * @param idleMillis an input without records for this long stops holding the watermark back
     * @param limits per-record limits of the decode step (larger records go to dead-letters)
     */
    public record Settings(List<SpikeDecodeConfig> decoders, long disorderMicros, long idleMillis, RecordLimits limits) {
        public Settings {
            if (limits == null) {
                throw new IllegalArgumentException("record limits are required");
            }
            if (decoders == null || decoders.isEmpty()) {
                throw new IllegalArgumentException("at least one decoder is required");
            }
            if (decoders.stream().map(SpikeDecodeConfig::decoder).distinct().count() != decoders.size()) {
                throw new IllegalArgumentException("each decoder kind may appear once, got " + decoders.stream()
                        .map(c -> c.decoder().id()).toList());
            }
            if (disorderMicros < 0 || idleMillis < 0) {
                throw new IllegalArgumentException("disorderMicros and idleMillis must be >= 0");
            }
            decoders = List.copyOf(decoders);
        }

        /** With the default {@link RecordLimits}. */
        public Settings(List<SpikeDecodeConfig> decoders, long disorderMicros, long idleMillis) {
            this(decoders, disorderMicros, idleMillis, RecordLimits.defaults());
        }

        public static Settings of(List<SpikeDecodeConfig> decoders) {
            return new Settings(decoders, 20_000, 2_000);
        }
    }

    private final Source<RawRecord, ?, ?> spikes;
    private final Source<RawRecord, ?, ?> labels;
    private final Source<RawRecord, ?, ?> control;
    private final Function<DecoderKind, Sink<Prediction>> predictions;
    private final Sink<DeadLetter> deadLetters;
    private final Settings settings;
    private final String jobName;
    private final String labelsTopic;
    private FailureInjection failureInjection = FailureInjection.NONE;
    private SpikeDecodeLearning learning = SpikeDecodeLearning.defaults();
    private Sink<ModelSnapshot> models;
    private boolean objectReuse = true;
    private final String spikesTopic;

    /** As the full constructor, with the spike batches read from {@code neural.spikes}. */
    public SpikeDecodeJob(Source<RawRecord, ?, ?> spikes, Source<RawRecord, ?, ?> labels,
                          Source<RawRecord, ?, ?> control, Function<DecoderKind, Sink<Prediction>> predictions,
                          Sink<DeadLetter> deadLetters,
                          Settings settings, String jobName, String labelsTopic) {
        this(spikes, labels, control, predictions, deadLetters, settings, jobName, "neural.spikes", labelsTopic);
    }

    /**
     * @param jobName names the job in predictions ({@code <jobName>.<decoder>}) and dead letters
     * @param spikesTopic the spike batches' topic, named in dead letters of batches a decoder rejects
     * @param labelsTopic the labels' topic, named in dead letters of labels whose target does not fit a decoder
     */
    public SpikeDecodeJob(Source<RawRecord, ?, ?> spikes, Source<RawRecord, ?, ?> labels,
                          Source<RawRecord, ?, ?> control, Function<DecoderKind, Sink<Prediction>> predictions,
                          Sink<DeadLetter> deadLetters,
                          Settings settings, String jobName, String spikesTopic, String labelsTopic) {
        this.jobName = jobName;
        this.labelsTopic = labelsTopic;
        this.spikesTopic = spikesTopic;
        this.spikes = spikes;
        this.labels = labels;
        this.control = control;
        this.predictions = predictions;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /**
     * The job on Kafka: sources read {@code topics} as consumer group {@code group}, sinks write
     * with transactional ids {@code <group>-predictions-<decoder>} (one sink per decoder) and
     * {@code <group>-dead-letters}. With {@code bounded} the sources stop at the end offsets seen at
     * start, so the job finishes and predicts its last bins.
     */
    public static SpikeDecodeJob onKafka(String bootstrap, NeurostreamTopics topics, String group, DeliveryMode mode,
                                         boolean bounded, Settings settings) {
        return new SpikeDecodeJob(
                KafkaConnections.rawSource(bootstrap, topics.neuralSpikes(), group, mode, bounded),
                KafkaConnections.rawSource(bootstrap, topics.labels(), group, mode, bounded),
                KafkaConnections.rawSource(bootstrap, topics.control(), group, mode, bounded),
                kind -> KafkaConnections.sink(bootstrap, new RecordSerializers.PredictionSerializer(topics.predictions()),
                        mode, group + "-predictions-" + kind.id()),
                KafkaConnections.sink(bootstrap, new RecordSerializers.DeadLetterSerializer(topics.deadLetters()), mode,
                        group + "-dead-letters"),
                settings, NAME, topics.neuralSpikes(), topics.labels())
                .withModels(KafkaConnections.sink(bootstrap, new RecordSerializers.ModelSnapshotSerializer(topics.models()),
                        mode, group + "-models"));
    }

    /**
     * Learns with this readout and reservoir plasticity; fails when none of the decoders uses them (e.g.
     * {@code --plasticity oja} without the esn decoder).
     */
    public SpikeDecodeJob withLearning(SpikeDecodeLearning newLearning) {
        newLearning.checkApplies(settings.decoders().stream().map(SpikeDecodeConfig::decoder).toList());
        this.learning = newLearning;
        return this;
    }

    /** Where a plastic reservoir's weights go (written only when {@code --plasticity} is on). */
    public SpikeDecodeJob withModels(Sink<ModelSnapshot> sink) {
        this.models = sink;
        return this;
    }

    /** The learning options of {@code arguments} ({@link SpikeDecodeLearning#options()}), checked against the decoders. */
    public static SpikeDecodeLearning learningFrom(JobArguments arguments, Settings settings) {
        SpikeDecodeLearning l = SpikeDecodeLearning.parse(arguments::get);
        l.checkApplies(settings.decoders().stream().map(SpikeDecodeConfig::decoder).toList());
        return l;
    }

    /** The job as {@code arguments} describe it (common options and {@link #OPTIONS}), on Kafka. */
    public static SpikeDecodeJob fromArguments(JobArguments arguments, NeurostreamTopics topics) {
        return onKafka(arguments.bootstrapServers(), topics, arguments.get("group-id", NAME), arguments.delivery(),
                arguments.bounded(), settingsFrom(arguments))
                .withLearning(learningFrom(arguments, settingsFrom(arguments)))
                .withFailureInjection(arguments.failureInjection())
                .withObjectReuse(arguments.getBoolean("object-reuse", true));
    }

    /** Lets the first decoder throw once, to watch the job recover ({@code --fail-once-after-inputs}). */
    public SpikeDecodeJob withFailureInjection(FailureInjection failure) {
        this.failureInjection = failure;
        return this;
    }

    /**
     * Entry point on a cluster: {@code flink run -c io.neurostream.jobs.spikes.SpikeDecodeJob
     * neurostream-jobs-*-job.jar --bootstrap-servers kafka:9092 [--decoders kalman,rls,esn]
     * [--bin-micros 20000] [--step-micros 20000] [--allowed-lateness-micros 0]
     * [--smoothing-tau-ms 30] [--outputs 2] [--disorder-micros 20000] [--idle-millis 2000]
     * [--readout rls|lms] [--lms-mu 0.05] [--plasticity none|oja] [--oja-eta 0.001]
     * [--delivery exactly-once|low-latency] [--group-id spike-decode] [--topic-... name]}. Each decoder
     * starts from its README defaults; the bin and output settings apply to all of them. Checkpointing
     * and the state backend come from the cluster configuration (the exactly-once sink needs
     * checkpointing: 10 s if it is off); low-latency delivery also flushes network buffers at once.
     */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args, OPTIONS.keySet());
        JobArguments.logToConsoleOutsideACluster();
        settingsFrom(arguments); // fail on wrong values before touching Kafka
        StreamExecutionEnvironment env = arguments.environment();
        fromArguments(arguments, arguments.createTopics()).build(env);
        env.execute(arguments.get("group-id", NAME));
    }

    /**
     * Decoders and bins from cluster arguments; wrong values (also of the learning options, {@link #learningFrom})
     * fail before anything starts.
     */
    public static Settings settingsFrom(JobArguments arguments) {
        List<SpikeDecodeConfig> configs = new ArrayList<>();
        for (String name : arguments.get("decoders", DecoderKind.KALMAN.id()).split(",")) {
            SpikeDecodeConfig c = SpikeDecodeConfig.defaults(DecoderKind.parse(name));
            long bin = arguments.getLong("bin-micros", c.binMicros());
            c = c.withBins(bin, arguments.getLong("step-micros", bin))
                    .withAllowedLateness(arguments.getLong("allowed-lateness-micros", c.allowedLatenessMicros()))
                    .withOutputCount((int) arguments.getLong("outputs", c.outputCount()));
            String tau = arguments.get("smoothing-tau-ms", null);
            if (tau != null) {
                try {
                    c = c.withSmoothingTauMs(Double.parseDouble(tau));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--smoothing-tau-ms must be a number, got '" + tau + "'");
                }
            }
            configs.add(c);
        }
        Settings d = Settings.of(configs);
        RecordLimits limits = d.limits()
                .withMaxRecordBytes(arguments.getLong("max-record-bytes", d.limits().maxRecordBytes()))
                .withMaxUnits(arguments.getLong("max-units", d.limits().maxUnits()))
                .withMaxSpikesPerBatch(arguments.getLong("max-spikes-per-batch", d.limits().maxSpikesPerBatch()));
        Settings settings = new Settings(configs, arguments.getLong("disorder-micros", d.disorderMicros()),
                arguments.getLong("idle-millis", d.idleMillis()), limits);
        learningFrom(arguments, settings); // the learning options fail here too: every validator calls this
        return settings;
    }

    /**
     * Chained operators hand records on without copying them (Flink's object reuse): {@code true} by
     * default. No function of this topology keeps a record it received or changes one it emitted, and
     * records crossing the keyBy are deserialised fresh, so the copy was pure cost (issue 14: Avro's
     * deep copy of every record between chained operators).
     */
    public SpikeDecodeJob withObjectReuse(boolean reuse) {
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
        SingleOutputStreamOperator<SpikeBatch> batches = env
                .fromSource(spikes, WatermarkStrategy.noWatermarks(), "neural.spikes")
                .uid("neural-spikes-source")
                .process(IngestTimes.spikeBatches(jobName, settings.limits()))
                .returns(SourcedTypeInfo.spikeBatches()) // keeps each batch's Kafka position for the decoders' dead letters
                .uid("decode-spike-batches").name("decode + validate SpikeBatch");
        SingleOutputStreamOperator<Label> labelStream = env
                .fromSource(labels, WatermarkStrategy.noWatermarks(), "labels")
                .uid("labels-source")
                .process(IngestTimes.labels(jobName, settings.limits()))
                .returns(SourcedTypeInfo.labels())
                .uid("decode-labels").name("decode Label");
        SingleOutputStreamOperator<Control> controlStream = env
                .fromSource(control, WatermarkStrategy.noWatermarks(), "control")
                .uid("control-source")
                .process(new DecodeFunction<>(Control.class, c -> { }, jobName, settings.limits()))
                .returns(new AvroTypeInfo<>(Control.class))
                .uid("decode-control").name("decode Control");

        DataStream<SpikeBatch> timedBatches = batches.assignTimestampsAndWatermarks(
                SensorClockWatermarks.strategy(new BatchTimes(), settings.disorderMicros(), settings.idleMillis()))
                .uid("spike-watermarks").name("recording-clock watermarks");
        DataStream<Either<Label, Control>> teaching = Teaching.stream(labelStream, controlStream, SourcedTypeInfo.labels(),
                settings.disorderMicros(), settings.idleMillis(), "teaching-watermarks", new Teaching.Key());

        KeyedStream<SpikeBatch, String> keyedBatches = timedBatches.keyBy(new BatchKey());
        KeyedStream<Either<Label, Control>, String> keyedTeaching = teaching.keyBy(new Teaching.Key());
        List<DataStream<DeadLetter>> rejected = new ArrayList<>(List.of(
                labelStream.getSideOutput(DecodeFunction.DEAD_LETTERS),
                controlStream.getSideOutput(DecodeFunction.DEAD_LETTERS)));
        boolean first = true;
        for (SpikeDecodeConfig config : settings.decoders()) {
            String id = config.decoder().id();
            SingleOutputStreamOperator<Prediction> decoded = keyedBatches
                    .connect(keyedTeaching)
                    .process(new SpikeDecodeFunction(config, jobName, spikesTopic, labelsTopic).withLearning(learning)
                            .withFailureInjection(
                            config == settings.decoders().get(0) ? failureInjection : FailureInjection.NONE))
                    .returns(new AvroTypeInfo<>(Prediction.class))
                    .uid("spike-decoder-" + id).name("bins + " + id + " decoder");
            // a sink per decoder, chained to it: no hop to a shared sink task between decision and Kafka
            decoded.sinkTo(predictions.apply(config.decoder())).uid("predictions-sink-" + id).name("predictions (" + id + ")");
            if (config.decoder() == DecoderKind.ESN && learning.plasticity() != SpikeDecodeLearning.Plasticity.NONE) {
                if (models == null) {
                    throw new IllegalStateException("--plasticity " + learning.plasticity().option() + " publishes the "
                            + "adapted reservoir weights: give the job a models sink (withModels)");
                }
                decoded.getSideOutput(SpikeDecodeFunction.MODEL_SNAPSHOTS).sinkTo(models).uid("models-sink")
                        .name("models");
            }
            if (first) {
                // Every decoder sees the same records and rejects the same ones: one dead letter each, from the first.
                rejected.add(decoded.getSideOutput(SpikeDecodeFunction.DEAD_LETTERS));
                first = false;
            }
        }
        @SuppressWarnings("unchecked")
        DataStream<DeadLetter>[] others = rejected.toArray(new DataStream[0]);
        batches.getSideOutput(DecodeFunction.DEAD_LETTERS).union(others)
                .sinkTo(deadLetters).uid("dead-letters-sink").name("dead-letters");
    }

    static final class BatchTimes implements SensorClockWatermarks.CompleteUntil<SpikeBatch> {
        private static final long serialVersionUID = 1L;

        @Override
        public long timestampMicros(SpikeBatch batch) {
            return batch.getStartTimeMicros();
        }

        @Override
        public long completeUntilMicros(SpikeBatch batch) {
            return batch.getEndTimeMicros();
        }

        @Override
        public String streamKey(SpikeBatch batch) {
            return batch.getSessionId();
        }
    }

    static final class BatchKey implements KeySelector<SpikeBatch, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(SpikeBatch batch) {
            return batch.getSessionId();
        }
    }
}
