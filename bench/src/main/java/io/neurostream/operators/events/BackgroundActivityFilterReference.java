package io.neurostream.operators.events;

/**
 * Background-activity filter (Delbruck 2008, "Frame-free dynamic digital vision"; the jAER
 * {@code BackgroundActivityFilter}): real edges make neighbouring pixels fire close in time, shot noise does not.
 * An event passes if any pixel in its neighbourhood (itself excluded) fired within {@code windowMicros} before it;
 * every event, passing or not, then records its time at its own pixel. State: last event time per pixel.
 *
 * <p>The implementation before issue 14 (commit 0d38798), kept verbatim but for its name as the baseline of
 * {@code io.neurostream.flink.dvs.StagePathSpeed}: do not use it elsewhere.
 */
public final class BackgroundActivityFilterReference {
    private final BackgroundActivityFilterParams params;

    public BackgroundActivityFilterReference(BackgroundActivityFilterParams params) {
        this.params = params;
    }

    public BackgroundActivityFilterParams params() {
        return params;
    }

    public PixelTimeStateReference newState() {
        return new PixelTimeStateReference(params.width(), params.height(), 1);
    }

    public boolean accept(PixelTimeStateReference state, long tMicros, int x, int y, boolean on) {
        final int w = params.width();
        final int h = params.height();
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return false;
        }
        final long[] last = state.lastMicros;
        final long oldest = tMicros - params.windowMicros();
        final int r = params.radius();
        final int x0 = Math.max(0, x - r);
        final int x1 = Math.min(w - 1, x + r);
        final int y0 = Math.max(0, y - r);
        final int y1 = Math.min(h - 1, y + r);
        boolean supported = false;
        for (int yy = y0; yy <= y1 && !supported; yy++) {
            int row = yy * w;
            for (int xx = x0; xx <= x1; xx++) {
                long t = last[row + xx];
                if (t >= oldest && t <= tMicros && (xx != x || yy != y)) {
                    supported = true;
                    break;
                }
            }
        }
        last[y * w + x] = tMicros;
        return supported;
    }
}
