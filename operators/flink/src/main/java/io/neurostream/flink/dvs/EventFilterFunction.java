package io.neurostream.flink.dvs;

import io.neurostream.flink.state.PixelTimeStateSerializer;
import io.neurostream.operators.events.PixelTimeState;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * dvs-ingest's keyed stage, per sensor: the order check, then the configured event stages of
 * {@link SensorPipeline} (background-activity and refractory filters, region of interest and
 * downsampling; FEAST is dvs-classify's and is refused here), writing what is left as one
 * {@link EventPacket} per input packet: same sensor, sequence and time span, the geometry of the
 * stages' output grid, the input's {@code ingestTimeMillis} (so a reader measures ingest-to-output
 * latency). Empty packets are kept: they still advance the sensor's time.
 *
 * <p>State is touched once per packet. Every event is counted once ({@link #EVENT_COUNTERS}, metrics
 * of the operator and accumulators {@code <job>.<name>}): out, filtered by stage, or dropped with
 * its packet (dead-lettered by the order check or because the stages do not fit the sensor).
 */
public class EventFilterFunction extends KeyedProcessFunction<String, EventPacket, EventPacket> {
    private static final long serialVersionUID = 1L;

    /** Packets the order check rejects, and packets of sensors the stages do not fit; re-encoded (offset unknown: -1). */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("event-filter-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Names of the event counters (metrics of the operator, accumulators {@code <job>.<name>}). */
    public static final List<String> EVENT_COUNTERS = List.of("eventsIn", "eventsUsed",
            "eventsFilteredBackgroundActivity", "eventsFilteredRefractory", "eventsFilteredOutsideRoi",
            "eventsDroppedRejectedPacket");

    /** Latest event time (µs) seen from the sensor, for the order check. */
    static final ValueStateDescriptor<Long> LATEST_MICROS =
            new ValueStateDescriptor<>("latest-event-micros", LongSerializer.INSTANCE);
    static final ValueStateDescriptor<PixelTimeState> BACKGROUND =
            new ValueStateDescriptor<>("background-activity-state", PixelTimeStateSerializer.INSTANCE);
    static final ValueStateDescriptor<PixelTimeState> REFRACTORY =
            new ValueStateDescriptor<>("refractory-state", PixelTimeStateSerializer.INSTANCE);

    private final EventStagesConfig stages;
    private final String jobName;
    private final String sourceTopic;

    private transient Map<String, SensorPipeline> pipelines;
    private transient ValueState<Long> latestMicros;
    private transient ValueState<PixelTimeState> backgroundState;
    private transient ValueState<PixelTimeState> refractoryState;
    private transient SingleObjectCodec<EventPacket> codec;
    private transient EventTally tally;
    private transient EventTally.Published eventCounts;

    /**
     * @param stages the stages' template, sized per sensor from its packets; FEAST must be off
     * @param jobName names the job in dead letters and accumulators
     * @param sourceTopic the packets' topic, named in dead letters
     */
    public EventFilterFunction(EventStagesConfig stages, String jobName, String sourceTopic) {
        if (stages.feastNeurons() > 0) {
            throw new IllegalArgumentException("FEAST runs in dvs-classify, not in the event filter: feastNeurons must be 0");
        }
        this.stages = stages;
        this.jobName = jobName;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        pipelines = new HashMap<>();
        latestMicros = getRuntimeContext().getState(LATEST_MICROS);
        backgroundState = getRuntimeContext().getState(BACKGROUND);
        refractoryState = getRuntimeContext().getState(REFRACTORY);
        codec = SingleObjectCodec.of(EventPacket.class);
        tally = new EventTally();
        eventCounts = new EventTally.Published(getRuntimeContext(), jobName, EVENT_COUNTERS);
    }

    @Override
    public void processElement(EventPacket packet, Context ctx, Collector<EventPacket> out) throws Exception {
        tally.clear();
        tally.in = packet.getEventCount();
        try {
            process(packet, ctx, out);
        } finally {
            eventCounts.add(tally.in, tally.used, tally.background, tally.refractory, tally.outsideRoi, tally.rejected);
        }
    }

    private void process(EventPacket packet, Context ctx, Collector<EventPacket> out) throws Exception {
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
        Long latest = latestMicros.value();
        String disorder = SensorPipeline.orderProblem(packet, view, latest == null ? Long.MIN_VALUE : latest,
                stages.disorderMicros());
        if (disorder != null) {
            reject(packet, ctx, disorder);
            return;
        }
        SensorPipeline.StageState state = new SensorPipeline.StageState();
        state.background = backgroundState.value();
        state.refractory = refractoryState.value();
        state = pipeline.adopt(state);
        SensorPipeline.Batch kept = pipeline.run(view, start, count, state, NO_FEAST, tally);
        // dt relative to the packet start is kept: the stages never move an event in time
        ByteBuffer events = ByteBuffer.wrap(PackedEvents.pack(start, kept.count, kept.tMicros, kept.cellX, kept.cellY,
                kept.channel));
        int outCount = kept.count;
        tally.used = outCount;
        if (count > 0) {
            long last = start + PackedEvents.dtMicros(view, count - 1);
            latestMicros.update(latest == null ? last : Math.max(latest, last));
        }
        if (state.background != null) {
            backgroundState.update(state.background);
        }
        if (state.refractory != null) {
            refractoryState.update(state.refractory);
        }
        out.collect(new EventPacket(packet.getSensorId(), packet.getSequence(), pipeline.stages().outWidth(),
                pipeline.stages().outHeight(),
                start, packet.getEndTimeMicros(), outCount, events, packet.getIngestTimeMillis()));
    }

    private static final long[] NO_FEAST = {0};

    private SensorPipeline pipeline(EventPacket packet) {
        String sensor = packet.getSensorId();
        SensorPipeline pipeline = pipelines.get(sensor);
        if (pipeline == null || pipeline.stages().sensorWidth() != packet.getWidth()
                || pipeline.stages().sensorHeight() != packet.getHeight()) {
            EventStagesConfig sized = stages.forSensor(packet.getWidth(), packet.getHeight());
            // identity mapping: the output grid is the stages' own
            pipeline = new SensorPipeline(sized, sized.outWidth(), sized.outHeight());
            pipelines.put(sensor, pipeline);
        }
        return pipeline;
    }

    private void reject(EventPacket packet, Context ctx, String reason) {
        tally.rejected += packet.getEventCount();
        long ingest = packet.getIngestTimeMillis() == null ? -1 : packet.getIngestTimeMillis();
        ctx.output(DEAD_LETTERS, new DeadLetter(sourceTopic, -1, -1L, ingest,
                ByteBuffer.wrap(packet.getSensorId().getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap(codec.encode(packet)), reason, jobName + "/event-filter", System.currentTimeMillis()));
    }
}
