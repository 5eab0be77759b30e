package io.neurostream.operators.events;

import java.util.Arrays;

/**
 * Per-pixel last-event times ({@code width × height × channels}, row-major, channel fastest), the state of the
 * filters and time surfaces in this package. {@link #NEVER} marks a pixel without an event.
 *
 * <p>Held as 32-bit offsets from a base time (issue 14: half the memory of one {@code long} per pixel, so half
 * the cache misses of the background-activity filter's neighbourhood reads on a 1280×720 sensor). The base
 * follows the newest time: when a time lies more than 2^30 µs (17.9 min) past it, the base moves to that time
 * and the offsets with it; a time more than 2^31 µs (35.8 min) before the base is forgotten ({@link #NEVER})
 * and a time further back than that is kept as 2^31 µs before the base. Every window of the filters is at most
 * 2^30 µs, so their decisions are those of exact times; a time surface then differs from exact times by at
 * most {@code exp(-2^31 µs / tau)}. Serialised as {@code long} times ({@link #toMicros}), as before.
 */
public final class PixelTimeState {
    /** Time of a pixel that never fired: far enough in the past that any window test fails, without overflow. */
    public static final long NEVER = Long.MIN_VALUE / 4;
    /** The longest window a filter over this state may use (µs): 2^30, 17.9 min. */
    public static final long MAX_WINDOW_MICROS = 1L << 30;

    /** Offset of a pixel that never fired (or was forgotten). */
    static final int NEVER_OFFSET = Integer.MIN_VALUE;
    /** The oldest offset kept. */
    static final int OLDEST_OFFSET = Integer.MIN_VALUE + 1;

    public final int width;
    public final int height;
    public final int channels;
    /** {@code offsetMicros[(y * width + x) * channels + c]}: time − {@link #baseMicros}, or {@link #NEVER_OFFSET}. */
    final int[] offsetMicros;
    /** Times are offsets from this (µs). */
    long baseMicros;

    public PixelTimeState(int width, int height, int channels) {
        if (width < 1 || height < 1 || channels < 1 || (long) width * height * channels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("state " + width + "x" + height + "x" + channels + " invalid");
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.offsetMicros = new int[width * height * channels];
        reset();
    }

    /** Number of entries ({@code width × height × channels}). */
    public int size() {
        return offsetMicros.length;
    }

    /** Last time of entry {@code i} (µs), or {@link #NEVER}. */
    public long get(int i) {
        int o = offsetMicros[i];
        return o == NEVER_OFFSET ? NEVER : baseMicros + o;
    }

    /** Sets the last time of entry {@code i} ({@link #NEVER}: forget it). */
    public void set(int i, long tMicros) {
        offsetMicros[i] = tMicros == NEVER ? NEVER_OFFSET : store(relative(tMicros));
    }

    /**
     * {@code tMicros} relative to the base, moving the base first if tMicros lies more than 2^30 µs past it
     * (the returned value then fits an {@code int}; one far in the past may not: {@link #store} clamps it).
     */
    long relative(long tMicros) {
        long d = tMicros - baseMicros;
        if (d > MAX_WINDOW_MICROS) {
            rebase(tMicros);
            d = 0;
        }
        return d;
    }

    /** The offset stored for a relative time from {@link #relative}. */
    static int store(long relative) {
        return relative < OLDEST_OFFSET ? OLDEST_OFFSET : (int) relative;
    }

    private void rebase(long newBaseMicros) {
        long shift = newBaseMicros - baseMicros;
        int[] o = offsetMicros;
        for (int i = 0; i < o.length; i++) {
            if (o[i] != NEVER_OFFSET) {
                long moved = o[i] - shift;
                o[i] = moved < OLDEST_OFFSET ? NEVER_OFFSET : (int) moved;
            }
        }
        baseMicros = newBaseMicros;
    }

    /** Forgets every event. */
    public void reset() {
        Arrays.fill(offsetMicros, NEVER_OFFSET);
        baseMicros = 0;
    }

    /** Every entry's time (µs, {@link #NEVER} for none), in index order: the serialised form. */
    public long[] toMicros() {
        long[] times = new long[offsetMicros.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = get(i);
        }
        return times;
    }

    /** Sets every entry from {@link #toMicros}' form (length {@link #size()}). */
    public void fromMicros(long[] times) {
        if (times.length != offsetMicros.length) {
            throw new IllegalArgumentException(times.length + " times for a state of " + offsetMicros.length);
        }
        long newest = Long.MIN_VALUE;
        for (long t : times) {
            if (t != NEVER && t > newest) {
                newest = t;
            }
        }
        // the newest at 2^30 past the base: everything kept before (within 2^31 + 2^30 of it) fits
        baseMicros = newest == Long.MIN_VALUE ? 0 : newest - MAX_WINDOW_MICROS;
        for (int i = 0; i < times.length; i++) {
            offsetMicros[i] = times[i] == NEVER ? NEVER_OFFSET : store(times[i] - baseMicros);
        }
    }

    public void copyFrom(PixelTimeState other) {
        if (other.width != width || other.height != height || other.channels != channels) {
            throw new IllegalArgumentException("shape " + other.width + "x" + other.height + "x" + other.channels
                    + " differs from " + width + "x" + height + "x" + channels);
        }
        System.arraycopy(other.offsetMicros, 0, offsetMicros, 0, offsetMicros.length);
        baseMicros = other.baseMicros;
    }

    /** Equal times everywhere (whatever the bases). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PixelTimeState s) || s.width != width || s.height != height || s.channels != channels) {
            return false;
        }
        if (s.baseMicros == baseMicros) {
            return Arrays.equals(s.offsetMicros, offsetMicros);
        }
        for (int i = 0; i < offsetMicros.length; i++) {
            if (s.get(i) != get(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        long h = 1;
        for (int i = 0; i < offsetMicros.length; i++) {
            h = 31 * h + get(i);
        }
        return Long.hashCode(h);
    }
}
