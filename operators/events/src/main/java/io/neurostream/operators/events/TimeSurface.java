package io.neurostream.operators.events;

/**
 * Time-surface kernel over a {@link PixelTimeState} (last time per pixel and channel). Decay is lazy: updating
 * stores a time, reading computes {@code exp(-(tNow - tLast) / tau)}. A pixel whose last event is after
 * {@code tNowMicros} reads 1 (it is "now"). No allocation.
 */
public final class TimeSurface {
    private final TimeSurfaceParams params;
    private final double invTau;

    public TimeSurface(TimeSurfaceParams params) {
        this.params = params;
        this.invTau = 1.0 / params.tauMicros();
    }

    public TimeSurfaceParams params() {
        return params;
    }

    public PixelTimeState newState() {
        return new PixelTimeState(params.width(), params.height(), params.channels());
    }

    /** Channel of an event: 1 for ON and 0 for OFF when polarities are split, else 0. */
    public int channel(boolean on) {
        return params.splitPolarity() && on ? 1 : 0;
    }

    /** Records an event (ignored if outside the geometry). */
    public void update(PixelTimeState state, long tMicros, int x, int y, boolean on) {
        if (x >= 0 && y >= 0 && x < params.width() && y < params.height()) {
            state.set((y * params.width() + x) * state.channels + channel(on), tMicros);
        }
    }

    /** Value of one pixel at {@code tNowMicros}, in [0, 1]; 0 outside the geometry or if it never fired. */
    public double value(PixelTimeState state, long tNowMicros, int x, int y, int channel) {
        if (x < 0 || y < 0 || x >= params.width() || y >= params.height()) {
            return 0;
        }
        return decay(state.get((y * params.width() + x) * state.channels + channel), tNowMicros);
    }

    private double decay(long last, long now) {
        if (last == PixelTimeState.NEVER) {
            return 0;
        }
        long dt = now - last;
        return dt <= 0 ? 1 : Math.exp(-dt * invTau);
    }

    /**
     * Writes the {@code (2r+1) × (2r+1)} patch around (x, y) of {@code channel}, row-major, into {@code out}
     * (modified; pixels outside the sensor are 0).
     *
     * @return the patch size {@code (2r+1)^2}
     */
    public int context(PixelTimeState state, long tNowMicros, int x, int y, int channel, int radius, double[] out) {
        final int side = 2 * radius + 1;
        if (out.length < side * side) {
            throw new IllegalArgumentException("out holds " + out.length + " values, patch needs " + side * side);
        }
        final int w = params.width();
        final int h = params.height();
        final int ch = state.channels;
        int k = 0;
        for (int dy = -radius; dy <= radius; dy++) {
            int yy = y + dy;
            for (int dx = -radius; dx <= radius; dx++) {
                int xx = x + dx;
                out[k++] = xx < 0 || yy < 0 || xx >= w || yy >= h ? 0 : decay(state.get((yy * w + xx) * ch + channel), tNowMicros);
            }
        }
        return side * side;
    }

    /** Writes the whole surface of {@code channel} (row-major, width × height) into {@code out} (modified). */
    public void render(PixelTimeState state, long tNowMicros, int channel, double[] out) {
        final int n = params.width() * params.height();
        if (out.length < n) {
            throw new IllegalArgumentException("out holds " + out.length + " values, surface needs " + n);
        }
        final int ch = state.channels;
        for (int i = 0; i < n; i++) {
            out[i] = decay(state.get(i * ch + channel), tNowMicros);
        }
    }
}
