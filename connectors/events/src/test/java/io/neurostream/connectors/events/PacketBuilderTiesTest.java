package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.codec.RecordChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Count cuts among events of equal time (real EVT files have many per µs) keep every packet valid. */
class PacketBuilderTiesTest {

    private static List<EventPacket> pack(long[] times, int maxEvents, List<long[]> in) {
        List<EventPacket> packets = new ArrayList<>();
        PacketBuilder pb = PacketBuilder.builder().sensorId("s").geometry(new SensorGeometry(8, 8)).maxEvents(maxEvents)
                .sink(packets::add).build();
        for (int i = 0; i < times.length; i++) {
            pb.accept(times[i], i % 8, (i / 8) % 8, i % 3 == 0);
            in.add(new long[] {times[i], i % 8, (i / 8) % 8, i % 3 == 0 ? 1 : 0});
        }
        pb.finish();
        return packets;
    }

    @Test
    void fullPacketEndingInTiesMovesTheTiesToTheNextPacket() {
        List<long[]> in = new ArrayList<>();
        List<EventPacket> packets = pack(new long[] {1, 2, 5, 5, 5, 5, 6}, 4, in);
        assertThat(packets).extracting(EventPacket::getEventCount).containsExactly(2, 4, 1);
        assertThat(packets.get(0).getEndTimeMicros()).isEqualTo(5);
        assertThat(packets.get(1).getStartTimeMicros()).isEqualTo(5);
        for (EventPacket p : packets) {
            assertThat(RecordChecks.check(p)).isNull();
        }
    }

    @Test
    void randomTiesKeepEveryEventInOrderAndEveryPacketValid() {
        SplittableRandom random = new SplittableRandom(21);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(400);
            long[] times = new long[n];
            long t = random.nextInt(1000);
            int run = 0;
            for (int i = 0; i < n; i++) {
                boolean tie = random.nextInt(4) != 0 && run < 20; // mostly ties, runs of at most 21 events
                t += tie ? 0 : 1 + random.nextInt(3);
                run = tie ? run + 1 : 0;
                times[i] = t;
            }
            int maxEvents = 22 + random.nextInt(20);
            List<long[]> in = new ArrayList<>();
            List<EventPacket> packets = pack(times, maxEvents, in);
            List<long[]> out = new ArrayList<>();
            long previousEnd = Long.MIN_VALUE;
            for (EventPacket p : packets) {
                assertThat(RecordChecks.check(p)).isNull();
                assertThat(p.getEventCount()).isLessThanOrEqualTo(maxEvents);
                PacketBuilder.unpack(p, (tt, x, y, on) -> out.add(new long[] {tt, x, y, on ? 1 : 0}));
                assertThat(p.getStartTimeMicros()).isGreaterThanOrEqualTo(previousEnd);
                previousEnd = p.getEndTimeMicros();
            }
            assertThat(out).hasSameSizeAs(in);
            for (int i = 0; i < in.size(); i++) {
                assertThat(out.get(i)).containsExactly(in.get(i));
            }
        }
    }
}
