package io.neurostream.schemas.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

    /** Reads the first 8 bytes of an event (dtMicros, x, y) as one little-endian long. */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private PackedEvents() {}

    /**
     * Unpacks the first {@code count} events of a packed array (from index 0, as {@link #view}) into
     * absolute times {@code startMicros + dtMicros}, x, y and polarity. One 8-byte read and one byte
     * read per event on a heap buffer (the per-field reads of {@link #dtMicros}/{@link #x}/{@link #y}
     * were a quarter of dvs-ingest's keyed operator, issue 14); same values as those readers.
     */
    public static void unpack(ByteBuffer events, long startMicros, int count, long[] tMicros, int[] x, int[] y,
                              boolean[] on) {
        if (count < 0 || (long) count * BYTES_PER_EVENT > events.limit()) {
            throw new IndexOutOfBoundsException(count + " events do not fit " + events.limit() + " bytes");
        }
        if (!events.hasArray()) {
            ByteBuffer view = view(events);
            for (int i = 0; i < count; i++) {
                tMicros[i] = startMicros + dtMicros(view, i);
                x[i] = x(view, i);
                y[i] = y(view, i);
                on[i] = on(view, i);
            }
            return;
        }
        byte[] a = events.array();
        int base = events.arrayOffset();
        for (int i = 0, o = base; i < count; i++, o += BYTES_PER_EVENT) {
            long w = (long) LONG_LE.get(a, o);
            tMicros[i] = startMicros + (w & 0xFFFF_FFFFL);
            x[i] = (int) (w >>> 32) & 0xFFFF;
            y[i] = (int) (w >>> 48);
            on[i] = a[o + 8] != 0;
        }
    }

    /**
     * True when each of the first {@code count} events lies on the {@code width x height} sensor, has
     * polarity 0 or 1, a time not before the previous event's, and {@code dtMicros < spanMicros}
     * (before the packet's end; {@code spanMicros >= 0}); false when any does not, or when the buffer
     * is not a heap buffer (the caller then checks event by event). Branch-free over the events, one
     * 8-byte read and one byte read each: the per-event checks with per-field reads were 70 % of
     * dvs-ingest's source thread (issue 14).
     */
    public static boolean allValid(ByteBuffer events, int count, int width, int height, long spanMicros) {
        if (!events.hasArray() || count < 0 || (long) count * BYTES_PER_EVENT > events.limit() || spanMicros < 0) {
            return false;
        }
        if (count == 0) {
            return true;
        }
        byte[] a = events.array();
        int base = events.arrayOffset();
        long previous = 0;
        int bad = 0;
        for (int i = 0, o = base; i < count; i++, o += BYTES_PER_EVENT) {
            long w = (long) LONG_LE.get(a, o);
            long dt = w & 0xFFFF_FFFFL;
            int x = (int) (w >>> 32) & 0xFFFF;
            int y = (int) (w >>> 48);
            // each term is negative exactly when its check fails
            bad |= (width - 1 - x) | (height - 1 - y) | (1 - (a[o + 8] & 0xFF)) | (int) ((dt - previous) >> 32);
            previous = dt;
        }
        // times never decrease, so the last event is the latest: before the end means all are
        return bad >= 0 && previous < spanMicros;
    }

    /**
     * Packs {@code count} events into a new array: {@code dtMicros = tMicros[i] - startMicros}, x, y,
     * polarity {@code channel[i] == 1} (ON). Fails as {@link #put} does on a value the layout cannot
     * hold. One 8-byte write and one byte write per event.
     */
    public static byte[] pack(long startMicros, int count, long[] tMicros, int[] x, int[] y, int[] channel) {
        byte[] a = new byte[count * BYTES_PER_EVENT];
        long outOfRange = 0;
        for (int i = 0, o = 0; i < count; i++, o += BYTES_PER_EVENT) {
            long dt = tMicros[i] - startMicros;
            outOfRange |= dt & ~0xFFFF_FFFFL | (x[i] | y[i]) & ~0xFFFF;
            LONG_LE.set(a, o, dt & 0xFFFF_FFFFL | (long) (x[i] & 0xFFFF) << 32 | (long) (y[i] & 0xFFFF) << 48);
            a[o + 8] = (byte) (channel[i] == 1 ? 1 : 0);
        }
        if (outOfRange != 0) {
            ByteBuffer check = allocate(count); // names the first bad event's values
            for (int i = 0; i < count; i++) {
                put(check, tMicros[i] - startMicros, x[i], y[i], channel[i] == 1);
            }
        }
        return a;
    }

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
