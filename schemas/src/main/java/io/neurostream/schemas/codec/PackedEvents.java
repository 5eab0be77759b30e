package io.neurostream.schemas.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The packed event array inside {@code EventPacket.events}: 9 bytes per event, little-endian,
 * {@code uint32 dtMicros, uint16 x, uint16 y, uint8 polarity} (schemas/README.md).
 *
 * <p>Readers take the buffer and an index, so decoding allocates nothing.
 */
public final class PackedEvents {
    /** Bytes per packed event. */
    public static final int BYTES_PER_EVENT = 9;

    private PackedEvents() {}

    /** Writes one event at the buffer's position (the buffer must be little-endian). */
    public static void put(ByteBuffer out, long dtMicros, int x, int y, boolean on) {
        if (dtMicros < 0 || dtMicros > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("dtMicros " + dtMicros + " outside [0, 2^32): split the packet");
        }
        if (x < 0 || x > 0xFFFF || y < 0 || y > 0xFFFF) {
            throw new IllegalArgumentException("x " + x + " / y " + y + " outside [0, 65535]");
        }
        out.putInt((int) dtMicros).putShort((short) x).putShort((short) y).put((byte) (on ? 1 : 0));
    }

    /** Returns a little-endian view of a packed array, positioned at 0. */
    public static ByteBuffer view(ByteBuffer events) {
        return events.duplicate().order(ByteOrder.LITTLE_ENDIAN).rewind();
    }

    /** Allocates a little-endian buffer for {@code count} events. */
    public static ByteBuffer allocate(int count) {
        return ByteBuffer.allocate(count * BYTES_PER_EVENT).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static long dtMicros(ByteBuffer view, int index) {
        return view.getInt(index * BYTES_PER_EVENT) & 0xFFFF_FFFFL;
    }

    public static int x(ByteBuffer view, int index) {
        return view.getShort(index * BYTES_PER_EVENT + 4) & 0xFFFF;
    }

    public static int y(ByteBuffer view, int index) {
        return view.getShort(index * BYTES_PER_EVENT + 6) & 0xFFFF;
    }

    public static boolean on(ByteBuffer view, int index) {
        return view.get(index * BYTES_PER_EVENT + 8) != 0;
    }

    /** Number of events a packed array of {@code byteLength} bytes holds, or -1 if not a whole number. */
    public static int countOf(int byteLength) {
        return byteLength % BYTES_PER_EVENT == 0 ? byteLength / BYTES_PER_EVENT : -1;
    }
}
