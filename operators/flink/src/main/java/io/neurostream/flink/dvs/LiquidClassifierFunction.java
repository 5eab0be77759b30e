package io.neurostream.flink.dvs;

import io.neurostream.core.features.BinnedCounts;
import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidState;
import io.neurostream.core.readout.RlsReadout;
import io.neurostream.flink.metrics.LearnerMetrics;
import io.neurostream.flink.state.FeastStateSerializer;
import io.neurostream.flink.state.InputCountsSerializer;
import io.neurostream.flink.state.LiquidStateSerializer;
import io.neurostream.flink.state.PixelTimeStateSerializer;
import io.neurostream.flink.state.RlsReadoutSerializer;
import io.neurostream.operators.events.FeastState;
import io.neurostream.operators.events.PixelTimeState;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import io.neurostream.schemas.internal.KafkaPosition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * dvs-classify's learner, keyed by sensor: runs the sensor's events through the configured event
 * stages and onto the liquid's input grid ({@link SensorPipeline}, sized to the geometry each packet
 * carries), drives a {@link DvsLiquid} with them, closes a window when a packet covers its end (or the watermark passes it), predicts its class
 * with an online {@link RlsReadout}, and then learns from the window's {@link Label} if one
 * arrives (before, or up to {@code labelLatenessMicros} after the window). Windows without a
 * label are predicted only: that is how held-out samples are scored. A label whose class is outside
 * {@code [0, classes)}, or that has neither class nor target, goes to {@link #DEAD_LETTERS},
 * re-encoded, and is counted ({@code labelsRejected}); a regression label (a target, no class),
 * meant for another job on a shared labels topic, is only counted ({@code labelsForOtherJobs}).
 *
 * <p>Event times and timers are in sensor microseconds. State is touched once per packet. Every
 * event is accounted for exactly once ({@link EventTally}): used, filtered by a configured stage, or
 * dropped with its reason, as metrics and as accumulators named {@code <job>.<counter>}.
 */
public class LiquidClassifierFunction extends KeyedCoProcessFunction<String, EventPacket, Label, Prediction> {
    private static final long serialVersionUID = 1L;

    /**
     * Packets rejected by the order check or by stages that do not fit their sensor, and labels
     * without a class of the readout. The value is the record re-encoded; the Kafka partition, offset
     * and timestamp are those the decode step read it at ({@link KafkaPosition}), or -1 for a record
     * that did not come from Kafka.
     */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("learner-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Names of the event counters (metrics of the operator, accumulators {@code <job>.<name>}). */
    public static final List<String> EVENT_COUNTERS = List.of("eventsIn", "eventsUsed",
            "eventsFilteredBackgroundActivity", "eventsFilteredRefractory", "eventsFilteredOutsideRoi",
            "eventsFilteredNoFeature", "eventsDroppedLate", "eventsDroppedRejectedPacket");

    /** Model snapshots, published every {@code snapshotEveryUpdates} learning updates. */
    public static final OutputTag<ModelSnapshot> MODEL_SNAPSHOTS =
            new OutputTag<>("model-snapshots", new AvroTypeInfo<>(ModelSnapshot.class));

    static final ValueStateDescriptor<LiquidState> LIQUID =
            new ValueStateDescriptor<>("liquid-state", LiquidStateSerializer.INSTANCE);
    /** The learned readout per key (public: {@code neurostream model --from-savepoint} reads it). */
    public static final ValueStateDescriptor<RlsReadout> READOUT =
            new ValueStateDescriptor<>("rls-readout", RlsReadoutSerializer.INSTANCE);
    static final ValueStateDescriptor<Long> WINDOW_INGEST_MILLIS =
            new ValueStateDescriptor<>("window-ingest-millis", LongSerializer.INSTANCE);
    /** Labels that arrived before their window closed: window start -> class. */
    static final MapStateDescriptor<Long, Integer> EARLY_LABELS =
            new MapStateDescriptor<>("early-labels", LongSerializer.INSTANCE, IntSerializer.INSTANCE);
    /** Features of closed windows still waiting for a label: window start -> features. */
    static final MapStateDescriptor<Long, double[]> UNLABELLED_FEATURES =
            new MapStateDescriptor<>("unlabelled-features", LongSerializer.INSTANCE, DoublePrimitiveArraySerializer.INSTANCE);

    /** The open window's binned input events ({@code --readout-input counts}); kept only in that mode. */
    static final ValueStateDescriptor<int[]> INPUT_COUNTS =
            new ValueStateDescriptor<>("input-counts", InputCountsSerializer.INSTANCE);

    private static final int LATEST_MICROS = 0;
    private static final int FEAST_LEARNED = 1;
    /** [latest event time seen (µs), events FEAST has learned from]; kept only when stages are on. */
    static final ValueStateDescriptor<long[]> STAGE_CLOCK =
            new ValueStateDescriptor<>("stage-clock", LongPrimitiveArraySerializer.INSTANCE);
    static final ValueStateDescriptor<PixelTimeState> BACKGROUND =
            new ValueStateDescriptor<>("background-activity-state", PixelTimeStateSerializer.INSTANCE);
    static final ValueStateDescriptor<PixelTimeState> REFRACTORY =
            new ValueStateDescriptor<>("refractory-state", PixelTimeStateSerializer.INSTANCE);
    static final ValueStateDescriptor<PixelTimeState> SURFACE =
            new ValueStateDescriptor<>("feast-time-surface", PixelTimeStateSerializer.INSTANCE);
    static final ValueStateDescriptor<FeastState> FEAST =
            new ValueStateDescriptor<>("feast-neurons", FeastStateSerializer.INSTANCE);

    // Readout kind, reservoir plasticity and control (LearningConfig): state of their own, only when used.
    /** LMS or three-factor readouts per key (--readout lms|three-factor). */
    static final ValueStateDescriptor<io.neurostream.flink.learning.LocalReadout> LOCAL_READOUT =
            new ValueStateDescriptor<>("local-readout", io.neurostream.flink.learning.LocalReadoutSerializer.INSTANCE);
    /** The liquid's adapted weights per key (--plasticity other than none). */
    static final ValueStateDescriptor<io.neurostream.flink.learning.LiquidPlasticitySerializer.Weights> PLASTIC_WEIGHTS =
            new ValueStateDescriptor<>("liquid-plastic-weights", io.neurostream.flink.learning.LiquidPlasticitySerializer.INSTANCE);
    /** control FREEZE/UNFREEZE per key: [time µs, 1 = learning on / 0 = off] pairs in time order. */
    static final ValueStateDescriptor<long[]> LEARNING_SWITCHES =
            new ValueStateDescriptor<>("learning-switches", LongPrimitiveArraySerializer.INSTANCE);
    /** Model snapshot kind of a liquid's adapted weights. */
    public static final String RESERVOIR_WEIGHTS_KIND = "reservoir-weights";

    private final DvsClassifyConfig config;
    private io.neurostream.flink.learning.LearningConfig learning = io.neurostream.flink.learning.LearningConfig.defaults();
    private final String jobName;
    private final String sourceTopic;
    private final String labelsTopic;
    /** Readouts a key starts from instead of an empty one (--warm-start-from-models), by key. */
    private Map<String, ReadoutSnapshots.WarmStart> warmStarts = Map.of();

    private transient DvsLiquid liquid;
    /** Time-binned input counts for the readout (null when the readout learns from the liquid only). */
    private transient BinnedCounts binnedCounts;
    private transient ValueState<int[]> inputCountsState;
    /** The current key's open-window counts, while a packet or timer is processed. */
    private transient int[] currentCounts;
    private transient double[] liquidFeatures;
    /** Sensor pipelines kept per subtask (least recently used beyond: rebuilt when needed). */
    private static final int MAX_CACHED_PIPELINES = 128;
    /** Pipelines by sensor id (geometry and region of interest are per sensor); rebuilt when a geometry changes. */
    private transient Map<String, SensorPipeline> pipelines;
    private transient SingleObjectCodec<EventPacket> codec;
    private transient SingleObjectCodec<Label> labelCodec;
    private transient ValueState<long[]> stageClock;
    private transient ValueState<PixelTimeState> backgroundState;
    private transient ValueState<PixelTimeState> refractoryState;
    private transient ValueState<PixelTimeState> surfaceState;
    private transient ValueState<FeastState> feastState;
    private transient EventTally tally;
    private transient EventTally.Published eventCounts;
    // The packet being processed, for the per-event callback (no allocation per event).
    private transient LiquidState current;
    private transient long currentIngestMillis;
    private transient Context currentContext;
    private transient Collector<Prediction> currentOut;
    private transient double[] features;
    private transient double[] scores;
    private transient double[] target;
    private transient ValueState<LiquidState> liquidState;
    private transient ValueState<RlsReadout> readoutState;
    private transient ValueState<Long> windowIngestState;
    private transient MapState<Long, Integer> earlyLabels;
    private transient MapState<Long, double[]> unlabelled;
    /**
     * Readouts in use since the last checkpoint barrier, least recently used first, when
     * {@link LearnerOperator} runs this function: learning updates them here and they are written to
     * state once per checkpoint (or when more than {@link #readoutCacheKeys} are held), so an update
     * costs no state access whatever the model's size. Null: every update is written at once.
     */
    private transient java.util.LinkedHashMap<String, RlsReadout> readoutCache;
    private transient java.util.Set<String> readoutsToWrite;
    private transient int readoutCacheKeys;
    /** Bytes of readouts held between checkpoints (0: write every update at once). */
    private long readoutCacheBytes;
    private transient Counter windowsPredicted;
    private transient Counter learningUpdates;
    private transient Counter labelsTooLate;
    private transient Counter labelsRejected;
    private transient Counter labelsForOtherJobs;
    private io.neurostream.flink.common.FailureInjection failureInjection = io.neurostream.flink.common.FailureInjection.NONE;
    private transient LearnerMetrics learnerMetrics;
    private transient ValueState<io.neurostream.flink.learning.LocalReadout> localReadoutState;
    private transient ValueState<io.neurostream.flink.learning.LiquidPlasticitySerializer.Weights> plasticState;
    private transient ValueState<long[]> switchesState;
    /** Adapted liquids by key (ahead of or equal to their state), least recently used beyond MAX_CACHED_PIPELINES dropped. */
    private transient Map<String, io.neurostream.core.lsm.LiquidPlasticity> plasticCache;
    /** The adapted liquid of the packet being processed, or null (no plasticity). */
    private transient io.neurostream.core.lsm.LiquidPlasticity currentPlastic;
    private transient Counter controlsApplied;
    private transient Counter updatesFrozen;

    /**
     * @param jobName names the job in prediction ids, model snapshots and dead letters
     * @param sourceTopic the topic the packets came from, named in dead letters
     * @param labelsTopic the topic the labels came from, named in dead letters
     */
    public LiquidClassifierFunction(DvsClassifyConfig config, String jobName, String sourceTopic, String labelsTopic) {
        this.config = config;
        this.jobName = jobName;
        this.sourceTopic = sourceTopic;
        this.labelsTopic = labelsTopic;
    }

    /** Learns with this readout kind and reservoir plasticity (default: RLS, no plasticity). */
    public LiquidClassifierFunction withLearning(io.neurostream.flink.learning.LearningConfig newLearning) {
        this.learning = newLearning;
        return this;
    }

    public io.neurostream.flink.learning.LearningConfig learning() {
        return learning;
    }

    /** A failure to inject once, to watch the job recover ({@code --fail-once-after-inputs}); off by default. */
    public LiquidClassifierFunction withFailureInjection(io.neurostream.flink.common.FailureInjection failure) {
        this.failureInjection = failure;
        return this;
    }

    /**
     * Keys in {@code readouts} start from that readout (its weights; a fresh inverse correlation
     * matrix) instead of an empty one, the first time they need one; keys with state keep theirs.
     */
    public LiquidClassifierFunction warmStartFrom(Map<String, ReadoutSnapshots.WarmStart> readouts) {
        this.warmStarts = Map.copyOf(readouts);
        return this;
    }

    /**
     * Called by {@link LearnerOperator}, which writes deferred readouts back before every checkpoint
     * barrier: readouts are held between checkpoints, as many as fit in {@code cacheBytes} (at least one).
     */
    void deferReadoutWrites(long cacheBytes) {
        this.readoutCacheBytes = cacheBytes;
    }

    /**
     * Writes deferred readouts to state, switching the key with {@code keySwitch}: all of them
     * ({@code all}, before a checkpoint barrier; the cache is then emptied, so that on the heap backend
     * no object an asynchronous snapshot is writing is changed afterwards) or the least recently
     * used beyond the cache's size.
     */
    void writeBackReadouts(boolean all, KeySwitch keySwitch) throws Exception {
        if (readoutCache == null) {
            return;
        }
        var entries = readoutCache.entrySet().iterator();
        while (entries.hasNext() && (all || readoutCache.size() > readoutCacheKeys)) {
            Map.Entry<String, RlsReadout> e = entries.next();
            if (readoutsToWrite.remove(e.getKey())) {
                keySwitch.setCurrentKey(e.getKey());
                readoutState.update(e.getValue());
            }
            entries.remove();
        }
    }

    /** Sets the key the keyed state refers to (the operator's {@code setCurrentKey}). */
    interface KeySwitch {
        void setCurrentKey(String key) throws Exception;
    }

    @Override
    public void open(OpenContext openContext) {
        liquid = new DvsLiquid(config.liquid());
        ReadoutInput input = config.readoutInput();
        if (input.usesCounts()) {
            binnedCounts = new BinnedCounts(input.countParams(config.liquid()));
            inputCountsState = getRuntimeContext().getState(INPUT_COUNTS);
        }
        liquidFeatures = input.kind() == ReadoutInput.Kind.COUNTS_LIQUID ? new double[config.liquid().featureCount()] : null;
        if (readoutCacheBytes > 0) {
            long featureCount = config.readoutFeatureCount();
            long bytesPerReadout = 8 * featureCount * (featureCount + config.classCount());
            readoutCacheKeys = (int) Math.max(1, Math.min(100_000, readoutCacheBytes / bytesPerReadout));
            readoutCache = new java.util.LinkedHashMap<>(16, 0.75f, true);
            readoutsToWrite = new java.util.HashSet<>();
        }
        features = new double[config.readoutFeatureCount()];
        scores = new double[config.classCount()];
        target = new double[config.classCount()];
        liquidState = getRuntimeContext().getState(LIQUID);
        readoutState = getRuntimeContext().getState(READOUT);
        windowIngestState = getRuntimeContext().getState(WINDOW_INGEST_MILLIS);
        earlyLabels = getRuntimeContext().getMapState(EARLY_LABELS);
        unlabelled = getRuntimeContext().getMapState(UNLABELLED_FEATURES);
        pipelines = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SensorPipeline> eldest) {
                // Rebuilt on demand: bounds the memory a stream of invented sensor ids can take (a pipeline
                // of a 65535-pixel-wide sensor holds 256 KB of grid mapping).
                return size() > MAX_CACHED_PIPELINES;
            }
        };
        codec = SingleObjectCodec.of(EventPacket.class);
        labelCodec = SingleObjectCodec.of(Label.class);
        stageClock = getRuntimeContext().getState(STAGE_CLOCK);
        backgroundState = getRuntimeContext().getState(BACKGROUND);
        refractoryState = getRuntimeContext().getState(REFRACTORY);
        surfaceState = getRuntimeContext().getState(SURFACE);
        feastState = getRuntimeContext().getState(FEAST);
        var metrics = getRuntimeContext().getMetricGroup();
        tally = new EventTally();
        eventCounts = new EventTally.Published(getRuntimeContext(), jobName, EVENT_COUNTERS);
        windowsPredicted = metrics.counter("windowsPredicted");
        learningUpdates = metrics.counter("learningUpdates");
        labelsTooLate = metrics.counter("labelsTooLate");
        labelsRejected = metrics.counter("labelsRejected");
        labelsForOtherJobs = metrics.counter("labelsForOtherJobs");
        localReadoutState = getRuntimeContext().getState(LOCAL_READOUT);
        plasticState = getRuntimeContext().getState(PLASTIC_WEIGHTS);
        switchesState = getRuntimeContext().getState(LEARNING_SWITCHES);
        plasticCache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, io.neurostream.core.lsm.LiquidPlasticity> eldest) {
                return size() > MAX_CACHED_PIPELINES; // written to state after every packet: safe to forget
            }
        };
        controlsApplied = metrics.counter("controlsApplied");
        updatesFrozen = metrics.counter("learningUpdatesFrozen");
        learnerMetrics = LearnerMetrics.register(metrics, LearnerMetrics.Task.CLASSIFICATION, "eventsIn", eventCounts.counter(0));
    }

    @Override
    public void processElement1(EventPacket packet, Context ctx, Collector<Prediction> out) throws Exception {
        failureInjection.onInput(getRuntimeContext());
        tally.clear();
        tally.in = packet.getEventCount();
        try {
            process(packet, ctx, out);
        } finally {
            publish(tally);
        }
    }

    private void process(EventPacket packet, Context ctx, Collector<Prediction> out) throws Exception {
        SensorPipeline pipeline;
        try {
            pipeline = pipeline(packet);
        } catch (IllegalArgumentException e) {
            reject(packet, ctx, "the event stages do not fit sensor " + packet.getSensorId() + " ("
                    + packet.getWidth() + "x" + packet.getHeight() + "): " + e.getMessage());
            return;
        }
        ByteBuffer view = PackedEvents.view(packet.getEvents());
        int count = packet.getEventCount();
        long start = packet.getStartTimeMicros();
        boolean staged = !config.stages().isNone();
        long[] clock = null;
        SensorPipeline.StageState stageState = null;
        if (staged) {
            clock = stageClock.value();
            if (clock == null) {
                clock = new long[] {Long.MIN_VALUE, 0};
            }
            if (count > 0 && clock[LATEST_MICROS] != Long.MIN_VALUE) {
                long first = start + PackedEvents.dtMicros(view, 0);
                if (first < clock[LATEST_MICROS] - config.stages().disorderMicros()) {
                    reject(packet, ctx, "time goes back across packets: sensor " + packet.getSensorId() + " packet "
                            + packet.getSequence() + " starts at " + first + " µs, " + (clock[LATEST_MICROS] - first)
                            + " µs before the latest event already seen (" + clock[LATEST_MICROS]
                            + " µs); tolerated disorder is " + config.stages().disorderMicros() + " µs");
                    return;
                }
            }
            stageState = new SensorPipeline.StageState();
            stageState.background = backgroundState.value();
            stageState.refractory = refractoryState.value();
            stageState.surface = surfaceState.value();
            stageState.feast = feastState.value();
            stageState = pipeline.adopt(stageState);
        }
        LiquidState state = liquidState.value();
        if (state == null) {
            state = liquid.newState();
            state.windowStartMicros = Long.MIN_VALUE; // no window yet
            state.windowEndMicros = Long.MIN_VALUE;
        }
        current = state;
        currentCounts = countsOf(inputCountsState);
        currentPlastic = plasticity(ctx.getCurrentKey(), start);
        currentIngestMillis = packet.getIngestTimeMillis() == null ? System.currentTimeMillis() : packet.getIngestTimeMillis();
        currentContext = ctx;
        currentOut = out;
        long[] feastLearned = {staged ? clock[FEAST_LEARNED] : 0};
        // the stages over the whole packet, then one loop over what reaches the liquid (no per-event callback)
        SensorPipeline.Batch batch = pipeline.run(view, start, count, staged ? stageState : EMPTY_STAGES, feastLearned,
                tally);
        long[] times = batch.tMicros;
        int[] cellX = batch.cellX;
        int[] cellY = batch.cellY;
        int[] channel = batch.channel;
        for (int i = 0, n = batch.count; i < n; i++) {
            feed(times[i], cellX[i], cellY[i], channel[i]);
        }
        if (staged) {
            if (count > 0) {
                clock[LATEST_MICROS] = Math.max(clock[LATEST_MICROS], start + PackedEvents.dtMicros(view, count - 1));
            }
            clock[FEAST_LEARNED] = feastLearned[0];
            stageClock.update(clock);
            updateIfSet(backgroundState, stageState.background);
            updateIfSet(refractoryState, stageState.refractory);
            updateIfSet(surfaceState, stageState.surface);
            if (stageState.feast != null) {
                feastState.update(stageState.feast);
                learnerMetrics.plasticWeightNorm(LearnerMetrics.norm(stageState.feast.weights));
            }
        }
        if (isOpen(state)) {
            if (packet.getEndTimeMicros() >= state.windowEndMicros) {
                closeWindow(ctx.getCurrentKey(), state, currentIngestMillis, out, ctx);
            } else {
                windowIngestState.update(currentIngestMillis);
                ctx.timerService().registerEventTimeTimer(state.windowEndMicros - 1);
            }
        }
        liquidState.update(state);
        if (currentCounts != null) {
            inputCountsState.update(currentCounts);
        }
        if (currentPlastic != null) {
            plasticState.update(io.neurostream.flink.learning.LiquidPlasticitySerializer.Weights.of(currentPlastic));
        }
        currentPlastic = null;
        current = null;
        currentCounts = null;
        currentContext = null;
        currentOut = null;
    }

    private static final SensorPipeline.StageState EMPTY_STAGES = new SensorPipeline.StageState();

    private static <T> void updateIfSet(ValueState<T> state, T value) throws Exception {
        if (value != null) {
            state.update(value);
        }
    }

    /** One event on the liquid's input grid: closes the open window first if the event lies past it. */
    private void feed(long tMicros, int cellX, int cellY, int channel) throws Exception {
        LiquidState state = current;
        if (currentCounts == null && currentPlastic == null
                && tMicros >= state.windowStartMicros && tMicros < state.windowEndMicros
                && state.windowEndMicros - state.windowStartMicros == config.windowMicros()) {
            // the common case of the fixed liquid, without a division: the event falls in the open window
            // (input counts and plasticity take the full path below)
            if (liquid.onInput(state, tMicros, cellX, cellY, channel) < 0) {
                throw refused(tMicros, cellX, cellY, channel);
            }
            tally.used++;
            return;
        }
        long windowStart = Math.floorDiv(tMicros, config.windowMicros()) * config.windowMicros();
        if (isOpen(state) && windowStart != state.windowStartMicros) {
            if (windowStart < state.windowStartMicros) {
                tally.late++;
                return;
            }
            closeWindow(currentContext.getCurrentKey(), state, currentIngestMillis, currentOut, currentContext);
        }
        if (!isOpen(state)) {
            if (windowStart <= state.windowStartMicros) {
                tally.late++; // that window was predicted already
                return;
            }
            state.reset(windowStart, windowStart + config.windowMicros());
            if (currentCounts != null) {
                Arrays.fill(currentCounts, 0);
            }
        }
        if (currentCounts != null) {
            if (!binnedCounts.add(currentCounts, tMicros - state.windowStartMicros, cellX, cellY, channel)) {
                throw new IllegalStateException("the input counts refused an event the pipeline mapped onto the grid: t="
                        + tMicros + " cell " + cellX + "," + cellY + " channel " + channel);
            }
            if (!config.readoutInput().usesLiquid()) {
                state.eventCount++; // the liquid is not run: its spikes are not read
                tally.used++;
                return;
            }
        }
        if (liquid.onInput(state, tMicros, cellX, cellY, channel, currentPlastic) < 0) {
            throw refused(tMicros, cellX, cellY, channel);
        }
        tally.used++;
    }

    private static IllegalStateException refused(long tMicros, int cellX, int cellY, int channel) {
        return new IllegalStateException("the liquid refused an event the pipeline mapped onto its grid: t="
                + tMicros + " cell " + cellX + "," + cellY + " channel " + channel);
    }

    private SensorPipeline pipeline(EventPacket packet) {
        String sensor = packet.getSensorId();
        SensorPipeline pipeline = pipelines.get(sensor);
        EventStagesConfig stages = pipeline == null ? null : pipeline.stages();
        if (stages == null || stages.sensorWidth() != packet.getWidth() || stages.sensorHeight() != packet.getHeight()) {
            pipeline = new SensorPipeline(config.stagesFor(sensor, packet.getWidth(), packet.getHeight()),
                    config.liquid().width(), config.liquid().height());
            pipelines.put(sensor, pipeline);
        }
        return pipeline;
    }

    private void publish(EventTally t) {
        eventCounts.add(t.in, t.used, t.background, t.refractory, t.outsideRoi, t.noFeature, t.late, t.rejected);
    }

    private void reject(EventPacket packet, Context ctx, String reason) {
        tally.rejected += packet.getEventCount();
        learnerMetrics.deadLetter();
        ctx.output(DEAD_LETTERS, deadLetter(sourceTopic, packet, packet.getSensorId(), codec.encode(packet), reason));
    }

    /** A label without a class of the readout: to dead-letters. */
    private void reject(Label label, Context ctx, String problem) {
        labelsRejected.inc();
        learnerMetrics.deadLetter();
        String reason = "label " + label.getSequence() + " of stream " + label.getStreamId() + " for ["
                + label.getStartTimeMicros() + ", " + label.getEndTimeMicros() + ") µs: " + problem;
        ctx.output(DEAD_LETTERS, deadLetter(labelsTopic, label, label.getStreamId(), labelCodec.encode(label), reason));
    }

    /** Where the decode step read {@code record} (-1 if it did not come from Kafka). */
    private DeadLetter deadLetter(String topic, Object record, String key, byte[] value, String reason) {
        KafkaPosition at = KafkaPosition.of(record);
        return new DeadLetter(topic, at.partition(), at.offset(), at.timestampMillis(),
                ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)), ByteBuffer.wrap(value), reason,
                jobName + "/learner", System.currentTimeMillis());
    }

    @Override
    public void processElement2(Label label, Context ctx, Collector<Prediction> out) throws Exception {
        Integer classIndex = label.getClassIndex();
        if (classIndex == null) {
            int values = label.getTarget() == null ? 0 : label.getTarget().size();
            if (values > 0) {
                // A regression label (e.g. spike-decode's kinematics) on a shared labels topic: not ours, not bad.
                labelsForOtherJobs.inc();
                return;
            }
            reject(label, ctx, "classIndex is null and there is no target, the learner needs a class in [0, "
                    + config.classCount() + ")");
            return;
        }
        if (classIndex < 0 || classIndex >= config.classCount()) {
            reject(label, ctx, "classIndex " + classIndex + " outside the learner's classes [0, " + config.classCount()
                    + ")");
            return;
        }
        long windowStart = Math.floorDiv(label.getStartTimeMicros(), config.windowMicros()) * config.windowMicros();
        double[] waiting = unlabelled.get(windowStart);
        if (waiting != null) {
            learn(ctx.getCurrentKey(), waiting, label.getClassIndex(), ctx, windowStart);
            unlabelled.remove(windowStart);
            return;
        }
        LiquidState state = liquidState.value();
        boolean windowPassed = state != null && windowStart < state.windowStartMicros
                || state != null && windowStart == state.windowStartMicros && !isOpen(state);
        if (windowPassed) {
            // Its window was closed and forgotten (past labelLatenessMicros). Counted, not dead-lettered yet: in
            // NmnistRunITCase under CI load 57-80 of 300 labels land here for a reason not found (README).
            labelsTooLate.inc();
            return;
        }
        earlyLabels.put(windowStart, label.getClassIndex());
        ctx.timerService().registerEventTimeTimer(windowStart + config.windowMicros() + config.labelLatenessMicros());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
        LiquidState state = liquidState.value();
        if (state != null && isOpen(state) && state.windowEndMicros - 1 <= timestamp) {
            Long ingest = windowIngestState.value();
            currentCounts = countsOf(inputCountsState);
            closeWindow(ctx.getCurrentKey(), state, ingest == null ? System.currentTimeMillis() : ingest, out, ctx);
            currentCounts = null;
            liquidState.update(state);
        }
        // Forget what waited too long for its partner (a label or a window).
        long horizon = timestamp - config.labelLatenessMicros() - config.windowMicros();
        removeOlderThan(unlabelled.keys().iterator(), horizon);
        removeOlderThan(earlyLabels.keys().iterator(), horizon);
    }

    private static void removeOlderThan(Iterator<Long> windowStarts, long horizon) {
        while (windowStarts.hasNext()) {
            if (windowStarts.next() <= horizon) {
                windowStarts.remove();
            }
        }
    }

    /** The key's open-window counts (fresh zeros if none or of another size), or null when counts are off. */
    private int[] countsOf(ValueState<int[]> countsState) throws Exception {
        if (binnedCounts == null) {
            return null;
        }
        int[] counts = countsState.value();
        return counts != null && counts.length == binnedCounts.params().countLength() ? counts : binnedCounts.newCounts();
    }

    /** The readout's input for the window in {@code state} (and {@link #currentCounts}), into {@link #features}. */
    private void readoutFeatures(LiquidState state) {
        switch (config.readoutInput().kind()) {
            case LIQUID -> liquid.features(state, features);
            case COUNTS -> {
                int[] counts = currentCounts != null ? currentCounts : binnedCounts.newCounts();
                binnedCounts.features(counts, features, 0);
                features[features.length - 1] = 1.0;
            }
            case COUNTS_LIQUID -> {
                int[] counts = currentCounts != null ? currentCounts : binnedCounts.newCounts();
                binnedCounts.features(counts, features, 0);
                liquid.features(state, liquidFeatures);
                System.arraycopy(liquidFeatures, 0, features, features.length - liquidFeatures.length,
                        liquidFeatures.length);
            }
        }
    }

    private static boolean isOpen(LiquidState state) {
        return state.windowEndMicros > state.windowStartMicros;
    }

    private void closeWindow(String key, LiquidState state, long ingestMillis, Collector<Prediction> out,
                             KeyedCoProcessFunction<String, EventPacket, Label, Prediction>.Context ctx)
            throws Exception {
        // A key that never learned has no readout yet: its zero weights would score every class 0. Creating
        // the readout (11.5 MB at the default size) only on the first label keeps unlabelled sensors cheap,
        // whatever number of sensor ids a producer invents.
        io.neurostream.flink.learning.ReadoutKind kind = learning.readoutFor(key);
        RlsReadout readout = kind == io.neurostream.flink.learning.ReadoutKind.RLS ? existingReadout(key) : null;
        io.neurostream.flink.learning.LocalReadout local =
                kind == io.neurostream.flink.learning.ReadoutKind.RLS ? null : localReadoutState.value();
        readoutFeatures(state);
        if (readout != null) {
            readout.predict(features, scores);
        } else if (local != null) {
            local.predict(features, scores);
        } else {
            Arrays.fill(scores, 0);
        }
        long updates = readout != null ? readout.updates() : local != null ? local.updates() : 0;
        endPlasticWindow(key, state);
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        long windowStart = state.windowStartMicros;
        Integer label = earlyLabels.get(windowStart);
        List<Double> scoreList = new ArrayList<>(scores.length);
        for (double s : scores) {
            scoreList.add(s);
        }
        out.collect(new Prediction(jobName + "/" + key + "/" + windowStart, jobName, key, windowStart, state.windowEndMicros,
                updates == 0 ? null : best, scoreList, List.of(), label, updates,
                state.eventCount, ingestMillis, System.currentTimeMillis()));
        windowsPredicted.inc();
        learnerMetrics.predicted(key, updates, System.currentTimeMillis() - ingestMillis);
        learnerMetrics.reservoirFiringRateHz(state.totalSpikes() * 1e6
                / ((double) state.neuronCount() * (state.windowEndMicros - state.windowStartMicros)));
        if (label != null && updates > 0) {
            learnerMetrics.scored(key, best == label);
        }
        if (label != null) {
            earlyLabels.remove(windowStart);
            learn(key, features, label, ctx, windowStart);
        } else {
            unlabelled.put(windowStart, features.clone());
            ctx.timerService().registerEventTimeTimer(state.windowEndMicros + config.labelLatenessMicros());
        }
        state.windowEndMicros = state.windowStartMicros; // closed
    }

    private void learn(String key, double[] x, int classIndex,
                       KeyedCoProcessFunction<String, EventPacket, Label, Prediction>.Context ctx, long windowStart)
            throws Exception {
        if (!learningOn(switchesState.value(), windowStart)) {
            updatesFrozen.inc(); // control FREEZE: the window is predicted, nothing is learned from it
            return;
        }
        Arrays.fill(target, 0);
        target[classIndex] = 1;
        if (learning.readoutFor(key) != io.neurostream.flink.learning.ReadoutKind.RLS) {
            learnLocal(key, x, ctx);
            return;
        }
        RlsReadout readout = readout(key);
        readout.update(x, target);
        if (readoutCache != null) {
            readoutsToWrite.add(key); // written before the next checkpoint barrier
        } else {
            readoutState.update(readout);
        }
        learningUpdates.inc();
        if (readout.updates() % 10 == 1) { // the norm reads every weight: not on every update
            learnerMetrics.readoutWeightNorm(LearnerMetrics.norm(readout.weights()));
        }
        if (config.snapshotEveryUpdates() > 0 && readout.updates() % config.snapshotEveryUpdates() == 0) {
            ctx.output(MODEL_SNAPSHOTS, snapshot(key, readout));
            snapshotReservoir(key, readout.updates(), ctx);
        }
    }

    // ---- readout kinds, plasticity and control (LearningConfig) ----

    private void learnLocal(String key, double[] x, KeyedCoProcessFunction<String, EventPacket, Label, Prediction>.Context ctx)
            throws Exception {
        io.neurostream.flink.learning.LocalReadout local = localReadoutState.value();
        if (local == null) {
            local = io.neurostream.flink.learning.LocalReadout.create(learning.readoutFor(key),
                    config.readoutFeatureCount(), config.classCount(), learning);
        }
        local.update(x, target);
        localReadoutState.update(local); // O(features x classes): written at every update
        learningUpdates.inc();
        if (local.updates() % 10 == 1) {
            learnerMetrics.readoutWeightNorm(LearnerMetrics.norm(local.effectiveWeights()));
        }
        if (config.snapshotEveryUpdates() > 0 && local.updates() % config.snapshotEveryUpdates() == 0) {
            ctx.output(MODEL_SNAPSHOTS, LearningSnapshots.localReadout(jobName, key, local, snapshotMetadata()));
            snapshotReservoir(key, local.updates(), ctx);
        }
    }

    private void snapshotReservoir(String key, long version,
                                   KeyedCoProcessFunction<String, EventPacket, Label, Prediction>.Context ctx) {
        io.neurostream.core.lsm.LiquidPlasticity plastic = plasticCache.get(key);
        if (plastic != null) {
            ctx.output(MODEL_SNAPSHOTS, LearningSnapshots.reservoir(jobName, key, plastic, version, snapshotMetadata()));
        }
    }

    /** The key's adapted liquid (cache, state, or fresh), learning or not as control says at {@code tMicros}; null without plasticity. */
    private io.neurostream.core.lsm.LiquidPlasticity plasticity(String key, long tMicros) throws Exception {
        if (!learning.plasticity().enabled()) {
            return null;
        }
        io.neurostream.core.lsm.LiquidPlasticity plastic = plasticCache.get(key);
        if (plastic == null) {
            io.neurostream.flink.learning.LiquidPlasticitySerializer.Weights stored = plasticState.value();
            plastic = stored == null ? io.neurostream.core.lsm.LiquidPlasticity.create(liquid, learning.plasticity())
                    : stored.restore(liquid);
            plasticCache.put(key, plastic);
        }
        plastic.setLearning(learningOn(switchesState.value(), tMicros));
        return plastic;
    }

    /** A window closed: the homeostatic rules adapt on its spike counts. */
    private void endPlasticWindow(String key, LiquidState state) throws Exception {
        io.neurostream.core.lsm.LiquidPlasticity plastic = plasticity(key, state.windowStartMicros);
        if (plastic != null) {
            plastic.endWindow(state);
            plasticState.update(io.neurostream.flink.learning.LiquidPlasticitySerializer.Weights.of(plastic));
        }
    }

    /** Whether learning is on at {@code tMicros}: the last FREEZE/UNFREEZE at or before it says (on without any). */
    static boolean learningOn(long[] switches, long tMicros) {
        boolean on = true;
        for (int i = 0; switches != null && i + 1 < switches.length && switches[i] <= tMicros; i += 2) {
            on = switches[i + 1] != 0;
        }
        return on;
    }

    /**
     * A {@link io.neurostream.schemas.Control} for the current key: FREEZE stops learning (readout and
     * plasticity) from its {@code timeMicros} on, UNFREEZE resumes it; other commands are ignored here.
     */
    void onControl(io.neurostream.schemas.Control control) throws Exception {
        io.neurostream.schemas.ControlCommand command = control.getCommand();
        if (command != io.neurostream.schemas.ControlCommand.FREEZE
                && command != io.neurostream.schemas.ControlCommand.UNFREEZE) {
            return;
        }
        long[] old = switchesState.value();
        int n = old == null ? 0 : old.length;
        long[] switches = new long[n + 2];
        int at = n;
        while (at > 0 && old[at - 2] > control.getTimeMicros()) {
            at -= 2; // keep time order: a control may arrive out of order
        }
        if (n > 0) {
            System.arraycopy(old, 0, switches, 0, at);
            System.arraycopy(old, at, switches, at + 2, n - at);
        }
        switches[at] = control.getTimeMicros();
        switches[at + 1] = command == io.neurostream.schemas.ControlCommand.UNFREEZE ? 1 : 0;
        switchesState.update(switches);
        controlsApplied.inc();
    }

    private Map<String, String> snapshotMetadata() {
        return Map.of(
                "liquid", config.liquid().toString(),
                "windowMicros", Long.toString(config.windowMicros()),
                "features", "log1p(spike count) per neuron and time bin, then bias 1",
                "readout", learning.readout().option(),
                "plasticity", learning.plasticity().toString());
    }

    /** The key's readout (held, from state, or from its warm start), or null if it has none yet. */
    private RlsReadout existingReadout(String key) throws Exception {
        RlsReadout readout = readoutCache == null ? null : readoutCache.get(key);
        if (readout != null) {
            return readout;
        }
        readout = readoutState.value();
        if (readoutCache != null && readout != null) {
            readoutCache.put(key, readout);
        }
        if (readout == null) {
            ReadoutSnapshots.WarmStart warm = warmStarts.get(key);
            if (warm != null) {
                readout = keep(key, warm.readout(config.readoutFeatureCount(), config.classCount(), config.rlsLambda(),
                        config.rlsDelta()));
            }
        }
        return readout;
    }

    /** The key's readout, created empty at its first learning update. */
    private RlsReadout readout(String key) throws Exception {
        RlsReadout readout = existingReadout(key);
        return readout != null ? readout : keep(key, new RlsReadout(config.readoutFeatureCount(), config.classCount(),
                config.rlsLambda(), config.rlsDelta()));
    }

    private RlsReadout keep(String key, RlsReadout readout) throws Exception {
        if (readoutCache != null) {
            readoutCache.put(key, readout);
            readoutsToWrite.add(key);
        } else {
            readoutState.update(readout);
        }
        return readout;
    }

    private ModelSnapshot snapshot(String key, RlsReadout readout) {
        Map<String, String> metadata = Map.of(
                "liquid", config.liquid().toString(),
                "windowMicros", Long.toString(config.windowMicros()),
                "features", config.readoutInput().describe(config.liquid()),
                "input", config.featureInput() ? "FEAST feature events (channel = feature neuron)" : "ON/OFF events",
                "stages", config.stages().toString());
        return ReadoutSnapshots.of(jobName, key, readout, metadata);
    }
}
