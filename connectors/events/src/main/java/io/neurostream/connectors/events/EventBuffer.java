package io.neurostream.connectors.events;

/**
 * Caller-owned primitive arrays that a reader fills ({@link EventFileReader#read}). Reused across calls:
 * decoding into it allocates nothing. Event {@code i < size} is
 * ({@code tMicros[i], x[i], y[i], on[i]}).
 */
public final class EventBuffer {
    /** Smallest capacity: one EVT 3.0 vector word can produce 12 events. */
    public static final int MIN_CAPACITY = 64;

    public final long[] tMicros;
    public final int[] x;
    public final int[] y;
    public final boolean[] on;
    /** Number of valid events, set by the reader. */
    public int size;

    public EventBuffer(int capacity) {
        if (capacity < MIN_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity + " < " + MIN_CAPACITY);
        }
        tMicros = new long[capacity];
        x = new int[capacity];
        y = new int[capacity];
        on = new boolean[capacity];
    }

    public int capacity() {
        return tMicros.length;
    }
}
