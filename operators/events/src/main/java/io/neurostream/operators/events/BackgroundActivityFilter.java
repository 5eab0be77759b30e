package io.neurostream.operators.events;

/**
 * Background-activity filter (Delbruck 2008, "Frame-free dynamic digital vision"; the jAER
 * {@code BackgroundActivityFilter}): real edges make neighbouring pixels fire close in time, shot noise does not.
 * An event passes if any pixel in its neighbourhood (itself excluded) fired within {@code windowMicros} before it;
 * every event, passing or not, then records its time at its own pixel. State: last event time per pixel.
 *
 * <p>Speed (issue 14): the test of a neighbour is one unsigned comparison ({@code 0 <= t - last <= window}), the
 * 8-neighbourhood of an interior pixel is read without loops or early exits (three cache lines, loads issued
 * together, no mispredicted branches) of 32-bit time offsets ({@link PixelTimeState}), and {@link #filter} runs a
 * whole packet in one loop. The decisions are
 * exactly those of the plain neighbourhood loop ({@code BackgroundActivityFilterReference} in bench, the baseline).
 */
public final class BackgroundActivityFilter implements EventFilter {
    private final BackgroundActivityFilterParams params;
    private final int width;
    private final int height;
    private final long windowMicros;
    private final int radius;

    public BackgroundActivityFilter(BackgroundActivityFilterParams params) {
        this.params = params;
        this.width = params.width();
        this.height = params.height();
        this.windowMicros = params.windowMicros();
        this.radius = params.radius();
    }

    public BackgroundActivityFilterParams params() {
        return params;
    }

    @Override
    public PixelTimeState newState() {
        return new PixelTimeState(params.width(), params.height(), 1);
    }

    @Override
    public boolean accept(PixelTimeState state, long tMicros, int x, int y, boolean on) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return false;
        }
        final int i = y * width + x;
        final long rel = state.relative(tMicros);
        boolean supported;
        if (rel < -PixelTimeState.MAX_WINDOW_MICROS) {
            supported = supportedExact(state, tMicros, x, y); // far back in time: rare
        } else {
            supported = radius == 1 && x > 0 && y > 0 && x < width - 1 && y < height - 1
                    ? supported8(state.offsetMicros, i, width, rel, windowMicros)
                    : supportedAny(state.offsetMicros, rel, x, y);
        }
        state.offsetMicros[i] = PixelTimeState.store(rel);
        return supported;
    }

    @Override
    public int filter(PixelTimeState state, long[] tMicros, int[] x, int[] y, boolean[] on, int count) {
        final int[] last = state.offsetMicros;
        final int w = width;
        final int h = height;
        final long window = windowMicros;
        final boolean r1 = radius == 1;
        int kept = 0;
        for (int e = 0; e < count; e++) {
            final long t = tMicros[e];
            final int xe = x[e];
            final int ye = y[e];
            if (xe < 0 || ye < 0 || xe >= w || ye >= h) {
                continue;
            }
            final int i = ye * w + xe;
            final long rel = state.relative(t);
            boolean supported;
            if (rel < -PixelTimeState.MAX_WINDOW_MICROS) {
                supported = supportedExact(state, t, xe, ye);
            } else {
                supported = r1 && xe > 0 && ye > 0 && xe < w - 1 && ye < h - 1
                        ? supported8(last, i, w, rel, window)
                        : supportedAny(last, rel, xe, ye);
            }
            last[i] = PixelTimeState.store(rel);
            if (supported) {
                tMicros[kept] = t;
                x[kept] = xe;
                y[kept] = ye;
                on[kept] = on[e];
                kept++;
            }
        }
        return kept;
    }

    /**
     * {@code 0 <= t - last <= window} on offsets from the state's base, in {@code long} (no wrap-around): one
     * unsigned comparison. A pixel that never fired ({@code NEVER_OFFSET}) is at least 2^30 µs back for any
     * {@code rel >= -2^30}, beyond every window.
     */
    private static boolean recent(int last, long rel, long window) {
        return Long.compareUnsigned(rel - last, window) <= 0;
    }

    /** The 8 neighbours of interior pixel {@code i}, branch-free. */
    private static boolean supported8(int[] last, int i, int w, long rel, long window) {
        int up = i - w;
        int down = i + w;
        return recent(last[up - 1], rel, window) | recent(last[up], rel, window) | recent(last[up + 1], rel, window)
                | recent(last[i - 1], rel, window) | recent(last[i + 1], rel, window)
                | recent(last[down - 1], rel, window) | recent(last[down], rel, window)
                | recent(last[down + 1], rel, window);
    }

    /** Any neighbourhood (border pixels, radius 2–3). */
    private boolean supportedAny(int[] last, long rel, int x, int y) {
        final int w = width;
        final int r = radius;
        final int x0 = Math.max(0, x - r);
        final int x1 = Math.min(w - 1, x + r);
        final int y0 = Math.max(0, y - r);
        final int y1 = Math.min(height - 1, y + r);
        for (int yy = y0; yy <= y1; yy++) {
            int row = yy * w;
            for (int xx = x0; xx <= x1; xx++) {
                if (recent(last[row + xx], rel, windowMicros) && (xx != x || yy != y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The definition on full times, for an event far back in time. */
    private boolean supportedExact(PixelTimeState state, long tMicros, int x, int y) {
        final int w = width;
        final int r = radius;
        for (int yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++) {
            for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                long t = state.get(yy * w + xx);
                if (t != PixelTimeState.NEVER && t >= tMicros - windowMicros && t <= tMicros && (xx != x || yy != y)) {
                    return true;
                }
            }
        }
        return false;
    }
}
