package io.neurostream.flink.analytics;

import io.neurostream.core.analytics.AnalyticsParams;
import io.neurostream.core.analytics.BrainStates;
import io.neurostream.core.analytics.Connectivity;
import io.neurostream.core.analytics.PopulationStats;
import io.neurostream.core.analytics.SpikeAnalytics;
import io.neurostream.schemas.BrainState;
import io.neurostream.schemas.ConnectivityChange;
import io.neurostream.schemas.ConnectivityEvent;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.NeuralStats;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.UnitQuality;
import io.neurostream.schemas.codec.PackedSpikes;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * spike-analytics' operator, keyed by session: feeds each SpikeBatch's spikes, in order, to the
 * session's {@link SpikeAnalytics} (statistics windows, correlogram connectivity, online HMM) and
 * turns what the kernels emit into records: {@link NeuralStats} on the main output,
 * {@link ConnectivityEvent}s and {@link BrainState}s on side outputs. A batch's end time moves the
 * recording clock (closing windows and bins); at the end of a bounded input (the final watermark)
 * the graph is evaluated once more.
 *
 * <p>Nothing is lost silently: spikes earlier than ones already seen are counted ({@code lateSpikes},
 * also in every NeuralStats record); a batch whose unit count differs from the session's first, or
 * that the configuration does not fit (a configured pair beyond the session's units), goes to
 * {@link #DEAD_LETTERS} with the reason. State is touched once per batch.
 *
 * <p>Metrics (of the session this subtask updated last): gauges {@code populationRateHz},
 * {@code goodUnits}, {@code meanFanoFactor}, {@code meanIsiCv}, {@code connectivityEdges},
 * {@code pairsMonitored}, {@code brainState}, {@code brainStateProbability},
 * {@code populationVariance}, {@code lag1Autocorrelation}, {@code stateBytes}; counters
 * {@code spikesIn}, {@code lateSpikes}, {@code batchesRejected}, {@code statsWindows},
 * {@code connectivityEvents}, {@code stateChanges}.
 */
public class SpikeAnalyticsFunction extends KeyedProcessFunction<String, SpikeBatch, NeuralStats> {
    private static final long serialVersionUID = 1L;

    static final ValueStateDescriptor<SpikeAnalytics> ANALYTICS =
            new ValueStateDescriptor<>("spike-analytics", SpikeAnalyticsSerializer.INSTANCE);

    public static final OutputTag<ConnectivityEvent> CONNECTIVITY =
            new OutputTag<>("connectivity-events", new AvroTypeInfo<>(ConnectivityEvent.class));
    public static final OutputTag<BrainState> STATES =
            new OutputTag<>("brain-states", new AvroTypeInfo<>(BrainState.class));
    /** Batches the session cannot take; the value is the batch re-encoded (its Kafka offset is unknown here: -1). */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("analytics-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private final AnalyticsParams params;
    private final String jobName;
    private final String spikesTopic;

    private transient ValueState<SpikeAnalytics> analyticsState;
    private transient Emitter emitter;
    private transient SingleObjectCodec<SpikeBatch> batchCodec;
    private transient Counter spikesIn;
    private transient Counter lateSpikes;
    private transient Counter batchesRejected;
    private transient Counter statsWindows;
    private transient Counter connectivityEvents;
    private transient Counter stateChanges;
    private transient volatile double populationRateHz;
    private transient volatile int goodUnits;
    private transient volatile double meanFanoFactor;
    private transient volatile double meanIsiCv;
    private transient volatile int connectivityEdges;
    private transient volatile int pairsMonitored;
    private transient volatile int brainState;
    private transient volatile double brainStateProbability;
    private transient volatile double populationVariance;
    private transient volatile double lag1Autocorrelation;
    private transient volatile long stateBytes;

    /**
     * @param jobName names the job in dead letters
     * @param spikesTopic the topic the batches came from, named in dead letters
     */
    public SpikeAnalyticsFunction(AnalyticsParams params, String jobName, String spikesTopic) {
        this.params = params;
        this.jobName = jobName;
        this.spikesTopic = spikesTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        analyticsState = getRuntimeContext().getState(ANALYTICS);
        emitter = new Emitter();
        batchCodec = SingleObjectCodec.of(SpikeBatch.class);
        var m = getRuntimeContext().getMetricGroup();
        spikesIn = m.counter("spikesIn");
        lateSpikes = m.counter("lateSpikes");
        batchesRejected = m.counter("batchesRejected");
        statsWindows = m.counter("statsWindows");
        connectivityEvents = m.counter("connectivityEvents");
        stateChanges = m.counter("stateChanges");
        m.gauge("populationRateHz", (Gauge<Double>) () -> populationRateHz);
        m.gauge("goodUnits", (Gauge<Integer>) () -> goodUnits);
        m.gauge("meanFanoFactor", (Gauge<Double>) () -> meanFanoFactor);
        m.gauge("meanIsiCv", (Gauge<Double>) () -> meanIsiCv);
        m.gauge("connectivityEdges", (Gauge<Integer>) () -> connectivityEdges);
        m.gauge("pairsMonitored", (Gauge<Integer>) () -> pairsMonitored);
        m.gauge("brainState", (Gauge<Integer>) () -> brainState);
        m.gauge("brainStateProbability", (Gauge<Double>) () -> brainStateProbability);
        m.gauge("populationVariance", (Gauge<Double>) () -> populationVariance);
        m.gauge("lag1Autocorrelation", (Gauge<Double>) () -> lag1Autocorrelation);
        m.gauge("stateBytes", (Gauge<Long>) () -> stateBytes);
    }

    @Override
    public void processElement(SpikeBatch batch, Context ctx, Collector<NeuralStats> out) throws Exception {
        SpikeAnalytics analytics = analyticsState.value();
        int units = batch.getUnitCount();
        if (analytics == null) {
            try {
                analytics = new SpikeAnalytics(params, units);
            } catch (IllegalArgumentException e) {
                reject(batch, ctx, "the analytics settings do not fit this session: " + e.getMessage());
                return;
            }
            // the final watermark of a bounded input fires it: one last connectivity evaluation
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        } else if (analytics.unitCount() != units) {
            reject(batch, ctx, "session " + batch.getSessionId() + " has " + analytics.unitCount()
                    + " units since its first batch, this batch says " + units);
            return;
        }
        emitter.bind(ctx.getCurrentKey(), analytics, ctx, out);
        long late = analytics.lateSpikes();
        analytics.advanceTo(batch.getStartTimeMicros(), emitter);
        ByteBuffer view = PackedSpikes.view(batch.getSpikes());
        long start = batch.getStartTimeMicros();
        int count = batch.getSpikeCount();
        for (int i = 0; i < count; i++) {
            analytics.spike(PackedSpikes.unitIndex(view, i), start + PackedSpikes.dtMicros(view, i), emitter);
        }
        analytics.advanceTo(batch.getEndTimeMicros(), emitter);
        spikesIn.inc(count);
        lateSpikes.inc(analytics.lateSpikes() - late);
        pairsMonitored = analytics.connectivity().pairCount();
        stateBytes = analytics.stateBytes();
        analyticsState.update(analytics);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<NeuralStats> out) throws Exception {
        SpikeAnalytics analytics = analyticsState.value();
        if (analytics == null) {
            return;
        }
        emitter.bind(ctx.getCurrentKey(), analytics, ctx, out);
        analytics.finish(emitter);
        analyticsState.update(analytics);
    }

    private void reject(SpikeBatch batch, Context ctx, String reason) {
        batchesRejected.inc();
        ctx.output(DEAD_LETTERS, new DeadLetter(spikesTopic, -1, -1L, -1L,
                ByteBuffer.wrap(batch.getSessionId().getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap(batchCodec.encode(batch)), "batch " + batch.getSequence() + ": " + reason, jobName,
                System.currentTimeMillis()));
    }

    /** Turns the kernels' output into records for the current session. */
    private final class Emitter implements SpikeAnalytics.Listener {
        private String session;
        private SpikeAnalytics analytics;
        private Context ctx;
        private Collector<NeuralStats> out;
        private List<Long> isiEdges;

        void bind(String sessionId, SpikeAnalytics a, Context context, Collector<NeuralStats> collector) {
            this.session = sessionId;
            this.analytics = a;
            this.ctx = context;
            this.out = collector;
            if (isiEdges == null) {
                isiEdges = new ArrayList<>();
                for (long e : params.stats().isiEdgesMicros()) {
                    isiEdges.add(e);
                }
            }
        }

        @Override
        public void window(PopulationStats.Window w) {
            int n = w.rateHz.length;
            List<UnitQuality> quality = new ArrayList<>(n);
            for (int u = 0; u < n; u++) {
                quality.add(UnitQuality.values()[w.quality[u].ordinal()]);
            }
            List<Integer> histogram = new ArrayList<>(w.isiHistogram.length);
            for (int c : w.isiHistogram) {
                histogram.add(c);
            }
            out.collect(new NeuralStats(session, w.startMicros, w.endMicros, n, w.spikes, w.populationRateHz,
                    w.meanRateHz, w.goodUnits, boxed(w.rateHz), boxed(w.isiCv), boxed(w.fanoFactor),
                    boxed(w.violationFraction), quality, isiEdges, histogram, analytics.connectivity().pairCount(),
                    analytics.connectivity().edgeCount(), analytics.lateSpikes(),
                    System.currentTimeMillis()));
            statsWindows.inc();
            populationRateHz = w.populationRateHz;
            goodUnits = w.goodUnits;
            meanFanoFactor = w.meanFanoFactor();
            meanIsiCv = w.meanIsiCv();
        }

        @Override
        public void edge(Connectivity.EdgeEvent e) {
            ctx.output(CONNECTIVITY, new ConnectivityEvent(session, e.timeMicros, ConnectivityChange.valueOf(e.change.name()),
                    e.preUnit, e.postUnit, e.lagMicros, e.strength, e.previousStrength, e.pValue, e.excessSpikes,
                    analytics.connectivity().pairCount(), System.currentTimeMillis()));
            connectivityEvents.inc();
        }

        @Override
        public void evaluated(long timeMicros, int edges, int pairs) {
            connectivityEdges = edges;
            pairsMonitored = pairs;
        }

        @Override
        public void bin(BrainStates.Bin b) {
            ctx.output(STATES, new BrainState(session, b.startMicros, b.endMicros, b.state, b.probability,
                    boxed(b.posterior), b.changed, b.previousState, b.populationCount, b.populationVariance,
                    b.lag1Autocorrelation, System.currentTimeMillis()));
            if (b.changed) {
                stateChanges.inc();
            }
            brainState = b.state;
            brainStateProbability = b.probability;
            populationVariance = b.populationVariance;
            lag1Autocorrelation = b.lag1Autocorrelation;
        }
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }
}
