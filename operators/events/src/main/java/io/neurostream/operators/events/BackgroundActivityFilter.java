package io.neurostream.operators.events;

/**
 * Background-activity filter (Delbruck 2008, "Frame-free dynamic digital vision"; the jAER
 * {@code BackgroundActivityFilter}): real edges make neighbouring pixels fire close in time, shot noise does not.
 * An event passes if any pixel in its neighbourhood (itself excluded) fired within {@code windowMicros} before it;
 * every event, passing or not, then records its time at its own pixel. State: last event time per pixel.
 *
 * <p>Speed (issue 14): the test of a neighbour is one unsigned comparison ({@code 0 <= t - last <= window}), the
 * 8-neighbourhood of an interior pixel is read without loops or early exits (three cache lines, loads issued
 * together, no mispredicted branches), and {@link #filter} runs a whole packet in one loop. The decisions are
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
        final long[] last = state.lastMicros;
        final int i = y * width + x;
        boolean supported = radius == 1 && x > 0 && y > 0 && x < width - 1 && y < height - 1
                ? supported8(last, i, width, tMicros, windowMicros)
                : supportedAny(last, tMicros, x, y);
        last[i] = tMicros;
        return supported;
    }

    @Override
    public int filter(PixelTimeState state, long[] tMicros, int[] x, int[] y, boolean[] on, int count) {
        final long[] last = state.lastMicros;
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
            boolean supported = r1 && xe > 0 && ye > 0 && xe < w - 1 && ye < h - 1
                    ? supported8(last, i, w, t, window)
                    : supportedAny(last, t, xe, ye);
            last[i] = t;
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

    /** {@code 0 <= t - last <= window}: a neighbour fired in the window, not after t (one unsigned comparison). */
    private static boolean recent(long last, long t, long window) {
        return Long.compareUnsigned(t - last, window) <= 0;
    }

    /** The 8 neighbours of interior pixel {@code i}, branch-free. */
    private static boolean supported8(long[] last, int i, int w, long t, long window) {
        int up = i - w;
        int down = i + w;
        return recent(last[up - 1], t, window) | recent(last[up], t, window) | recent(last[up + 1], t, window)
                | recent(last[i - 1], t, window) | recent(last[i + 1], t, window)
                | recent(last[down - 1], t, window) | recent(last[down], t, window) | recent(last[down + 1], t, window);
    }

    /** Any neighbourhood (border pixels, radius 2–3). */
    private boolean supportedAny(long[] last, long tMicros, int x, int y) {
        final int w = width;
        final int r = radius;
        final int x0 = Math.max(0, x - r);
        final int x1 = Math.min(w - 1, x + r);
        final int y0 = Math.max(0, y - r);
        final int y1 = Math.min(height - 1, y + r);
        for (int yy = y0; yy <= y1; yy++) {
            int row = yy * w;
            for (int xx = x0; xx <= x1; xx++) {
                if (recent(last[row + xx], tMicros, windowMicros) && (xx != x || yy != y)) {
                    return true;
                }
            }
        }
        return false;
    }
}
