package io.neurostream.jobs.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.flink.dvs.EventStagesConfig;
import io.neurostream.flink.dvs.LiquidClassifierFunction;
import io.neurostream.jobs.testing.CollectingSink;
import io.neurostream.jobs.testing.InMemoryTopic;
import io.neurostream.jobs.testing.MiniClusters;
import io.neurostream.jobs.testing.SampleData;
import io.neurostream.jobs.testing.SampleData.Events;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.ByteBuffers;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * dvs-classify at the seam: the topology as {@link DvsClassifyJob} builds it, fed by bounded
 * in-memory partitions of single-object-encoded records (no Kafka) and drained by real sinks, on a
 * MiniCluster with parallelism 2. Two sensors of different geometry and clock: real N-MNIST
 * recordings (34x34, samples 400 ms apart from t = 0) and the real EVT 2.0 sample (640x480,
 * 521,252 events at t = 913.7 s), each on its own partition, plus labels for part of the windows and
 * garbage on both topics.
 */
class DvsClassifyJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final long WINDOW_MICROS = 50_000;
    private static final String SMALL = "nmnist-34x34";
    private static final String LARGE = "gen3-640x480";
    private static final int SAMPLES = 10;
    private static final int LABELLED_SAMPLES = 7;

    private static final SingleObjectCodec<EventPacket> PACKETS = SingleObjectCodec.of(EventPacket.class);
    private static final SingleObjectCodec<Label> LABELS = SingleObjectCodec.of(Label.class);

    private final List<CollectingSink<?>> sinks = new ArrayList<>();

    /** A message a job must reject: where it was sent and what the dead letter must say. */
    private record Garbage(String topic, int partition, long offset, byte[] value, String reason) {}

    @AfterEach
    void closeSinks() {
        sinks.forEach(CollectingSink::close);
    }

    @Test
    void predictsEveryWindowOfBothSensorsOnceDeadLettersGarbageAndFinishes() throws Exception {
        Map<Integer, Integer> classes = SampleData.nmnistSmallClasses();
        Events small = nmnistSamples(SAMPLES);
        Events large = SampleData.evt2Sample();
        assertThat(large.size()).as("EVT 2.0 sample events (data README)").isEqualTo(521_252);

        InMemoryTopic events = new InMemoryTopic("dvs.events", 2);
        InMemoryTopic labels = new InMemoryTopic("labels", 2);
        List<Garbage> garbage = new ArrayList<>();

        // sensor SMALL on partition 0, sensor LARGE on partition 1; garbage between their packets
        List<EventPacket> smallPackets = SampleData.packets(SMALL, 34, 34, small, 1024);
        List<EventPacket> largePackets = SampleData.packets(LARGE, 640, 480, large, 4096);
        for (int i = 0; i < smallPackets.size(); i++) {
            events.send(0, SMALL, PACKETS.encode(smallPackets.get(i)));
            if (i == 3) {
                byte[] json = "{\"sensorId\":\"nmnist-34x34\",\"events\":[]}".getBytes(StandardCharsets.UTF_8);
                garbage.add(new Garbage("dvs.events", 0, events.send(0, SMALL, json), json,
                        "not Avro single-object encoding"));
            }
            if (i == 7) {
                byte[] outside = PACKETS.encode(packetWithOneEvent(SMALL, 34, 34, 34, 5));
                garbage.add(new Garbage("dvs.events", 0, events.send(0, SMALL, outside), outside,
                        "invalid EventPacket: event 0 at (34, 5) is outside the 34x34 sensor"));
            }
        }
        for (int i = 0; i < largePackets.size(); i++) {
            events.send(1, LARGE, PACKETS.encode(largePackets.get(i)));
            if (i == 2) {
                byte[] truncated = Arrays.copyOf(PACKETS.encode(largePackets.get(i)), 40);
                garbage.add(new Garbage("dvs.events", 1, events.send(1, LARGE, truncated), truncated,
                        "cannot decode EventPacket (40 bytes)"));
            }
        }

        // labels: every window of the first samples of SMALL, the first window of LARGE; the rest held out
        NavigableMap<Long, Long> smallWindows = small.countPerWindow(WINDOW_MICROS);
        NavigableMap<Long, Long> largeWindows = large.countPerWindow(WINDOW_MICROS);
        int smallLabels = 0;
        for (long start : smallWindows.keySet()) {
            int sample = (int) (start / 400_000L);
            if (sample < LABELLED_SAMPLES) {
                labels.send(0, SMALL, LABELS.encode(new Label(SMALL, (long) smallLabels, start, start + WINDOW_MICROS,
                        classes.get(sample + 1), List.of())));
                smallLabels++;
            }
            if (smallLabels == 5 && garbage.stream().noneMatch(g -> g.topic().equals("labels"))) {
                garbage.add(new Garbage("labels", 0, labels.send(0, SMALL, null), null, "null message (a tombstone?)"));
            }
        }
        long firstLarge = largeWindows.keySet().iterator().next();
        labels.send(1, LARGE, LABELS.encode(new Label(LARGE, 0L, firstLarge, firstLarge + WINDOW_MICROS, 3, List.of())));
        byte[] text = "class=3".getBytes(StandardCharsets.UTF_8);
        garbage.add(new Garbage("labels", 1, labels.send(1, LARGE, text), text, "not Avro single-object encoding"));

        Run run = runToTheEnd(events, labels, "dvs-classify at the seam");
        JobExecutionResult result = run.result();
        DvsClassifyJob.Settings settings = run.settings();

        List<Prediction> got = run.predictions();
        assertThat(got).extracting(Prediction::getId).doesNotHaveDuplicates();
        assertThat(got).extracting(Prediction::getStreamId).containsOnly(SMALL, LARGE);
        assertOnePredictionPerWindow(got, SMALL, smallWindows);
        assertOnePredictionPerWindow(got, LARGE, largeWindows);
        // the last window of each sensor is closed by no packet (none ends at or after the window's end),
        // and the watermark of the sensor clock stays behind it: only the end-of-input watermark closes it
        assertThat(largeWindows).hasSize(3);
        assertThat(smallPackets.get(smallPackets.size() - 1).getEndTimeMicros())
                .isLessThan(smallWindows.lastKey() + WINDOW_MICROS);
        assertThat(largePackets.get(largePackets.size() - 1).getEndTimeMicros())
                .isLessThan(largeWindows.lastKey() + WINDOW_MICROS);

        long sent = small.size() + large.size();
        assertThat(got.stream().mapToLong(Prediction::getEventCount).sum())
                .as("events in predictions = events sent (nothing dropped at default settings)").isEqualTo(sent);
        assertThat(counter(result, "eventsIn")).isEqualTo(sent);
        assertThat(counter(result, "eventsUsed")).isEqualTo(sent);
        for (String dropped : List.of("eventsDroppedLate", "eventsDroppedRejectedPacket",
                "eventsFilteredBackgroundActivity", "eventsFilteredRefractory", "eventsFilteredOutsideRoi",
                "eventsFilteredNoFeature")) {
            assertThat(counter(result, dropped)).as(dropped).isZero();
        }

        // every label met its window and was learned from once (a snapshot per update, versions 1..n)
        List<ModelSnapshot> snapshots = run.models();
        // (sizes and fields only: a snapshot's toString is ~100 kB of parameters)
        assertThat(snapshots.size()).as("learning updates").isEqualTo(smallLabels + 1);
        assertThat(versions(snapshots, SMALL)).containsExactlyElementsOf(range(1, smallLabels));
        assertThat(versions(snapshots, LARGE)).containsExactly(1L);
        assertThat(snapshots.stream().map(ModelSnapshot::getKind).distinct()).containsExactly("rls-readout");
        assertThat(snapshots.stream().map(ModelSnapshot::getShape).distinct())
                .containsExactly(List.of(10, settings.learner().liquid().featureCount()));

        assertDeadLetters(run.deadLetters(), garbage);
    }

    /**
     * Two sensors whose clocks are far apart (N-MNIST from 0 s, EVT 2.0 at 913.7 s) share one source
     * subtask: the same partition here; two partitions read by one subtask (partitions &gt; parallelism,
     * or parallelism 1) do the same. The sensor behind must lose no event and no label to the clock
     * ahead. Regression test: while the watermark followed the fastest clock of its subtask, every
     * timer of the sensor behind fired at once: 11,278 to 12,046 of its 13,016 events were dropped as
     * late and 1 of its 3 labels was learned from (before commit af5b3f5, per-stream watermarks).
     */
    @Test
    void sensorsWithDistantClocksOnOnePartitionLoseNoEvents() throws Exception {
        Events behind = nmnistSamples(3);
        Events ahead = SampleData.evt2Sample().between(0, 913_736_224L); // the first 20 ms
        List<EventPacket> a = SampleData.packets(SMALL, 34, 34, behind, 256);
        List<EventPacket> b = SampleData.packets(LARGE, 640, 480, ahead, 4096);
        InMemoryTopic events = new InMemoryTopic("dvs.events", 2);
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) { // as they would arrive: interleaved
            if (i < a.size()) {
                events.send(0, SMALL, PACKETS.encode(a.get(i)));
            }
            if (i < b.size()) {
                events.send(0, LARGE, PACKETS.encode(b.get(i)));
            }
        }
        InMemoryTopic labels = new InMemoryTopic("labels", 2);
        for (int k = 0; k < 3; k++) { // one label per sample of the sensor behind
            labels.send(0, SMALL, LABELS.encode(new Label(SMALL, (long) k, k * 400_000L, (k + 1) * 400_000L, k, List.of())));
        }
        CollectingSink<Prediction> predictions = sink("predictions");
        CollectingSink<ModelSnapshot> models = sink("models");
        DvsClassifyJob.Settings defaults = DvsClassifyJob.Settings.defaults();
        DvsClassifyJob.Settings settings = new DvsClassifyJob.Settings(defaults.learner().withWindow(
                defaults.learner().windowMicros(), 10, 1), defaults.disorderMicros(), defaults.idleMillis());
        StreamExecutionEnvironment env = MiniClusters.environment();
        env.getConfig().setAutoWatermarkInterval(10);
        // 2 ms per record: a stream, not a burst, so watermarks and timers run between packets
        new DvsClassifyJob(events.source(2_000), labels.source(2_000), predictions, models, sink("dead-letters"),
                settings, DvsClassifyJob.NAME, "dvs.events", "labels").build(env);
        JobExecutionResult result = env.executeAsync("dvs-classify, two clocks on one partition")
                .getJobExecutionResult().get(120, TimeUnit.SECONDS);

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(counter(result, "eventsDroppedLate")).as("eventsDroppedLate").isZero();
            softly.assertThat(predictions.results().stream().filter(p -> p.getStreamId().equals(SMALL))
                    .mapToLong(Prediction::getEventCount).sum()).as("events of %s predicted", SMALL)
                    .isEqualTo(behind.size());
            softly.assertThat(models.results().size()).as("learning updates (one per label)").isEqualTo(3);
        });
    }

    /**
     * Bad input the decoders accept as well-formed but the spec or the learner refuses: a packet with
     * {@code startTimeMicros == endTimeMicros} holding an event (no event can be before its end), and
     * labels whose class the readout does not have (12 of 10 classes, none at all). Each goes to
     * dead-letters with its reason, the packet with its partition and offset, and the job learns from
     * the valid labels, predicts every window and finishes. The learner gets labels decoded, so their
     * Kafka coordinates are unknown there (-1); the dead letter keeps the label, re-encoded.
     */
    @Test
    void aPacketCoveringNoTimeAndLabelsWithoutAClassAreDeadLetteredAndTheJobFinishes() throws Exception {
        Events small = nmnistSamples(3);
        List<EventPacket> packets = SampleData.packets(SMALL, 34, 34, small, 1024);
        InMemoryTopic events = new InMemoryTopic("dvs.events", 2);
        InMemoryTopic labels = new InMemoryTopic("labels", 2);
        byte[] noSpan = null;
        long noSpanOffset = -1;
        for (int i = 0; i < packets.size(); i++) {
            events.send(0, SMALL, PACKETS.encode(packets.get(i)));
            if (i == 4) {
                EventPacket p = packetWithOneEvent(SMALL, 34, 34, 3, 4);
                p.setStartTimeMicros(packets.get(i).getEndTimeMicros());
                p.setEndTimeMicros(packets.get(i).getEndTimeMicros());
                noSpan = PACKETS.encode(p);
                noSpanOffset = events.send(0, SMALL, noSpan);
            }
        }
        NavigableMap<Long, Long> windows = small.countPerWindow(WINDOW_MICROS);
        Map<Integer, Integer> classes = SampleData.nmnistSmallClasses();
        List<Label> bad = List.of(
                new Label(SMALL, 1000L, 0L, WINDOW_MICROS, 12, List.of()),
                new Label(SMALL, 1001L, WINDOW_MICROS, 2 * WINDOW_MICROS, null, List.of()));
        int valid = 0;
        List<Long> badLabelOffsets = new ArrayList<>();
        for (long start : windows.keySet()) {
            int sample = (int) (start / 400_000L);
            if (sample < 2) {
                labels.send(0, SMALL, LABELS.encode(new Label(SMALL, (long) valid, start, start + WINDOW_MICROS,
                        classes.get(sample + 1), List.of())));
                valid++;
            }
            if (valid == 3 && labels.size(0) == 3) {
                for (Label l : bad) {
                    badLabelOffsets.add(labels.send(0, SMALL, LABELS.encode(l)));
                }
            }
        }

        Run run = runToTheEnd(events, labels, "dvs-classify, bad packets and labels");
        assertOnePredictionPerWindow(run.predictions(), SMALL, windows);
        assertThat(counter(run.result(), "eventsIn")).as("the rejected packet never reached the learner")
                .isEqualTo(small.size());
        assertThat(run.models()).as("learning updates: the valid labels only").hasSize(valid);

        List<DeadLetter> got = run.deadLetters();
        assertThat(got).hasSize(3);
        DeadLetter packet = got.stream().filter(d -> d.getSourceTopic().equals("dvs.events")).findFirst().orElseThrow();
        assertThat(packet.getSourcePartition()).isZero();
        assertThat(packet.getSourceOffset()).isEqualTo(noSpanOffset);
        assertThat(packet.getReason()).isEqualTo("invalid EventPacket: event 0 at dtMicros 0 is not before "
                + "endTimeMicros: the packet covers no time (startTimeMicros == endTimeMicros == "
                + packets.get(4).getEndTimeMicros() + ")");
        assertThat(packet.getJob()).isEqualTo(DvsClassifyJob.NAME);
        assertThat(ByteBuffers.remaining(packet.getValue())).isEqualTo(noSpan);

        List<DeadLetter> rejectedLabels = got.stream().filter(d -> d.getSourceTopic().equals("labels")).toList();
        assertThat(rejectedLabels).extracting(DeadLetter::getReason).containsExactlyInAnyOrder(
                "label 1000 of stream " + SMALL + " for [0, 50000) µs: classIndex 12 outside the learner's classes [0, 10)",
                "label 1001 of stream " + SMALL + " for [50000, 100000) µs: classIndex is null and there is no target, "
                        + "the learner needs a class in [0, 10)");
        for (DeadLetter d : rejectedLabels) {
            // rejected by the learner, with the position the decode step read them at
            assertThat(d.getSourcePartition()).isZero();
            assertThat(d.getSourceOffset()).isEqualTo(
                    badLabelOffsets.get(bad.indexOf(LABELS.decode(ByteBuffers.remaining(d.getValue())))));
            assertThat(d.getJob()).isEqualTo(DvsClassifyJob.NAME + "/learner");
            assertThat(new String(ByteBuffers.remaining(d.getKey()), StandardCharsets.UTF_8)).isEqualTo(SMALL);
            assertThat(LABELS.decode(ByteBuffers.remaining(d.getValue()))).isIn(bad);
        }
        for (DeadLetter d : got) {
            assertThat(d.getRejectedAtMillis()).as("wall-clock time of the rejection")
                    .isGreaterThan(System.currentTimeMillis() - 600_000);
        }
    }

    @Test
    void packetsGoingBackAcrossPacketsNeverKillTheJobAndTheOrderCheckDeadLettersWithTheSourceOffset() throws Exception {
        // Each packet is valid alone. The second starts 3 ms before the last event of the first: with or
        // without the order check this once threw ArrayIndexOutOfBoundsException in the liquid (a poison
        // message: the job restarted from the same offsets and failed again). The third starts 105 ms
        // back, beyond the tolerated 50 ms: dead-lettered by the learner with its Kafka position.
        InMemoryTopic events = new InMemoryTopic("dvs.events", 2);
        InMemoryTopic labels = new InMemoryTopic("labels", 2);
        events.send(1, "cam", PACKETS.encode(packet(0, 150_000, 160_001, 150_000, 155_000, 160_000)));
        events.send(1, "cam", PACKETS.encode(packet(1, 157_000, 158_001, 157_000, 158_000)));
        long backOffset = events.send(1, "cam", PACKETS.encode(packet(2, 55_000, 55_001, 55_000)));
        events.send(1, "cam", PACKETS.encode(packet(3, 170_000, 200_000, 170_000, 199_999)));
        DvsClassifyJob.Settings staged = settings().withStages(EventStagesConfig.checkOnly(34, 34, 50_000));

        Run run = runToTheEnd(events, labels, "dvs-classify, packets going back", staged);
        assertOnePredictionPerWindow(run.predictions(), "cam", Map.of(150_000L, 7L));
        assertThat(run.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo("dvs.events");
            assertThat(d.getSourcePartition()).isEqualTo(1);
            assertThat(d.getSourceOffset()).isEqualTo(backOffset);
            assertThat(d.getSourceTimestampMillis()).isPositive();
            assertThat(d.getReason()).contains("time goes back across packets").contains("105000 µs before");
            assertThat(d.getJob()).isEqualTo(DvsClassifyJob.NAME + "/learner");
        });
        assertThat(counter(run.result(), "eventsDroppedRejectedPacket")).isEqualTo(1);
    }

    private static EventPacket packet(long sequence, long start, long end, long... times) {
        ByteBuffer packed = PackedEvents.allocate(times.length);
        for (long t : times) {
            PackedEvents.put(packed, t - start, 3, 4, true);
        }
        packed.flip();
        return new EventPacket("cam", sequence, 34, 34, start, end, times.length, packed, null);
    }

    /** The first {@code count} N-MNIST samples (ids 1, 2, ...), one every 400 ms of the sensor clock. */
    private static Events nmnistSamples(int count) {
        List<Events> samples = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            samples.add(SampleData.nmnistSmall(k + 1).shifted(k * 400_000L));
        }
        return Events.concat(samples);
    }

    /** What a bounded run of the topology wrote, and its accumulators. */
    private record Run(DvsClassifyJob.Settings settings, JobExecutionResult result, List<Prediction> predictions,
                       List<ModelSnapshot> models, List<DeadLetter> deadLetters) {}

    /**
     * Runs dvs-classify on the topics' messages until the job finishes by itself (bounded input: the
     * end-of-input watermark closes the last windows), with default stages (none), liquid and readout,
     * 50 ms windows (the 96 ms EVT 2.0 sample spans three of them) and a model snapshot after every
     * learning update, so learning can be counted.
     */
    private Run runToTheEnd(InMemoryTopic events, InMemoryTopic labels, String name) throws Exception {
        return runToTheEnd(events, labels, name, settings());
    }

    private static DvsClassifyJob.Settings settings() {
        DvsClassifyJob.Settings defaults = DvsClassifyJob.Settings.defaults();
        return new DvsClassifyJob.Settings(
                defaults.learner().withWindow(WINDOW_MICROS, 10, 1), defaults.disorderMicros(), defaults.idleMillis());
    }

    private Run runToTheEnd(InMemoryTopic events, InMemoryTopic labels, String name, DvsClassifyJob.Settings settings)
            throws Exception {
        CollectingSink<Prediction> predictions = sink("predictions");
        CollectingSink<ModelSnapshot> models = sink("models");
        CollectingSink<DeadLetter> deadLetters = sink("dead-letters");
        StreamExecutionEnvironment env = MiniClusters.environment();
        new DvsClassifyJob(events.source(), labels.source(), predictions, models, deadLetters, settings,
                DvsClassifyJob.NAME, "dvs.events", "labels").build(env);
        JobClient client = env.executeAsync(name);
        JobExecutionResult result = client.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        return new Run(settings, result, predictions.results(), models.results(), deadLetters.results());
    }

    private static void assertOnePredictionPerWindow(List<Prediction> all, String sensor, Map<Long, Long> eventsPerWindow) {
        List<Prediction> mine = all.stream().filter(p -> p.getStreamId().equals(sensor)).toList();
        Map<Long, Long> predicted = new TreeMap<>();
        for (Prediction p : mine) {
            predicted.merge(p.getWindowStartMicros(), p.getEventCount(), Long::sum);
            assertThat(p.getId()).isEqualTo(DvsClassifyJob.NAME + "/" + sensor + "/" + p.getWindowStartMicros());
            assertThat(p.getJob()).isEqualTo(DvsClassifyJob.NAME);
            assertThat(p.getWindowEndMicros()).isEqualTo(p.getWindowStartMicros() + WINDOW_MICROS);
            assertThat(p.getScores()).hasSize(10);
        }
        assertThat(mine).as("predictions of " + sensor).hasSize(eventsPerWindow.size());
        assertThat(predicted).as("events per window of " + sensor).isEqualTo(eventsPerWindow);
    }

    private static void assertDeadLetters(List<DeadLetter> got, List<Garbage> expected) {
        assertThat(got).hasSize(expected.size());
        for (Garbage g : expected) {
            List<DeadLetter> match = got.stream().filter(d -> d.getSourceTopic().equals(g.topic())
                    && d.getSourcePartition() == g.partition() && d.getSourceOffset() == g.offset()).toList();
            assertThat(match).as("dead letter of %s-%d@%d", g.topic(), g.partition(), g.offset()).hasSize(1);
            DeadLetter d = match.get(0);
            assertThat(d.getReason()).contains(g.reason());
            assertThat(d.getJob()).isEqualTo(DvsClassifyJob.NAME);
            assertThat(d.getSourceTimestampMillis()).isPositive();
            if (g.value() == null) {
                assertThat(d.getValue()).isNull();
            } else {
                assertThat(ByteBuffers.remaining(d.getValue())).isEqualTo(g.value());
            }
        }
    }

    private static EventPacket packetWithOneEvent(String sensor, int width, int height, int x, int y) {
        ByteBuffer packed = PackedEvents.allocate(1);
        PackedEvents.put(packed, 0, x, y, true);
        packed.flip();
        return new EventPacket(sensor, 999L, width, height, 100L, 101L, 1, packed, null);
    }

    private static long counter(JobExecutionResult result, String name) {
        assertThat(LiquidClassifierFunction.EVENT_COUNTERS).contains(name);
        Object v = result.getAllAccumulatorResults().get(DvsClassifyJob.NAME + "." + name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static List<Long> versions(List<ModelSnapshot> snapshots, String sensor) {
        return snapshots.stream().filter(s -> s.getStreamId().equals(sensor)).map(ModelSnapshot::getVersion).sorted()
                .collect(Collectors.toList());
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long v = from; v <= to; v++) {
            r.add(v);
        }
        return r;
    }

    private <T> CollectingSink<T> sink(String name) {
        CollectingSink<T> sink = CollectingSink.create(name);
        sinks.add(sink);
        return sink;
    }
}
