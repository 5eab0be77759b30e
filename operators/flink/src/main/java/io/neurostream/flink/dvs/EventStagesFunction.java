package io.neurostream.flink.dvs;

import io.neurostream.flink.state.FeastStateSerializer;
import io.neurostream.flink.state.PixelTimeStateSerializer;
import io.neurostream.operators.events.BackgroundActivityFilter;
import io.neurostream.operators.events.FeastLayer;
import io.neurostream.operators.events.FeastState;
import io.neurostream.operators.events.PixelTimeState;
import io.neurostream.operators.events.RefractoryFilter;
import io.neurostream.operators.events.RoiDownsampler;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The optional event stages of dvs-classify, keyed by sensor ({@link EventStagesConfig}): order
 * check across packets (violations to {@link #DEAD_LETTERS}), background-activity and refractory
 * filters, region of interest and downsampling, FEAST feature neurons on a time surface. A thin
 * wrapper around the kernels of {@code operators/events}: each managed state is read once and
 * written once per packet, never per event.
 *
 * <p>Every accepted packet yields exactly one output packet with the same sensor, start and end
 * times (possibly with fewer events, or none): downstream windows still close on time.
 */
public class EventStagesFunction extends KeyedProcessFunction<String, EventPacket, EventPacket> {
    private static final long serialVersionUID = 1L;

    /** Packets rejected by the order or geometry check. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("stage-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private static final int LATEST_MICROS = 0;
    private static final int NEXT_SEQUENCE = 1;
    private static final int FEAST_LEARNED = 2;

    /** [latest event time seen (µs), next output sequence, events FEAST has learned from]. */
    static final ValueStateDescriptor<long[]> CLOCK =
            new ValueStateDescriptor<>("stage-clock", LongPrimitiveArraySerializer.INSTANCE);
    static final ValueStateDescriptor<PixelTimeState> BACKGROUND =
            new ValueStateDescriptor<>("background-activity-state", PixelTimeStateSerializer.INSTANCE);
    static final ValueStateDescriptor<PixelTimeState> REFRACTORY =
            new ValueStateDescriptor<>("refractory-state", PixelTimeStateSerializer.INSTANCE);
    static final ValueStateDescriptor<PixelTimeState> SURFACE =
            new ValueStateDescriptor<>("feast-time-surface", PixelTimeStateSerializer.INSTANCE);
    static final ValueStateDescriptor<FeastState> FEAST =
            new ValueStateDescriptor<>("feast-neurons", FeastStateSerializer.INSTANCE);

    private final EventStagesConfig config;
    private final String sourceTopic;
    private final String jobName;

    private transient BackgroundActivityFilter background;
    private transient RefractoryFilter refractory;
    private transient RoiDownsampler roi;
    private transient FeastLayer feast;
    private transient SingleObjectCodec<EventPacket> codec;
    private transient ValueState<long[]> clockState;
    private transient ValueState<PixelTimeState> backgroundState;
    private transient ValueState<PixelTimeState> refractoryState;
    private transient ValueState<PixelTimeState> surfaceState;
    private transient ValueState<FeastState> feastState;
    private transient Counter eventsIn;
    private transient Counter eventsOut;
    private transient Counter packetsRejected;
    private transient Counter noiseDropped;
    private transient Counter refractoryDropped;
    private transient Counter outsideRoi;
    private transient Counter feastMisses;

    /**
     * @param sourceTopic named in dead letters (the topic the packets came from)
     * @param jobName named in dead letters
     */
    public EventStagesFunction(EventStagesConfig config, String sourceTopic, String jobName) {
        this.config = config;
        this.sourceTopic = sourceTopic;
        this.jobName = jobName;
    }

    @Override
    public void open(OpenContext openContext) {
        background = config.backgroundParams() == null ? null : new BackgroundActivityFilter(config.backgroundParams());
        refractory = config.refractoryParams() == null ? null : new RefractoryFilter(config.refractoryParams());
        roi = config.roiParams() == null ? null : new RoiDownsampler(config.roiParams());
        feast = config.feastParams() == null ? null : new FeastLayer(config.feastParams());
        codec = SingleObjectCodec.of(EventPacket.class);
        clockState = getRuntimeContext().getState(CLOCK);
        backgroundState = getRuntimeContext().getState(BACKGROUND);
        refractoryState = getRuntimeContext().getState(REFRACTORY);
        surfaceState = getRuntimeContext().getState(SURFACE);
        feastState = getRuntimeContext().getState(FEAST);
        var metrics = getRuntimeContext().getMetricGroup();
        eventsIn = metrics.counter("stageEventsIn");
        eventsOut = metrics.counter("stageEventsOut");
        packetsRejected = metrics.counter("stagePacketsRejected");
        noiseDropped = metrics.counter("backgroundActivityDropped");
        refractoryDropped = metrics.counter("refractoryDropped");
        outsideRoi = metrics.counter("outsideRoiDropped");
        feastMisses = metrics.counter("feastMisses");
    }

    @Override
    public void processElement(EventPacket packet, Context ctx, Collector<EventPacket> out) throws Exception {
        if (packet.getWidth() != config.sensorWidth() || packet.getHeight() != config.sensorHeight()) {
            reject(packet, ctx, "geometry " + packet.getWidth() + "x" + packet.getHeight() + " of sensor "
                    + packet.getSensorId() + " differs from the configured " + config.sensorWidth() + "x"
                    + config.sensorHeight());
            return;
        }
        long[] clock = clockState.value();
        if (clock == null) {
            clock = new long[] {Long.MIN_VALUE, 0, 0};
        }
        ByteBuffer view = PackedEvents.view(packet.getEvents());
        int count = packet.getEventCount();
        long start = packet.getStartTimeMicros();
        if (count > 0 && clock[LATEST_MICROS] != Long.MIN_VALUE) {
            long first = start + PackedEvents.dtMicros(view, 0);
            if (first < clock[LATEST_MICROS] - config.disorderMicros()) {
                reject(packet, ctx, "time goes back across packets: sensor " + packet.getSensorId() + " packet "
                        + packet.getSequence() + " starts at " + first + " µs, " + (clock[LATEST_MICROS] - first)
                        + " µs before the latest event already seen (" + clock[LATEST_MICROS]
                        + " µs); tolerated disorder is " + config.disorderMicros() + " µs");
                return;
            }
        }
        PixelTimeState bg = background == null ? null : load(backgroundState, background.newState());
        PixelTimeState refr = refractory == null ? null : load(refractoryState, refractory.newState());
        PixelTimeState surface = feast == null ? null : load(surfaceState, feast.newSurfaceState());
        FeastState neurons = null;
        if (feast != null) {
            neurons = feastState.value();
            if (neurons == null) {
                neurons = FeastState.random(feast.params().feast(), new SplittableRandom(config.feastSeed()));
            }
        }
        ByteBuffer kept = PackedEvents.allocate(count);
        int keptCount = 0;
        long latest = clock[LATEST_MICROS];
        int features = config.feastNeurons();
        int pool = config.feastPool();
        long dropsNoise = 0;
        long dropsRefractory = 0;
        long dropsRoi = 0;
        long misses = 0;
        for (int i = 0; i < count; i++) {
            long dt = PackedEvents.dtMicros(view, i);
            long t = start + dt;
            int x = PackedEvents.x(view, i);
            int y = PackedEvents.y(view, i);
            boolean on = PackedEvents.on(view, i);
            latest = Math.max(latest, t);
            if (bg != null && !background.accept(bg, t, x, y, on)) {
                dropsNoise++;
                continue;
            }
            if (refr != null && !refractory.accept(refr, t, x, y, on)) {
                dropsRefractory++;
                continue;
            }
            if (roi != null) {
                if (!roi.contains(x, y)) {
                    dropsRoi++;
                    continue;
                }
                x = roi.mapX(x);
                y = roi.mapY(y);
            }
            if (feast != null) {
                boolean learn = clock[FEAST_LEARNED] < config.feastLearnEvents();
                int feature = feast.onEvent(surface, neurons, t, x, y, on, learn);
                if (learn) {
                    clock[FEAST_LEARNED]++;
                }
                if (feature < 0) {
                    misses++;
                    continue;
                }
                x = (x / pool) * features + feature;
                y = y / pool;
                on = true;
            }
            PackedEvents.put(kept, dt, x, y, on);
            keptCount++;
        }
        clock[LATEST_MICROS] = latest;
        long sequence = clock[NEXT_SEQUENCE]++;
        clockState.update(clock);
        if (bg != null) {
            backgroundState.update(bg);
        }
        if (refr != null) {
            refractoryState.update(refr);
        }
        if (feast != null) {
            surfaceState.update(surface);
            feastState.update(neurons);
        }
        eventsIn.inc(count);
        eventsOut.inc(keptCount);
        noiseDropped.inc(dropsNoise);
        refractoryDropped.inc(dropsRefractory);
        outsideRoi.inc(dropsRoi);
        feastMisses.inc(misses);
        byte[] bytes = Arrays.copyOf(kept.array(), keptCount * PackedEvents.BYTES_PER_EVENT);
        out.collect(new EventPacket(packet.getSensorId(), sequence, config.outWidth(), config.outHeight(), start,
                packet.getEndTimeMicros(), keptCount, ByteBuffer.wrap(bytes), packet.getIngestTimeMillis()));
    }

    private static PixelTimeState load(ValueState<PixelTimeState> state, PixelTimeState fresh) throws Exception {
        PixelTimeState s = state.value();
        return s == null ? fresh : s;
    }

    private void reject(EventPacket packet, Context ctx, String reason) {
        packetsRejected.inc();
        byte[] key = packet.getSensorId().getBytes(StandardCharsets.UTF_8);
        byte[] value = codec.encode(packet);
        long ingest = packet.getIngestTimeMillis() == null ? -1 : packet.getIngestTimeMillis();
        // The packet was decoded upstream: its Kafka partition/offset are no longer known here (-1).
        ctx.output(DEAD_LETTERS, new DeadLetter(sourceTopic, -1, -1L, ingest, ByteBuffer.wrap(key),
                ByteBuffer.wrap(value), reason, jobName + "/event-stages", System.currentTimeMillis()));
    }
}
