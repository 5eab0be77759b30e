package io.neurostream.flink.dvs;

import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidState;
import io.neurostream.core.readout.RlsReadout;
import io.neurostream.flink.state.LiquidStateSerializer;
import io.neurostream.flink.state.RlsReadoutSerializer;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.PackedEvents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
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
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * dvs-classify's learner, keyed by sensor: drives a {@link DvsLiquid} with the sensor's events,
 * closes a window when a packet covers its end (or the watermark passes it), predicts its class
 * with an online {@link RlsReadout}, and then learns from the window's {@link Label} if one
 * arrives (before, or up to {@code labelLatenessMicros} after the window). Windows without a
 * label are predicted only: that is how held-out samples are scored.
 *
 * <p>Event times and timers are in sensor microseconds. State is touched once per packet.
 */
public class LiquidClassifierFunction extends KeyedCoProcessFunction<String, EventPacket, Label, Prediction> {
    private static final long serialVersionUID = 1L;
    public static final String JOB = "dvs-classify";

    /** Model snapshots, published every {@code snapshotEveryUpdates} learning updates. */
    public static final OutputTag<ModelSnapshot> MODEL_SNAPSHOTS =
            new OutputTag<>("model-snapshots", new AvroTypeInfo<>(ModelSnapshot.class));

    static final ValueStateDescriptor<LiquidState> LIQUID =
            new ValueStateDescriptor<>("liquid-state", LiquidStateSerializer.INSTANCE);
    static final ValueStateDescriptor<RlsReadout> READOUT =
            new ValueStateDescriptor<>("rls-readout", RlsReadoutSerializer.INSTANCE);
    static final ValueStateDescriptor<Long> WINDOW_INGEST_MILLIS =
            new ValueStateDescriptor<>("window-ingest-millis", LongSerializer.INSTANCE);
    /** Labels that arrived before their window closed: window start -> class. */
    static final MapStateDescriptor<Long, Integer> EARLY_LABELS =
            new MapStateDescriptor<>("early-labels", LongSerializer.INSTANCE, IntSerializer.INSTANCE);
    /** Features of closed windows still waiting for a label: window start -> features. */
    static final MapStateDescriptor<Long, double[]> UNLABELLED_FEATURES =
            new MapStateDescriptor<>("unlabelled-features", LongSerializer.INSTANCE, DoublePrimitiveArraySerializer.INSTANCE);

    private final DvsClassifyConfig config;

    private transient DvsLiquid liquid;
    private transient double[] features;
    private transient double[] scores;
    private transient double[] target;
    private transient ValueState<LiquidState> liquidState;
    private transient ValueState<RlsReadout> readoutState;
    private transient ValueState<Long> windowIngestState;
    private transient MapState<Long, Integer> earlyLabels;
    private transient MapState<Long, double[]> unlabelled;
    private transient Counter eventsIn;
    private transient Counter lateEvents;
    private transient Counter windowsPredicted;
    private transient Counter learningUpdates;
    private transient Counter labelsTooLate;

    public LiquidClassifierFunction(DvsClassifyConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        liquid = new DvsLiquid(config.liquid());
        features = new double[config.liquid().featureCount()];
        scores = new double[config.classCount()];
        target = new double[config.classCount()];
        liquidState = getRuntimeContext().getState(LIQUID);
        readoutState = getRuntimeContext().getState(READOUT);
        windowIngestState = getRuntimeContext().getState(WINDOW_INGEST_MILLIS);
        earlyLabels = getRuntimeContext().getMapState(EARLY_LABELS);
        unlabelled = getRuntimeContext().getMapState(UNLABELLED_FEATURES);
        var metrics = getRuntimeContext().getMetricGroup();
        eventsIn = metrics.counter("eventsIn");
        lateEvents = metrics.counter("lateEvents");
        windowsPredicted = metrics.counter("windowsPredicted");
        learningUpdates = metrics.counter("learningUpdates");
        labelsTooLate = metrics.counter("labelsTooLate");
    }

