package io.neurostream.flink.dvs;

import io.neurostream.operators.events.BackgroundActivityFilter;
import io.neurostream.operators.events.FeastLayer;
import io.neurostream.operators.events.FeastState;
import io.neurostream.operators.events.PixelTimeState;
import io.neurostream.operators.events.RefractoryFilter;
import io.neurostream.operators.events.RoiDownsampler;
import io.neurostream.schemas.codec.PackedEvents;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * What dvs-classify does to one sensor's events before its liquid: the configured event stages
 * sized to the sensor's geometry (background-activity and refractory filters, region of interest
 * and downsampling, FEAST), then the mapping of the stages' output grid onto the liquid's input
 * grid by scaling ({@code cell = x * inputWidth / outWidth}): a larger sensor is pooled, a smaller
 * one spread out, N-MNIST on a 34x34 grid is the identity. Immutable and shared by the sensors of
 * one geometry on a subtask; the dynamic state is a {@link StageState} kept in Flink state.
 */
final class SensorPipeline {
    /** Receives each event that reaches the liquid: cell of the input grid and input channel. */
    @FunctionalInterface
    interface InputSink {
        void accept(long tMicros, int cellX, int cellY, int channel) throws Exception;
    }

    /** Per-sensor dynamic state of the stages (null members for stages that are off). */
    static final class StageState {
        PixelTimeState background;
        PixelTimeState refractory;
        PixelTimeState surface;
        FeastState feast;
    }

    private final EventStagesConfig stages;
    private final BackgroundActivityFilter background;
    private final RefractoryFilter refractory;
    private final RoiDownsampler roi;
    private final FeastLayer feast;
    private final int[] inputColumn;
    private final int[] inputRow;

    /**
     * @param stages settings already sized to the sensor ({@link DvsClassifyConfig#stagesFor})
     * @param inputWidth liquid input grid width
     * @param inputHeight liquid input grid height
     */
    SensorPipeline(EventStagesConfig stages, int inputWidth, int inputHeight) {
        this.stages = stages;
        background = stages.backgroundParams() == null ? null : new BackgroundActivityFilter(stages.backgroundParams());
        refractory = stages.refractoryParams() == null ? null : new RefractoryFilter(stages.refractoryParams());
        roi = stages.roiParams() == null ? null : new RoiDownsampler(stages.roiParams());
        feast = stages.feastParams() == null ? null : new FeastLayer(stages.feastParams());
        inputColumn = scale(stages.outWidth(), inputWidth);
        inputRow = scale(stages.outHeight(), inputHeight);
    }

    private static int[] scale(int from, int to) {
        int[] map = new int[from];
        for (int i = 0; i < from; i++) {
            map[i] = (int) ((long) i * to / from);
        }
        return map;
    }

    EventStagesConfig stages() {
        return stages;
    }

    /** Stage output column to liquid input column (do not modify). */
    int[] inputColumnMap() {
        return inputColumn;
    }

    /** Stage output row to liquid input row (do not modify). */
    int[] inputRowMap() {
        return inputRow;
    }

    /**
     * The order check: why {@code packet} (events in {@code view}) goes back too far in time, or null if
     * it does not. A packet whose first event lies more than {@code disorderMicros} before the latest
     * event already seen from its sensor ({@code latestMicros}, {@code Long.MIN_VALUE} for none) fails.
     */
    static String orderProblem(io.neurostream.schemas.EventPacket packet, ByteBuffer view, long latestMicros,
                               long disorderMicros) {
        if (packet.getEventCount() == 0 || latestMicros == Long.MIN_VALUE
                || disorderMicros == EventStagesConfig.NO_ORDER_CHECK) {
            return null;
        }
        long first = packet.getStartTimeMicros() + PackedEvents.dtMicros(view, 0);
        if (first >= latestMicros - disorderMicros) {
            return null;
        }
        return "time goes back across packets: sensor " + packet.getSensorId() + " packet " + packet.getSequence()
                + " starts at " + first + " µs, " + (latestMicros - first) + " µs before the latest event already seen ("
                + latestMicros + " µs); tolerated disorder is " + disorderMicros + " µs";
    }

