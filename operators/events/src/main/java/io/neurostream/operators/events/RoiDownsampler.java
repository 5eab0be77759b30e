package io.neurostream.operators.events;

/** Crops to a region of interest and downsamples coordinates (stateless; see {@link RoiDownsampleParams}). */
public final class RoiDownsampler {
    private final RoiDownsampleParams params;

    public RoiDownsampler(RoiDownsampleParams params) {
        this.params = params;
    }

    public RoiDownsampleParams params() {
        return params;
    }

    public boolean contains(int x, int y) {
        return x >= params.roiX() && y >= params.roiY() && x < params.roiX() + params.roiWidth()
                && y < params.roiY() + params.roiHeight();
    }

    /** Output column of an input column inside the region. */
    public int mapX(int x) {
        return (x - params.roiX()) / params.factor();
    }

    /** Output row of an input row inside the region. */
    public int mapY(int y) {
        return (y - params.roiY()) / params.factor();
    }

    /**
     * Drops events outside the region and maps the others, in place (arrays modified), keeping order.
     *
     * @return the number of events kept at {@code [0, result)}
     */
    public int apply(long[] tMicros, int[] x, int[] y, boolean[] on, int count) {
        final int x0 = params.roiX();
        final int y0 = params.roiY();
        final int x1 = x0 + params.roiWidth();
        final int y1 = y0 + params.roiHeight();
        final int f = params.factor();
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int xi = x[i];
            int yi = y[i];
            if (xi >= x0 && yi >= y0 && xi < x1 && yi < y1) {
                tMicros[kept] = tMicros[i];
                x[kept] = (xi - x0) / f;
                y[kept] = (yi - y0) / f;
                on[kept] = on[i];
                kept++;
            }
        }
        return kept;
    }
}
