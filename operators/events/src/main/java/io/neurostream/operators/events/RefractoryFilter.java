package io.neurostream.operators.events;

/**
 * Refractory filter: after an event passes at a pixel, later events of that pixel (either polarity) are dropped
 * until {@code refractoryMicros} have elapsed; an event exactly {@code refractoryMicros} later passes. Dropped
 * events do not extend the refractory period; an event earlier than the pixel's last passing one is dropped. State: time of the last passing event per pixel.
 */
public final class RefractoryFilter implements EventFilter {
    private final RefractoryFilterParams params;

    public RefractoryFilter(RefractoryFilterParams params) {
        this.params = params;
    }

    public RefractoryFilterParams params() {
        return params;
    }

    @Override
    public PixelTimeState newState() {
        return new PixelTimeState(params.width(), params.height(), 1);
    }

    @Override
    public boolean accept(PixelTimeState state, long tMicros, int x, int y, boolean on) {
        if (x < 0 || y < 0 || x >= params.width() || y >= params.height()) {
            return false;
        }
        int i = y * params.width() + x;
        long rel = state.relative(tMicros);
        if (rel < -PixelTimeState.MAX_WINDOW_MICROS) {
            return acceptExact(state, tMicros, i); // far back in time: rare
        }
        if (rel - state.offsetMicros[i] < params.refractoryMicros()) {
            return false;
        }
        state.offsetMicros[i] = PixelTimeState.store(rel);
        return true;
    }

    @Override
    public int filter(PixelTimeState state, long[] tMicros, int[] x, int[] y, boolean[] on, int count) {
        final int[] last = state.offsetMicros;
        final int w = params.width();
        final int h = params.height();
        final long refractory = params.refractoryMicros();
        int kept = 0;
        for (int e = 0; e < count; e++) {
            final long t = tMicros[e];
            final int xe = x[e];
            final int ye = y[e];
            if (xe < 0 || ye < 0 || xe >= w || ye >= h) {
                continue;
            }
            final int i = ye * w + xe;
            // offsets in long: a pixel that never fired is at least 2^30 µs back, beyond any refractory period
            final long rel = state.relative(t);
            if (rel < -PixelTimeState.MAX_WINDOW_MICROS) {
                if (!acceptExact(state, t, i)) {
                    continue;
                }
            } else if (rel - last[i] < refractory) {
                continue;
            } else {
                last[i] = PixelTimeState.store(rel);
            }
            tMicros[kept] = t;
            x[kept] = xe;
            y[kept] = ye;
            on[kept] = on[e];
            kept++;
        }
        return kept;
    }

    /** The definition on full times, for an event far back in time. */
    private boolean acceptExact(PixelTimeState state, long tMicros, int i) {
        long last = state.get(i);
        if (last != PixelTimeState.NEVER && tMicros - last < params.refractoryMicros()) {
            return false;
        }
        state.set(i, tMicros);
        return true;
    }
}