    /** Fresh stage state for a sensor, or the given one if it still fits this geometry. */
    StageState adopt(StageState state) {
        StageState s = state == null ? new StageState() : state;
        if (background != null && !fits(s.background, stages.sensorWidth(), stages.sensorHeight())) {
            s.background = background.newState();
        }
        if (refractory != null && !fits(s.refractory, stages.sensorWidth(), stages.sensorHeight())) {
            s.refractory = refractory.newState();
        }
        if (feast != null) {
            if (!fits(s.surface, stages.gridWidth(), stages.gridHeight())) {
                s.surface = feast.newSurfaceState();
            }
            if (s.feast == null) {
                s.feast = FeastState.random(feast.params().feast(), new SplittableRandom(stages.feastSeed()));
            }
        }
        return s;
    }

    private static boolean fits(PixelTimeState s, int width, int height) {
        return s != null && s.width == width && s.height == height;
    }

    /**
     * A packet's events after the stages, on the liquid's input grid: {@code [0, count)} of each array
     * (times, grid cell column and row, input channel). Owned by the pipeline and overwritten by its
     * next {@link #run}: read it before the next packet.
     */
    static final class Batch {
        long[] tMicros = new long[0];
        int[] cellX = new int[0];
        int[] cellY = new int[0];
        int[] channel = new int[0];
        boolean[] on = new boolean[0];
        int count;

        void ensure(int n) {
            if (tMicros.length < n) {
                int size = Math.max(n, 2 * tMicros.length);
                tMicros = new long[size];
                cellX = new int[size];
                cellY = new int[size];
                channel = new int[size];
                on = new boolean[size];
            }
        }
    }

    private final Batch batch = new Batch();

    /**
     * Runs {@code count} packed events starting at {@code startMicros} through the stages into {@code sink}.
     *
     * @param feastLearned events FEAST has learned from so far (element 0, updated)
     */
    void run(ByteBuffer view, long startMicros, int count, StageState state, long[] feastLearned, EventTally tally,
             InputSink sink) throws Exception {
        Batch b = run(view, startMicros, count, state, feastLearned, tally);
        for (int i = 0; i < b.count; i++) {
            sink.accept(b.tMicros[i], b.cellX[i], b.cellY[i], b.channel[i]);
        }
    }

    /**
     * Runs {@code count} packed events starting at {@code startMicros} through the stages, one stage at a
     * time over the whole packet (each stage's state depends only on the events reaching it, so this
     * decides every event as an event-by-event pass does), and returns what reaches the liquid.
     *
     * @param feastLearned events FEAST has learned from so far (element 0, updated)
     * @return the pipeline's batch, valid until the next call
     */
    Batch run(ByteBuffer view, long startMicros, int count, StageState state, long[] feastLearned, EventTally tally) {
        Batch b = batch;
        b.ensure(count);
        long[] t = b.tMicros;
        int[] x = b.cellX;
        int[] y = b.cellY;
        boolean[] on = b.on;
        PackedEvents.unpack(view, startMicros, count, t, x, y, on);
        int n = count;
        if (background != null) {
            int kept = background.filter(state.background, t, x, y, on, n);
            tally.background += n - kept;
            n = kept;
        }
        if (refractory != null) {
            int kept = refractory.filter(state.refractory, t, x, y, on, n);
            tally.refractory += n - kept;
            n = kept;
        }
        if (roi != null) {
            int kept = roi.apply(t, x, y, on, n);
            tally.outsideRoi += n - kept;
            n = kept;
        }
        int[] channel = b.channel;
        int[] column = inputColumn;
        int[] row = inputRow;
        if (feast == null) {
            for (int i = 0; i < n; i++) {
                channel[i] = on[i] ? 1 : 0;
                x[i] = column[x[i]];
                y[i] = row[y[i]];
            }
        } else {
            int pool = stages.feastPool();
            int kept = 0;
            for (int i = 0; i < n; i++) {
                boolean learn = feastLearned[0] < stages.feastLearnEvents();
                int c = feast.onEvent(state.surface, state.feast, t[i], x[i], y[i], on[i], learn);
                if (learn) {
                    feastLearned[0]++;
                }
                if (c < 0) {
                    tally.noFeature++;
                    continue;
                }
                t[kept] = t[i];
                x[kept] = column[x[i] / pool];
                y[kept] = row[y[i] / pool];
                on[kept] = on[i];
                channel[kept] = c;
                kept++;
            }
            n = kept;
        }
        b.count = n;
        return b;
    }
}
