package io.neurostream.operators.events;

/**
 * Refractory filter: after an event passes at a pixel, later events of that pixel (either polarity) are dropped
 * until {@code refractoryMicros} have elapsed; an event exactly {@code refractoryMicros} later passes. Dropped
 * events do not extend the refractory period; an event earlier than the pixel's last passing one is dropped. State: time of the last passing event per pixel.
 */
// The implementation before issue 14 (commit 0d38798), kept verbatim but for its names as the baseline of
// io.neurostream.flink.dvs.StagePathSpeed; do not use it elsewhere.
public final class RefractoryFilterReference {
    private final RefractoryFilterParams params;

    public RefractoryFilterReference(RefractoryFilterParams params) {
        this.params = params;
    }

    public RefractoryFilterParams params() {
        return params;
    }

    public PixelTimeStateReference newState() {
        return new PixelTimeStateReference(params.width(), params.height(), 1);
    }

    public boolean accept(PixelTimeStateReference state, long tMicros, int x, int y, boolean on) {
        if (x < 0 || y < 0 || x >= params.width() || y >= params.height()) {
            return false;
        }
        int i = y * params.width() + x;
        long last = state.lastMicros[i];
        if (tMicros - last < params.refractoryMicros()) {
            return false;
        }
        state.lastMicros[i] = tMicros;
        return true;
    }
}