    @Override
    public void processElement1(EventPacket packet, Context ctx, Collector<Prediction> out) throws Exception {
        LiquidState state = liquidState.value();
        if (state == null) {
            state = liquid.newState();
            state.windowEndMicros = state.windowStartMicros; // no open window
        }
        long ingestMillis = packet.getIngestTimeMillis() == null ? System.currentTimeMillis() : packet.getIngestTimeMillis();
        ByteBuffer view = PackedEvents.view(packet.getEvents());
        long start = packet.getStartTimeMicros();
        int count = packet.getEventCount();
        int channelsPerPixel = config.liquid().channelsPerPixel();
        for (int i = 0; i < count; i++) {
            long t = start + PackedEvents.dtMicros(view, i);
            long windowStart = Math.floorDiv(t, config.windowMicros()) * config.windowMicros();
            if (isOpen(state) && windowStart != state.windowStartMicros) {
                if (windowStart < state.windowStartMicros) {
                    lateEvents.inc();
                    continue;
                }
                closeWindow(ctx.getCurrentKey(), state, ingestMillis, out, ctx);
            }
            if (!isOpen(state)) {
                state.reset(windowStart, windowStart + config.windowMicros());
            }
            int x = PackedEvents.x(view, i);
            int channel;
            if (config.featureInput()) {
                channel = x % channelsPerPixel;
                x = x / channelsPerPixel;
            } else {
                channel = PackedEvents.on(view, i) ? 1 : 0;
            }
            liquid.onInput(state, t, x, PackedEvents.y(view, i), channel);
        }
        eventsIn.inc(count);
        if (isOpen(state)) {
            if (packet.getEndTimeMicros() >= state.windowEndMicros) {
                closeWindow(ctx.getCurrentKey(), state, ingestMillis, out, ctx);
            } else {
                windowIngestState.update(ingestMillis);
                ctx.timerService().registerEventTimeTimer(state.windowEndMicros - 1);
            }
        }
        liquidState.update(state);
    }

    @Override
    public void processElement2(Label label, Context ctx, Collector<Prediction> out) throws Exception {
        if (label.getClassIndex() == null || label.getClassIndex() < 0 || label.getClassIndex() >= config.classCount()) {
            labelsTooLate.inc();
            return;
        }
        long windowStart = Math.floorDiv(label.getStartTimeMicros(), config.windowMicros()) * config.windowMicros();
        double[] waiting = unlabelled.get(windowStart);
        if (waiting != null) {
            learn(ctx.getCurrentKey(), waiting, label.getClassIndex(), ctx);
            unlabelled.remove(windowStart);
            return;
        }
        LiquidState state = liquidState.value();
        boolean windowPassed = state != null && windowStart < state.windowStartMicros
                || state != null && windowStart == state.windowStartMicros && !isOpen(state);
        if (windowPassed) {
            labelsTooLate.inc(); // its window was closed and forgotten (past labelLatenessMicros)
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
            closeWindow(ctx.getCurrentKey(), state, ingest == null ? System.currentTimeMillis() : ingest, out, ctx);
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

    private static boolean isOpen(LiquidState state) {
        return state.windowEndMicros > state.windowStartMicros;
    }

    private void closeWindow(String key, LiquidState state, long ingestMillis, Collector<Prediction> out,
                             KeyedCoProcessFunction<String, EventPacket, Label, Prediction>.Context ctx)
            throws Exception {
        RlsReadout readout = readout();
        liquid.features(state, features);
        readout.predict(features, scores);
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
        out.collect(new Prediction(JOB + "/" + key + "/" + windowStart, JOB, key, windowStart, state.windowEndMicros,
                readout.updates() == 0 ? null : best, scoreList, List.of(), label, readout.updates(),
                state.eventCount, ingestMillis, System.currentTimeMillis()));
        windowsPredicted.inc();
        if (label != null) {
            earlyLabels.remove(windowStart);
            learn(key, features, label, ctx);
        } else {
            unlabelled.put(windowStart, features.clone());
            ctx.timerService().registerEventTimeTimer(state.windowEndMicros + config.labelLatenessMicros());
        }
        state.windowEndMicros = state.windowStartMicros; // closed
    }

    private void learn(String key, double[] x, int classIndex,
                       KeyedCoProcessFunction<String, EventPacket, Label, Prediction>.Context ctx) throws Exception {
        RlsReadout readout = readout();
        Arrays.fill(target, 0);
        target[classIndex] = 1;
        readout.update(x, target);
        readoutState.update(readout);
        learningUpdates.inc();
        if (config.snapshotEveryUpdates() > 0 && readout.updates() % config.snapshotEveryUpdates() == 0) {
            ctx.output(MODEL_SNAPSHOTS, snapshot(key, readout));
        }
    }

    private RlsReadout readout() throws Exception {
        RlsReadout readout = readoutState.value();
        if (readout == null) {
            readout = new RlsReadout(config.liquid().featureCount(), config.classCount(), config.rlsLambda(),
                    config.rlsDelta());
            readoutState.update(readout);
        }
        return readout;
    }

    private ModelSnapshot snapshot(String key, RlsReadout readout) {
        double[] w = readout.weights();
        ByteBuffer bytes = ByteBuffer.allocate(w.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : w) {
            bytes.putDouble(v);
        }
        bytes.flip();
        Map<String, String> metadata = Map.of(
                "liquid", config.liquid().toString(),
                "windowMicros", Long.toString(config.windowMicros()),
                "features", "log1p(spike count) per neuron and time bin, then bias 1",
                "input", config.featureInput() ? "feature events (x = cellX * channelsPerPixel + feature)" : "ON/OFF events");
        return new ModelSnapshot(JOB, key, "rls-readout", readout.updates(), System.currentTimeMillis(),
                List.of(readout.outputCount(), readout.featureCount()), bytes, metadata);
    }
}
