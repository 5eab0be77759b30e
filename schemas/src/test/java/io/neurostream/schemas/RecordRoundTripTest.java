package io.neurostream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.PackedSpikes;
import io.neurostream.schemas.codec.RecordChecks;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordRoundTripTest {

    static EventPacket packet() {
        ByteBuffer events = PackedEvents.allocate(3);
        PackedEvents.put(events, 0, 1, 2, true);
        PackedEvents.put(events, 5, 33, 0, false);
        PackedEvents.put(events, 5, 0, 33, true);
        events.flip();
        return new EventPacket("cam-1", 7L, 34, 34, 1_000_000L, 1_000_100L, 3, events, null);
    }

    @Test
    void everyRecordSurvivesSingleObjectEncoding() throws IOException {
        ByteBuffer spikes = PackedSpikes.allocate(2);
        PackedSpikes.put(spikes, 3, 10);
        PackedSpikes.put(spikes, 9, 0);
        spikes.flip();
        List<Object> records = List.of(
                packet(),
                new SpikeBatch("rat-7", 1L, 0L, 20_000L, 256, 2, spikes, 5L),
                new Label("cam-1", 2L, 0L, 400_000L, 3, List.of()),
                new Label("rat-7", 3L, 0L, 20_000L, null, List.of(0.1, -0.2)),
                new Control("*", 4L, 123L, ControlCommand.TASK_BOUNDARY, 2, "task 2"),
                new Prediction("dvs-classify/cam-1/0", "dvs-classify", "cam-1", 0L, 400_000L, 4, List.of(0.1, 0.9),
                        List.of(), null, 17L, 5000L, 1L, 2L),
                new ModelSnapshot("dvs-classify", "cam-1", "rls-readout", 17L, 99L, List.of(1, 2),
                        ByteBuffer.wrap(new byte[16]), Map.of("seed", "42")),
                new DeadLetter("dvs.events", 1, 42L, 7L, null, ByteBuffer.wrap(new byte[] {1, 2}), "bad", "job", 8L));
        for (Object record : records) {
            assertThat(roundTrip((org.apache.avro.specific.SpecificRecordBase) record)).isEqualTo(record);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.apache.avro.specific.SpecificRecordBase> T roundTrip(T record) throws IOException {
        SingleObjectCodec<T> codec = SingleObjectCodec.of((Class<T>) record.getClass());
        byte[] wire = codec.encode(record);
        assertThat(wire[0]).isEqualTo((byte) 0xC3);
        assertThat(wire[1]).isEqualTo((byte) 0x01);
        return codec.decode(wire);
    }

    @Test
    void packedEventsReadBackWhatWasPut() {
        EventPacket p = packet();
        ByteBuffer view = PackedEvents.view(p.getEvents());
        assertThat(PackedEvents.dtMicros(view, 1)).isEqualTo(5);
        assertThat(PackedEvents.x(view, 1)).isEqualTo(33);
        assertThat(PackedEvents.y(view, 2)).isEqualTo(33);
        assertThat(PackedEvents.on(view, 0)).isTrue();
        assertThat(PackedEvents.on(view, 1)).isFalse();
        assertThat(RecordChecks.check(p)).isNull();
    }

    @Test
    void garbageIsRejectedWithAReason() {
        SingleObjectCodec<EventPacket> codec = SingleObjectCodec.of(EventPacket.class);
        assertThatThrownBy(() -> codec.decode("{\"json\":1}".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("magic C3 01").hasMessageContaining("0x7B226A73");
        byte[] wire = codec.encode(packet());
        byte[] truncated = java.util.Arrays.copyOf(wire, wire.length - 12);
        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot decode EventPacket");
        byte[] otherSchema = wire.clone();
        otherSchema[5] ^= 0x55;
        assertThatThrownBy(() -> codec.decode(otherSchema)).isInstanceOf(IOException.class);
    }

    @Test
    void invariantViolationsAreNamed() {
        EventPacket p = packet();
        p.setWidth(30);
        assertThat(RecordChecks.check(p)).contains("outside the 30x34 sensor");
        EventPacket q = packet();
        q.setEventCount(4);
        assertThat(RecordChecks.check(q)).contains("expected 9 * eventCount = 36");
        EventPacket r = packet();
        r.setEndTimeMicros(r.getStartTimeMicros() + 5);
        assertThat(RecordChecks.check(r)).contains("not before endTimeMicros");
    }
}
