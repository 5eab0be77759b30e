package io.neurostream.flink.dvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EventStagesFunctionTest {
    private static final int W = 16;
    private static final int H = 12;

    /** One event: t (µs), x, y, on. */
    private record Ev(long t, int x, int y, boolean on) {}

    private static KeyedOneInputStreamOperatorTestHarness<String, EventPacket, EventPacket> harness(
            EventStagesConfig config) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new EventStagesFunction(config, "dvs.events", "test")),
                EventPacket::getSensorId, Types.STRING);
        h.open();
        return h;
    }

    private static EventPacket packet(String sensor, long seq, List<Ev> events, long end) {
        long start = events.isEmpty() ? end - 1 : events.get(0).t();
        ByteBuffer packed = PackedEvents.allocate(events.size());
        for (Ev e : events) {
            PackedEvents.put(packed, e.t() - start, e.x(), e.y(), e.on());
        }
        packed.flip();
        return new EventPacket(sensor, seq, W, H, start, end, events.size(), packed, 5L);
    }

    private static void push(KeyedOneInputStreamOperatorTestHarness<String, EventPacket, EventPacket> h, EventPacket p)
            throws Exception {
        h.processElement(new StreamRecord<>(p, p.getStartTimeMicros()));
    }

    private static List<EventPacket> outputs(KeyedOneInputStreamOperatorTestHarness<String, EventPacket, EventPacket> h) {
        List<EventPacket> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof EventPacket p) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Ev> events(EventPacket p) {
        List<Ev> out = new ArrayList<>();
        ByteBuffer view = PackedEvents.view(p.getEvents());
        for (int i = 0; i < p.getEventCount(); i++) {
            out.add(new Ev(p.getStartTimeMicros() + PackedEvents.dtMicros(view, i), PackedEvents.x(view, i),
                    PackedEvents.y(view, i), PackedEvents.on(view, i)));
        }
        return out;
    }

    private static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, EventPacket, EventPacket> h) {
        List<DeadLetter> out = new ArrayList<>();
        var side = h.getSideOutput(EventStagesFunction.DEAD_LETTERS);
        if (side != null) {
            for (StreamRecord<DeadLetter> r : side) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    private static List<Ev> randomEvents(SplittableRandom random, long fromMicros, int n) {
        List<Ev> out = new ArrayList<>();
        long t = fromMicros;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(50);
            out.add(new Ev(t, random.nextInt(W), random.nextInt(H), random.nextBoolean()));
        }
        return out;
    }

    @Test
    void packetsFurtherBackThanTheDisorderBoundGoToDeadLettersOthersPassUnchanged() throws Exception {
        try (var h = harness(EventStagesConfig.checkOnly(W, H, 1_000))) {
            List<Ev> first = List.of(new Ev(10_000, 1, 1, true), new Ev(10_500, 2, 3, false));
            push(h, packet("cam", 0, first, 10_501));
            push(h, packet("cam", 1, List.of(new Ev(9_600, 4, 4, true)), 9_601)); // 900 µs back: tolerated
            push(h, packet("cam", 2, List.of(new Ev(9_400, 5, 5, true)), 9_401)); // 1100 µs back: rejected
            push(h, packet("other", 0, List.of(new Ev(100, 5, 5, true)), 101)); // another sensor has its own clock
            push(h, new EventPacket("cam", 3L, W + 1, H, 20_000L, 20_001L, 0, ByteBuffer.allocate(0), null));
            List<EventPacket> out = outputs(h);
            assertThat(out).hasSize(3);
            assertThat(events(out.get(0))).isEqualTo(first);
            assertThat(out.get(0).getStartTimeMicros()).isEqualTo(10_000);
            assertThat(out.get(0).getEndTimeMicros()).isEqualTo(10_501);
            assertThat(out).extracting(EventPacket::getSensorId).containsExactly("cam", "cam", "other");
            assertThat(out).extracting(EventPacket::getSequence).containsExactly(0L, 1L, 0L);
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).getReason()).contains("time goes back").contains("packet 2").contains("1100 µs");
            assertThat(dead.get(0).getSourceTopic()).isEqualTo("dvs.events");
            byte[] value = new byte[dead.get(0).getValue().remaining()];
            dead.get(0).getValue().duplicate().get(value);
            assertThat(SingleObjectCodec.of(EventPacket.class).decode(value).getSequence()).isEqualTo(2L);
            assertThat(dead.get(1).getReason()).contains("geometry 17x12");
        }
    }

    @Test
    void backgroundActivityFilterDropsIsolatedEventsAndRefractoryDropsRepeats() throws Exception {
        EventStagesConfig config = EventStagesConfig.checkOnly(W, H, 0).withBackgroundFilter(1_000, 1).withRefractory(500);
        try (var h = harness(config)) {
            push(h, packet("cam", 0, List.of(
                    new Ev(1_000, 5, 5, true),    // nothing around yet: noise
                    new Ev(1_100, 6, 5, true),    // neighbour fired 100 µs ago: passes
                    new Ev(1_200, 5, 5, true),    // neighbour (6,5) 100 µs ago: passes the noise filter...
                    new Ev(1_300, 6, 5, false),   // ...; (6,5) again after 200 µs: refractory
                    new Ev(9_000, 0, 11, true)),  // isolated: noise
                    9_001));
            assertThat(events(outputs(h).get(0))).containsExactly(new Ev(1_100, 6, 5, true), new Ev(1_200, 5, 5, true));
        }
    }

    @Test
    void regionOfInterestCropsAndDownsamples() throws Exception {
        EventStagesConfig config = EventStagesConfig.checkOnly(W, H, 0).withRoi(4, 2, 8, 8, 2);
        assertThat(config.outWidth()).isEqualTo(4);
        assertThat(config.outHeight()).isEqualTo(4);
        try (var h = harness(config)) {
            push(h, packet("cam", 0, List.of(new Ev(1, 3, 5, true), new Ev(2, 4, 2, true), new Ev(3, 11, 9, false),
                    new Ev(4, 12, 9, true)), 5));
            EventPacket out = outputs(h).get(0);
            assertThat(out.getWidth()).isEqualTo(4);
            assertThat(events(out)).containsExactly(new Ev(2, 0, 0, true), new Ev(3, 3, 3, false));
        }
    }

    @Test
    void feastEmitsFeatureEventsAndFreezesAfterItsLearningBudget() throws Exception {
        EventStagesConfig config = EventStagesConfig.checkOnly(W, H, 0)
                .withFeast(8, 1, 20_000, 0.01, 0.01, 0.02, 2, 3_000, 11);
        assertThat(config.outWidth()).isEqualTo(8 * 8);
        assertThat(config.outHeight()).isEqualTo(6);
        try (var h = harness(config)) {
            SplittableRandom random = new SplittableRandom(4);
            long t = 0;
            for (int p = 0; p < 10; p++) {
                List<Ev> evs = randomEvents(random, t, 500);
                t = evs.get(evs.size() - 1).t() + 1;
                push(h, packet("cam", p, evs, t));
            }
            List<EventPacket> out = outputs(h);
            assertThat(out).hasSize(10);
            long featureEvents = 0;
            int[] perFeature = new int[8];
            for (EventPacket p : out) {
                for (Ev e : events(p)) {
                    assertThat(e.x()).isLessThan(64);
                    assertThat(e.y()).isLessThan(6);
                    assertThat(e.on()).isTrue();
                    perFeature[e.x() % 8]++;
                    featureEvents++;
                }
            }
            assertThat(featureEvents).isPositive();
            int used = 0;
            for (int c : perFeature) {
                used += c > 0 ? 1 : 0;
            }
            assertThat(used).isGreaterThan(1);
            // 5000 events in, budget 3000: the neurons stop changing once it is spent.
            var operator = (org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator();
            operator.setCurrentKey("cam");
            var neurons = operator.getKeyedStateBackend()
                    .getPartitionedState(org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                            org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE, EventStagesFunction.FEAST);
            var before = io.neurostream.flink.state.FeastStateSerializer.INSTANCE.copy(neurons.value());
            push(h, packet("cam", 10, randomEvents(random, t, 500), t + 30_000));
            operator.setCurrentKey("cam");
            assertThat(neurons.value()).isEqualTo(before);
        }
    }

    @Test
    void snapshotAndRestoreContinueExactlyLikeAnUninterruptedRun() throws Exception {
        EventStagesConfig config = EventStagesConfig.checkOnly(W, H, 200).withBackgroundFilter(2_000, 1)
                .withRefractory(100).withFeast(8, 1, 10_000, 0.01, 0.01, 0.02, 1, 10_000, 3);
        List<EventPacket> packets = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(8);
        long t = 0;
        for (int p = 0; p < 12; p++) {
            List<Ev> evs = randomEvents(random, t, 400);
            t = evs.get(evs.size() - 1).t() + 1;
            packets.add(packet(p % 2 == 0 ? "a" : "b", p, evs, t));
        }
        List<EventPacket> uninterrupted;
        try (var h = harness(config)) {
            for (EventPacket p : packets) {
                push(h, p);
            }
            uninterrupted = outputs(h);
        }
        OperatorSubtaskState snapshot;
        List<EventPacket> resumed;
        try (var h = harness(config)) {
            for (EventPacket p : packets.subList(0, 6)) {
                push(h, p);
            }
            resumed = new ArrayList<>(outputs(h));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2 * 5); // clock, 2 filters, surface, neurons per sensor
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new EventStagesFunction(config, "dvs.events", "test")),
                EventPacket::getSensorId, Types.STRING)) {
            h.initializeState(snapshot);
            h.open();
            for (EventPacket p : packets.subList(6, 12)) {
                push(h, p);
            }
            resumed.addAll(outputs(h));
        }
        assertThat(resumed).isEqualTo(uninterrupted);
        assertThat(uninterrupted.stream().mapToInt(EventPacket::getEventCount).sum()).isPositive();
    }

    @Test
    void badSettingsFailNamingTheField() {
        assertThatThrownBy(() -> EventStagesConfig.checkOnly(W, H, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disorderMicros");
        assertThatThrownBy(() -> EventStagesConfig.checkOnly(W, H, 0).withRoi(10, 0, 10, 4, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not inside");
        assertThatThrownBy(() -> EventStagesConfig.checkOnly(W, H, 0).withFeast(8, 0, 1e4, 0.01, 0, 0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius");
    }
}
