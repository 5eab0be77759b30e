package io.neurostream.operators.events;

import java.util.Arrays;

/**
 * Per-pixel last-event times ({@code width × height × channels} longs, row-major, channel fastest), the state of
 * the filters and time surfaces in this package. {@link #NEVER} marks a pixel without an event.
 *
 * <p>The implementation before issue 14 (commit 0d38798, one {@code long} per pixel), kept verbatim but for its
 * name as the baseline of {@code io.neurostream.flink.dvs.StagePathSpeed}: do not use it elsewhere.
 */
public final class PixelTimeStateReference {
    /** Time of a pixel that never fired: far enough in the past that any window test fails, without overflow. */
    public static final long NEVER = Long.MIN_VALUE / 4;

    public final int width;
    public final int height;
    public final int channels;
    /** {@code lastMicros[(y * width + x) * channels + c]}. */
    public final long[] lastMicros;

    public PixelTimeStateReference(int width, int height, int channels) {
        if (width < 1 || height < 1 || channels < 1 || (long) width * height * channels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("state " + width + "x" + height + "x" + channels + " invalid");
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.lastMicros = new long[width * height * channels];
        reset();
    }

    /** Forgets every event. */
    public void reset() {
        Arrays.fill(lastMicros, NEVER);
    }

    public void copyFrom(PixelTimeStateReference other) {
        if (other.width != width || other.height != height || other.channels != channels) {
            throw new IllegalArgumentException("shape " + other.width + "x" + other.height + "x" + other.channels
                    + " differs from " + width + "x" + height + "x" + channels);
        }
        System.arraycopy(other.lastMicros, 0, lastMicros, 0, lastMicros.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelTimeStateReference s && s.width == width && s.height == height && s.channels == channels
                && Arrays.equals(s.lastMicros, lastMicros);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lastMicros);
    }
}
