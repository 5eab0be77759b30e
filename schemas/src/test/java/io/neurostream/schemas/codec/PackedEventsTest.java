package io.neurostream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.schemas.EventPacket;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The array paths of {@link PackedEvents} (one 8-byte read per event) against the per-field readers, and
 * {@link RecordChecks#check(EventPacket)}'s fast acceptance against the event-by-event loop it skips.
 */
class PackedEventsTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    /** Random valid events: times never decrease, every event on the sensor. */
    private static ByteBuffer events(SplittableRandom random, int count) {
        ByteBuffer b = PackedEvents.allocate(count);
        long dt = random.nextLong(0, 1000);
        for (int i = 0; i < count; i++) {
            dt += random.nextInt(3);
            PackedEvents.put(b, dt, random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextBoolean());
        }
        return b.flip();
    }

    /** The check as it was before the fast path: every event, field by field (messages are still made this way). */
    private static String checkEventByEvent(EventPacket packet) {
        ByteBuffer view = PackedEvents.view(packet.getEvents());
        long previous = 0;
        long span = packet.getEndTimeMicros() - packet.getStartTimeMicros();
        for (int i = 0; i < packet.getEventCount(); i++) {
            long dt = PackedEvents.dtMicros(view, i);
            int x = PackedEvents.x(view, i);
            int y = PackedEvents.y(view, i);
            if (x >= packet.getWidth() || y >= packet.getHeight()) {
                return "outside";
            }
            if (dt < previous) {
                return "back";
            }
            if ((view.get(i * 9 + 8) & 0xFF) > 1) {
                return "polarity";
            }
            if (Long.compareUnsigned(dt, span) >= 0) {
                return "late";
            }
            previous = dt;
        }
        return null;
    }

    @Test
    void unpackReadsWhatTheFieldReadersRead() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            int count = random.nextInt(0, 300);
            ByteBuffer b = events(random, count);
            // a slice with an array offset, as a decoder may hand it over
            byte[] padded = new byte[b.limit() + 5];
            System.arraycopy(b.array(), 0, padded, 3, b.limit());
            ByteBuffer sliced = ByteBuffer.wrap(padded, 3, b.limit()).slice();
            for (ByteBuffer in : new ByteBuffer[] {b, sliced, ByteBuffer.allocateDirect(b.limit()).put(b.duplicate()).flip()}) {
                long[] t = new long[count];
                int[] x = new int[count];
                int[] y = new int[count];
                boolean[] on = new boolean[count];
                PackedEvents.unpack(in, 1_000_000L, count, t, x, y, on);
                ByteBuffer view = PackedEvents.view(b);
                for (int i = 0; i < count; i++) {
                    assertThat(t[i]).isEqualTo(1_000_000L + PackedEvents.dtMicros(view, i));
                    assertThat(x[i]).isEqualTo(PackedEvents.x(view, i));
                    assertThat(y[i]).isEqualTo(PackedEvents.y(view, i));
                    assertThat(on[i]).isEqualTo(PackedEvents.on(view, i));
                }
            }
        }
    }

    @Test
    void packWritesWhatPutWritesAndRefusesWhatPutRefuses() {
        SplittableRandom random = new SplittableRandom(11);
        int count = 200;
        long start = 5_000_000L;
        long[] t = new long[count];
        int[] x = new int[count];
        int[] y = new int[count];
        int[] channel = new int[count];
        ByteBuffer expected = PackedEvents.allocate(count);
        for (int i = 0; i < count; i++) {
            t[i] = start + (i == count - 1 ? 0xFFFF_FFFFL : random.nextLong(0, 1L << 32));
            x[i] = i == 0 ? 0xFFFF : random.nextInt(0x10000);
            y[i] = i == 1 ? 0xFFFF : random.nextInt(0x10000);
            channel[i] = random.nextInt(2);
            PackedEvents.put(expected, t[i] - start, x[i], y[i], channel[i] == 1);
        }
        assertThat(PackedEvents.pack(start, count, t, x, y, channel)).isEqualTo(expected.array());
        t[5] = start - 1;
        assertThatThrownBy(() -> PackedEvents.pack(start, count, t, x, y, channel))
                .hasMessageContaining("dtMicros -1 outside");
        t[5] = start + (1L << 32);
        assertThatThrownBy(() -> PackedEvents.pack(start, count, t, x, y, channel))
                .hasMessageContaining("outside [0, 2^32)");
        t[5] = start;
        x[7] = 0x10000;
        assertThatThrownBy(() -> PackedEvents.pack(start, count, t, x, y, channel)).hasMessageContaining("x 65536");
        x[7] = 0;
        y[9] = -1;
        assertThatThrownBy(() -> PackedEvents.pack(start, count, t, x, y, channel)).hasMessageContaining("y -1");
    }

    @Test
    void theFastCheckAcceptsExactlyWhatTheEventByEventCheckAccepts() {
        SplittableRandom random = new SplittableRandom(3);
        int rejected = 0;
        for (int round = 0; round < 2000; round++) {
            int count = random.nextInt(1, 60);
            ByteBuffer b = events(random, count);
            int i = random.nextInt(count);
            int o = i * 9;
            switch (random.nextInt(7)) {
                case 0 -> b.putShort(o + 4, (short) (WIDTH + random.nextInt(3) - 1)); // x at or next to the border
                case 1 -> b.putShort(o + 6, (short) (HEIGHT + random.nextInt(3) - 1));
                case 2 -> b.put(o + 8, (byte) random.nextInt(256)); // polarity
                case 3 -> b.putInt(o, b.getInt(o) - random.nextInt(1, 3)); // maybe back in time
                case 4 -> b.putInt(o, -random.nextInt(1, 10)); // dt near 2^32 (uint32)
                default -> { } // left valid
            }
            long lastDt = PackedEvents.dtMicros(PackedEvents.view(b), count - 1);
            long start = random.nextLong(-1_000_000, 1_000_000);
            long end = start + Math.max(0, lastDt + random.nextInt(-1, 3)); // the last event before, at or after the end
            EventPacket packet = new EventPacket("s", 0L, WIDTH, HEIGHT, start, end, count, b, null);
            String fast = RecordChecks.check(packet);
            String slow = checkEventByEvent(packet);
            assertThat(fast == null).as("round %d: fast %s, event by event %s", round, fast, slow).isEqualTo(slow == null);
            if (slow != null) {
                rejected++;
                assertThat(fast).contains("event ");
            }
        }
        assertThat(rejected).isBetween(500, 1900); // both outcomes were exercised
    }
}
