package io.neurostream.flink.dvs;

import static io.neurostream.flink.dvs.StagePathSpeed.median;

import io.neurostream.operators.events.BackgroundActivityFilter;
import io.neurostream.operators.events.RefractoryFilter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.RecordChecks;
import io.neurostream.schemas.codec.SingleObjectCodec;
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
 * CPU time per event of everything dvs-ingest does to a packet outside Flink's and Kafka's own code, before
 * and after the issue-14 round of 2026-11-30 09:00 UTC (the fast packed-event paths), side by side, on the real
 * samples cut into packets as the replayer cuts them; BA 5 ms + refractory 1 ms as {@code neurostream bench}
 * runs the job. Per packet: Avro single-object decode, {@link RecordChecks#check(EventPacket)}, unpack, the
 * filters, the output packet packed and Avro-encoded. Before = the code this round replaced, verbatim below
 * (event-by-event checks with per-field reads, per-field unpack, {@code PackedEvents.put} per event then a copy);
 * the filters are the same code on both sides. (A branch-free count of kept events in the filters' packet
 * loops was tried in a variant of this driver whose two sides differed only by the filters: ratio 0.99, dropped.) Rounds alternate; each checks both give the same output bytes.
 * Then a breakdown of the new path by stage (each stage over all packets in turn).
 *
 * <pre>java -cp ... io.neurostream.flink.dvs.IngestPathSpeed ROUNDS DATA_DIR</pre>
 */
public final class IngestPathSpeed {
    private IngestPathSpeed() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path data = Path.of(args.length > 1 ? args[1] : "../shared/data");
        List<EventPacket> packets = StagePathSpeed.samplePackets(data);
        SingleObjectCodec<EventPacket> codec = SingleObjectCodec.of(EventPacket.class);
        List<byte[]> wire = new ArrayList<>();
        long events = 0;
        for (EventPacket p : packets) {
            wire.add(codec.encode(p));
            events += p.getEventCount();
        }
        System.out.printf(Locale.ROOT, "%,d packets, %,d events (EVT 2.0, EVT 3.0, AEDAT 4 samples, 8 passes),"
                + " %.0f events per packet%n", packets.size(), events, (double) events / packets.size());
        Workload w = new Workload(packets, wire);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) {
            w.run(false);
            w.run(true);
        }
        double[] before = new double[rounds];
        double[] after = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long a = w.run(false);
            long c1 = mx.getCurrentThreadCpuTime();
            long b = w.run(true);
            long c2 = mx.getCurrentThreadCpuTime();
            if (a != b) {
                throw new IllegalStateException("before and after differ: " + a + " vs " + b);
            }
            before[r] = events / ((c1 - c0) / 1e9);
            after[r] = events / ((c2 - c1) / 1e9);
            ratio[r] = after[r] / before[r];
            System.out.printf(Locale.ROOT, "round %d: before %,.0f events/s, after %,.0f events/s (CPU time), ratio %.2f%n",
                    r + 1, before[r], after[r], ratio[r]);
        }
        System.out.printf(Locale.ROOT, "median: before %,.0f, after %,.0f events/s, ratio %.2f (range %.2f-%.2f)%n",
                median(before), median(after), median(ratio), Arrays.stream(ratio).min().orElse(0),
                Arrays.stream(ratio).max().orElse(0));
        // the new path by stage, ns per input event (median of the rounds)
        String[] names = {"Avro decode", "RecordChecks", "unpack + BA + refractory (SensorPipeline.run)",
            "pack output", "Avro encode output"};
        double[][] ns = new double[names.length][rounds];
        for (int r = 0; r < rounds; r++) {
            long[] cpu = w.stages(mx);
            for (int s = 0; s < names.length; s++) {
                ns[s][r] = cpu[s] / (double) events;
            }
        }
        double total = 0;
        for (int s = 0; s < names.length; s++) {
            total += median(ns[s]);
        }
        for (int s = 0; s < names.length; s++) {
            System.out.printf(Locale.ROOT, "  %-48s %6.2f ns/event (%4.1f %%)%n", names[s], median(ns[s]),
                    100 * median(ns[s]) / total);
        }
        System.out.printf(Locale.ROOT, "  %-48s %6.2f ns/event = %,.1f M events/s per core%n", "total", total,
                1e3 / total);
    }

    static final class Workload {
        private final List<EventPacket> packets;
        private final List<byte[]> wire;
        private final SingleObjectCodec<EventPacket> codec = SingleObjectCodec.of(EventPacket.class);
        private final Map<String, SensorPipeline> pipelines = new HashMap<>();
        private final Map<String, SensorPipeline.StageState> states = new HashMap<>();
        private final Map<String, BackgroundActivityFilter> background = new HashMap<>();
        private final Map<String, RefractoryFilter> refractory = new HashMap<>();
        private final Map<String, SensorPipeline.StageState> oldStates = new HashMap<>();
        private ByteBuffer outBuffer = PackedEvents.allocate(0);
        private long[] t = new long[0];
        private int[] x = new int[0];
        private int[] y = new int[0];
        private boolean[] on = new boolean[0];

        Workload(List<EventPacket> packets, List<byte[]> wire) {
            this.packets = packets;
            this.wire = wire;
            EventStagesConfig template = EventStagesConfig.none().withBackgroundFilter(5000, 1).withRefractory(1000);
            for (EventPacket p : packets) {
                pipelines.computeIfAbsent(p.getSensorId(), k -> {
                    EventStagesConfig sized = template.forSensor(p.getWidth(), p.getHeight());
                    SensorPipeline pipeline = new SensorPipeline(sized, sized.outWidth(), sized.outHeight());
                    states.put(k, pipeline.adopt(null));
                    oldStates.put(k, pipeline.adopt(null));
                    background.put(k, new BackgroundActivityFilter(sized.backgroundParams()));
                    refractory.put(k, new RefractoryFilter(sized.refractoryParams()));
                    return pipeline;
                });
            }
        }

        private void reset() {
            for (Map<String, SensorPipeline.StageState> m : List.of(states, oldStates)) {
                for (SensorPipeline.StageState s : m.values()) {
                    s.background.reset();
                    s.refractory.reset();
                }
            }
        }

        /** Every packet through decode, check, filters, pack, encode; returns a checksum of the encoded outputs. */
        long run(boolean fast) throws Exception {
            reset();
            long sum = 0;
            EventTally tally = new EventTally();
            long[] noFeast = {0};
            for (byte[] bytes : wire) {
                EventPacket p = codec.decode(bytes);
                String problem = fast ? RecordChecks.check(p) : checkBefore(p);
                if (problem != null) {
                    throw new IllegalStateException(problem);
                }
                String k = p.getSensorId();
                long start = p.getStartTimeMicros();
                int count = p.getEventCount();
                ByteBuffer view = PackedEvents.view(p.getEvents());
                ByteBuffer out;
                int outCount;
                if (fast) {
                    SensorPipeline.Batch kept = pipelines.get(k).run(view, start, count, states.get(k), noFeast, tally);
                    out = ByteBuffer.wrap(PackedEvents.pack(start, kept.count, kept.tMicros, kept.cellX, kept.cellY,
                            kept.channel));
                    outCount = kept.count;
                } else {
                    outCount = runBefore(k, view, start, count);
                    out = outBufferCopy();
                }
                byte[] encoded = codec.encode(new EventPacket(k, p.getSequence(), p.getWidth(), p.getHeight(), start,
                        p.getEndTimeMicros(), outCount, out, p.getIngestTimeMillis()));
                sum = sum * 31 + Arrays.hashCode(encoded);
            }
            return sum;
        }

        /** CPU time (ns) of each stage of the new path over all packets, stage after stage. */
        long[] stages(ThreadMXBean mx) throws Exception {
            reset();
            long[] cpu = new long[5];
            EventTally tally = new EventTally();
            long[] noFeast = {0};
            long c = mx.getCurrentThreadCpuTime();
            List<EventPacket> decoded = new ArrayList<>(wire.size());
            for (byte[] bytes : wire) {
                decoded.add(codec.decode(bytes));
            }
            long c1 = mx.getCurrentThreadCpuTime();
            cpu[0] = c1 - c;
            int bad = 0;
            for (EventPacket p : decoded) {
                bad += RecordChecks.check(p) == null ? 0 : 1;
            }
            long c2 = mx.getCurrentThreadCpuTime();
            cpu[1] = c2 - c1;
            if (bad > 0) {
                throw new IllegalStateException(bad + " packets invalid");
            }
            List<long[]> kt = new ArrayList<>();
            List<int[]> kx = new ArrayList<>();
            List<int[]> ky = new ArrayList<>();
            List<int[]> kc = new ArrayList<>();
            long filterNanos = 0;
            long copyStart = 0;
            for (EventPacket p : decoded) {
                long f0 = mx.getCurrentThreadCpuTime();
                SensorPipeline.Batch kept = pipelines.get(p.getSensorId()).run(PackedEvents.view(p.getEvents()),
                        p.getStartTimeMicros(), p.getEventCount(), states.get(p.getSensorId()), noFeast, tally);
                long f1 = mx.getCurrentThreadCpuTime();
                filterNanos += f1 - f0;
                // kept for the pack stage (not timed)
                kt.add(Arrays.copyOf(kept.tMicros, kept.count));
                kx.add(Arrays.copyOf(kept.cellX, kept.count));
                ky.add(Arrays.copyOf(kept.cellY, kept.count));
                kc.add(Arrays.copyOf(kept.channel, kept.count));
            }
            cpu[2] = filterNanos;
            long c3 = mx.getCurrentThreadCpuTime();
            List<ByteBuffer> outs = new ArrayList<>(decoded.size());
            for (int i = 0; i < decoded.size(); i++) {
                outs.add(ByteBuffer.wrap(PackedEvents.pack(decoded.get(i).getStartTimeMicros(), kt.get(i).length,
                        kt.get(i), kx.get(i), ky.get(i), kc.get(i))));
            }
            long c4 = mx.getCurrentThreadCpuTime();
            cpu[3] = c4 - c3;
            long sum = 0;
            for (int i = 0; i < decoded.size(); i++) {
                EventPacket p = decoded.get(i);
                sum += codec.encode(new EventPacket(p.getSensorId(), p.getSequence(), p.getWidth(), p.getHeight(),
                        p.getStartTimeMicros(), p.getEndTimeMicros(), kt.get(i).length, outs.get(i),
                        p.getIngestTimeMillis())).length;
            }
            cpu[4] = mx.getCurrentThreadCpuTime() - c4;
            if (sum < 0) {
                throw new IllegalStateException();
            }
            return cpu;
        }

        private ByteBuffer outBufferCopy() {
            outBuffer.flip();
            ByteBuffer events = ByteBuffer.allocate(outBuffer.remaining());
            events.put(outBuffer).flip();
            return events;
        }

        /** SensorPipeline.run and EventFilterFunction's output loop before this round (no ROI, no FEAST). */
        private int runBefore(String k, ByteBuffer view, long startMicros, int count) {
            if (t.length < count) {
                t = new long[count];
                x = new int[count];
                y = new int[count];
                on = new boolean[count];
            }
            for (int i = 0; i < count; i++) {
                t[i] = startMicros + PackedEvents.dtMicros(view, i);
                x[i] = PackedEvents.x(view, i);
                y[i] = PackedEvents.y(view, i);
                on[i] = PackedEvents.on(view, i);
            }
            SensorPipeline.StageState s = oldStates.get(k);
            int n = background.get(k).filter(s.background, t, x, y, on, count);
            n = refractory.get(k).filter(s.refractory, t, x, y, on, n);
            if (outBuffer.capacity() < n * PackedEvents.BYTES_PER_EVENT) {
                outBuffer = PackedEvents.allocate(count);
            }
            outBuffer.clear();
            for (int i = 0; i < n; i++) {
                PackedEvents.put(outBuffer, t[i] - startMicros, x[i], y[i], on[i]);
            }
            return n;
        }

        /** RecordChecks.check(EventPacket) before this round: every event, field by field. */
        private static String checkBefore(EventPacket packet) {
            ByteBuffer events = packet.getEvents();
            int count = PackedEvents.countOf(events.remaining());
            if (count != packet.getEventCount()) {
                return "count";
            }
            ByteBuffer view = PackedEvents.view(events);
            long previous = 0;
            long span = packet.getEndTimeMicros() - packet.getStartTimeMicros();
            for (int i = 0; i < count; i++) {
                long dt = PackedEvents.dtMicros(view, i);
                int x = PackedEvents.x(view, i);
                int y = PackedEvents.y(view, i);
                if (x >= packet.getWidth() || y >= packet.getHeight()) {
                    return "event " + i + " outside";
                }
                if (dt < previous) {
                    return "event " + i + " time goes back";
                }
                int polarity = view.get(i * PackedEvents.BYTES_PER_EVENT + 8) & 0xFF;
                if (polarity > 1) {
                    return "event " + i + " polarity";
                }
                if (Long.compareUnsigned(dt, span) >= 0) {
                    return "event " + i + " late";
                }
                previous = dt;
            }
            return null;
        }
    }
}
