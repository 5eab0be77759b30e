package io.neurostream.flink.dvs;

import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.Recordings;
import io.neurostream.connectors.replay.ReplayOptions;
import io.neurostream.connectors.replay.ReplayTarget;
import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.DvsLiquidBefore;
import io.neurostream.core.lsm.LiquidState;
import io.neurostream.operators.events.BackgroundActivityFilterReference;
import io.neurostream.operators.events.PixelTimeStateReference;
import io.neurostream.operators.events.RefractoryFilterReference;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedEvents;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side-by-side CPU time of the per-packet work of the two event jobs' keyed operators, before and after the
 * issue-14 changes, on the real sample recordings cut into packets as the replayer cuts them (4,096 events or
 * 10 ms): everything from the packed bytes of a packet to what leaves the operator, without Flink and Kafka.
 *
 * <ul>
 *   <li>{@code ingest}: dvs-ingest's filters as {@code neurostream bench} runs them (background activity 5 ms,
 *       refractory 1 ms), the output packet written. Before: the per-event loop of the old
 *       {@code SensorPipeline.run} (a callback per event) over {@link BackgroundActivityFilterReference} and
 *       {@link RefractoryFilterReference} on one {@code long} per pixel ({@link PixelTimeStateReference}); after: {@link SensorPipeline#run} over the packet, stage by stage.</li>
 *   <li>{@code classify}: dvs-classify's learning path at the demo's liquid (600 neurons, 34x34 input grid), no
 *       stages, 10 ms windows (the bench's setting), the window logic of {@code LiquidClassifierFunction.feed} and
 *       the liquid, a window's features computed when it closes (the readout is left out: it is per window).
 *       Before: per-event callback, a division per event for the window and one for the time bin
 *       ({@link DvsLiquidBefore}); after: the packet loop and {@link DvsLiquid}.</li>
 * </ul>
 * Rounds alternate before/after so that the machine's load slows both alike; each round checks that both give
 * the same events out (ingest) or the same spike counts (classify). Prints CPU-time events/s per round and the
 * median ratio.
 *
 * <pre>java -cp ... io.neurostream.flink.dvs.StagePathSpeed ingest|classify ROUNDS DATA_DIR</pre>
 */
public final class StagePathSpeed {
    private StagePathSpeed() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "ingest";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path data = Path.of(args.length > 2 ? args[2] : "../shared/data");
        List<EventPacket> packets = samplePackets(data);
        long events = packets.stream().mapToLong(EventPacket::getEventCount).sum();
        System.out.printf(Locale.ROOT, "%s: %,d packets, %,d events (EVT 2.0, EVT 3.0, AEDAT 4 samples, 8 passes)%n", mode,
                packets.size(), events);
        Workload w = mode.equals("classify") ? new Classify(packets) : new Ingest(packets);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // warm-up
        for (int i = 0; i < 3; i++) {
            w.before();
            w.after();
        }
        double[] ratios = new double[rounds];
        double[] before = new double[rounds];
        double[] after = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            w.reset();
            long c0 = mx.getCurrentThreadCpuTime();
            long a = w.before();
            long c1 = mx.getCurrentThreadCpuTime();
            w.reset();
            long c2 = mx.getCurrentThreadCpuTime();
            long b = w.after();
            long c3 = mx.getCurrentThreadCpuTime();
            if (a != b) {
                throw new IllegalStateException("before and after differ: " + a + " vs " + b);
            }
            before[r] = events / ((c1 - c0) / 1e9);
            after[r] = events / ((c3 - c2) / 1e9);
            ratios[r] = after[r] / before[r];
            System.out.printf(Locale.ROOT, "round %d: before %,.0f events/s, after %,.0f events/s (CPU time), ratio %.2f"
                    + " (checksum %d)%n", r + 1, before[r], after[r], ratios[r], a);
        }
        System.out.printf(Locale.ROOT, "%s median: before %,.0f, after %,.0f events/s, ratio %.2f (range %.2f-%.2f)%n",
                mode, median(before), median(after), median(ratios), Arrays.stream(ratios).min().orElse(0),
                Arrays.stream(ratios).max().orElse(0));
    }

    /** The EVT 2.0, EVT 3.0 and AEDAT 4 samples under {@code data}, replayed 8 times into packets. */
    static List<EventPacket> samplePackets(Path data) throws Exception {
        List<Path> files = List.of(data.resolve("event-camera/evt2/evt2.raw"),
                data.resolve("event-camera/evt3/evt3_sample.raw"), data.resolve("event-camera/aedat4/sample.aedat4"));
        List<EventPacket> packets = new ArrayList<>();
        Recordings.open(files, ReplayOptions.defaults().withPasses(8)).replay(new Collect(packets), Pacer.asFastAsPossible(), null);
        return packets;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    interface Workload {
        void reset();

        /** Runs every packet the old way; returns a checksum of the outputs. */
        long before() throws Exception;

        long after() throws Exception;
    }

    /** dvs-ingest's keyed stage. */
    static final class Ingest implements Workload {
        private final List<EventPacket> packets;
        private final Map<String, SensorPipeline> pipelines = new HashMap<>();
        private final Map<String, BackgroundActivityFilterReference> referenceBackground = new HashMap<>();
        private final Map<String, RefractoryFilterReference> refractory = new HashMap<>();
        private final Map<String, PixelTimeStateReference[]> referenceStates = new HashMap<>();
        private final Map<String, SensorPipeline.StageState> states = new HashMap<>();
        private ByteBuffer outBuffer = PackedEvents.allocate(8192);
        private int outCount;
        private long currentStart;

        Ingest(List<EventPacket> packets) {
            this.packets = packets;
            EventStagesConfig template = EventStagesConfig.none().withBackgroundFilter(5000, 1).withRefractory(1000);
            for (EventPacket p : packets) {
                pipelines.computeIfAbsent(p.getSensorId(), k -> {
                    EventStagesConfig sized = template.forSensor(p.getWidth(), p.getHeight());
                    referenceBackground.put(k, new BackgroundActivityFilterReference(sized.backgroundParams()));
                    refractory.put(k, new RefractoryFilterReference(sized.refractoryParams()));
                    referenceStates.put(k, new PixelTimeStateReference[] {referenceBackground.get(k).newState(),
                            refractory.get(k).newState()});
                    SensorPipeline pipeline = new SensorPipeline(sized, sized.outWidth(), sized.outHeight());
                    states.put(k, pipeline.adopt(null));
                    return pipeline;
                });
            }
        }

        @Override
        public void reset() {
            for (SensorPipeline.StageState s : states.values()) {
                s.background.reset();
                s.refractory.reset();
            }
            for (PixelTimeStateReference[] s : referenceStates.values()) {
                s[0].reset();
                s[1].reset();
            }
        }

        @Override
        public long before() {
            long sum = 0;
            EventTally tally = new EventTally();
            for (EventPacket p : packets) {
                String k = p.getSensorId();
                PixelTimeStateReference[] s = referenceStates.get(k);
                ByteBuffer view = PackedEvents.view(p.getEvents());
                outBuffer.clear();
                outCount = 0;
                currentStart = p.getStartTimeMicros();
                oldRun(referenceBackground.get(k), refractory.get(k), view, p.getStartTimeMicros(), p.getEventCount(),
                        s, tally, this::write);
                sum += outCount * 31L + outBuffer.position();
            }
            return sum + tally.background * 7 + tally.refractory;
        }

        private void write(long tMicros, int x, int y, int channel) {
            PackedEvents.put(outBuffer, tMicros - currentStart, x, y, channel == 1);
            outCount++;
        }

        /** The per-event loop of SensorPipeline.run before issue 14 (no ROI, no FEAST here). */
        private static void oldRun(BackgroundActivityFilterReference background, RefractoryFilterReference refractory,
                                   ByteBuffer view, long startMicros, int count, PixelTimeStateReference[] state,
                                   EventTally tally,
                                   SensorPipeline.InputSink sink) {
            try {
                for (int i = 0; i < count; i++) {
                    long t = startMicros + PackedEvents.dtMicros(view, i);
                    int x = PackedEvents.x(view, i);
                    int y = PackedEvents.y(view, i);
                    boolean on = PackedEvents.on(view, i);
                    if (background != null && !background.accept(state[0], t, x, y, on)) {
                        tally.background++;
                        continue;
                    }
                    if (refractory != null && !refractory.accept(state[1], t, x, y, on)) {
                        tally.refractory++;
                        continue;
                    }
                    sink.accept(t, x, y, on ? 1 : 0);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public long after() {
            long sum = 0;
            EventTally tally = new EventTally();
            long[] noFeast = {0};
            for (EventPacket p : packets) {
                SensorPipeline.StageState s = states.get(p.getSensorId());
                ByteBuffer view = PackedEvents.view(p.getEvents());
                long start = p.getStartTimeMicros();
                outBuffer.clear();
                SensorPipeline.Batch kept = pipelines.get(p.getSensorId()).run(view, start, p.getEventCount(), s,
                        noFeast, tally);
                for (int i = 0; i < kept.count; i++) {
                    PackedEvents.put(outBuffer, kept.tMicros[i] - start, kept.cellX[i], kept.cellY[i],
                            kept.channel[i] == 1);
                }
                sum += kept.count * 31L + outBuffer.position();
            }
            return sum + tally.background * 7 + tally.refractory;
        }
    }

    /** dvs-classify's learning path up to the window's features. */
    static final class Classify implements Workload {
        private final List<EventPacket> packets;
        private final DvsClassifyConfig config;
        private final long windowMicros = 10_000;
        private final DvsLiquid liquid;
        private final DvsLiquidBefore liquidBefore;
        private final Map<String, SensorPipeline> pipelines = new HashMap<>();
        private final Map<String, LiquidState> states = new HashMap<>();
        private final double[] features;
        private long checksum;
        private LiquidState current;

        Classify(List<EventPacket> packets) {
            this.packets = packets;
            config = DvsClassifyConfig.nmnistDefault();
            liquid = new DvsLiquid(config.liquid());
            liquidBefore = new DvsLiquidBefore(config.liquid());
            features = new double[config.liquid().featureCount()];
            for (EventPacket p : packets) {
                pipelines.computeIfAbsent(p.getSensorId(), k -> new SensorPipeline(
                        config.stagesFor(k, p.getWidth(), p.getHeight()), config.liquid().width(), config.liquid().height()));
                states.computeIfAbsent(p.getSensorId(), k -> liquid.newState());
            }
        }

        @Override
        public void reset() {
            for (LiquidState s : states.values()) {
                LiquidState fresh = liquid.newState();
                System.arraycopy(fresh.vMv, 0, s.vMv, 0, s.vMv.length);
                System.arraycopy(fresh.lastUpdateMicros, 0, s.lastUpdateMicros, 0, s.lastUpdateMicros.length);
                System.arraycopy(fresh.refractoryUntilMicros, 0, s.refractoryUntilMicros, 0,
                        s.refractoryUntilMicros.length);
                s.reset(Long.MIN_VALUE, Long.MIN_VALUE);
            }
        }

        private void close(LiquidState state) {
            liquid.features(state, features); // the same arithmetic for both
            for (int i = 0; i < state.spikeCounts.length; i++) {
                checksum = checksum * 31 + state.spikeCounts[i];
            }
            checksum += state.eventCount;
            state.windowEndMicros = state.windowStartMicros;
        }

        private static boolean isOpen(LiquidState s) {
            return s.windowEndMicros > s.windowStartMicros;
        }

        @Override
        public long before() throws Exception {
            checksum = 0;
            EventTally tally = new EventTally();
            for (EventPacket p : packets) {
                current = states.get(p.getSensorId());
                SensorPipeline pipeline = pipelines.get(p.getSensorId());
                ByteBuffer view = PackedEvents.view(p.getEvents());
                long start = p.getStartTimeMicros();
                int[] column = pipeline.inputColumnMap();
                int[] row = pipeline.inputRowMap();
                SensorPipeline.InputSink sink = this::oldFeed;
                // the old SensorPipeline.run with no stages: a callback per event
                for (int i = 0, n = p.getEventCount(); i < n; i++) {
                    long t = start + PackedEvents.dtMicros(view, i);
                    int x = PackedEvents.x(view, i);
                    int y = PackedEvents.y(view, i);
                    boolean on = PackedEvents.on(view, i);
                    sink.accept(t, column[x], row[y], on ? 1 : 0);
                }
                if (isOpen(current) && p.getEndTimeMicros() >= current.windowEndMicros) {
                    close(current);
                }
            }
            return checksum + tally.late;
        }

        /** LiquidClassifierFunction.feed before issue 14. */
        private void oldFeed(long tMicros, int cellX, int cellY, int channel) {
            LiquidState state = current;
            long windowStart = Math.floorDiv(tMicros, windowMicros) * windowMicros;
            if (isOpen(state) && windowStart != state.windowStartMicros) {
                if (windowStart < state.windowStartMicros) {
                    return;
                }
                close(state);
            }
            if (!isOpen(state)) {
                if (windowStart <= state.windowStartMicros) {
                    return;
                }
                state.reset(windowStart, windowStart + windowMicros);
            }
            if (liquidBefore.onInput(state, tMicros, cellX, cellY, channel) < 0) {
                throw new IllegalStateException("refused");
            }
        }

        @Override
        public long after() {
            checksum = 0;
            EventTally tally = new EventTally();
            long[] noFeast = {0};
            SensorPipeline.StageState none = new SensorPipeline.StageState();
            for (EventPacket p : packets) {
                current = states.get(p.getSensorId());
                SensorPipeline.Batch b = pipelines.get(p.getSensorId()).run(PackedEvents.view(p.getEvents()),
                        p.getStartTimeMicros(), p.getEventCount(), none, noFeast, tally);
                long[] times = b.tMicros;
                int[] cx = b.cellX;
                int[] cy = b.cellY;
                int[] ch = b.channel;
                for (int i = 0, n = b.count; i < n; i++) {
                    feed(times[i], cx[i], cy[i], ch[i]);
                }
                if (isOpen(current) && p.getEndTimeMicros() >= current.windowEndMicros) {
                    close(current);
                }
            }
            return checksum + tally.late;
        }

        /** LiquidClassifierFunction.feed now. */
        private void feed(long tMicros, int cellX, int cellY, int channel) {
            LiquidState state = current;
            if (tMicros >= state.windowStartMicros && tMicros < state.windowEndMicros
                    && state.windowEndMicros - state.windowStartMicros == windowMicros) {
                if (liquid.onInput(state, tMicros, cellX, cellY, channel) < 0) {
                    throw new IllegalStateException("refused");
                }
                return;
            }
            oldFeedAfter(tMicros, cellX, cellY, channel);
        }

        private void oldFeedAfter(long tMicros, int cellX, int cellY, int channel) {
            LiquidState state = current;
            long windowStart = Math.floorDiv(tMicros, windowMicros) * windowMicros;
            if (isOpen(state) && windowStart != state.windowStartMicros) {
                if (windowStart < state.windowStartMicros) {
                    return;
                }
                close(state);
            }
            if (!isOpen(state)) {
                if (windowStart <= state.windowStartMicros) {
                    return;
                }
                state.reset(windowStart, windowStart + windowMicros);
            }
            if (liquid.onInput(state, tMicros, cellX, cellY, channel) < 0) {
                throw new IllegalStateException("refused");
            }
        }
    }

    /** Keeps the replayed packets. */
    private static final class Collect implements ReplayTarget {
        private final List<EventPacket> packets;

        Collect(List<EventPacket> packets) {
            this.packets = packets;
        }

        @Override
        public void packet(EventPacket packet) {
            packets.add(packet);
        }

        @Override
        public void spikes(SpikeBatch batch) {}

        @Override
        public void label(Label label) {}

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
