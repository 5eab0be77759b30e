package io.neurostream.operators.events;

/**
 * Parameters of the background-activity (nearest-neighbour correlation) filter.
 *
 * @param width        sensor width, pixels (≥ 1)
 * @param height       sensor height, pixels (≥ 1)
 * @param windowMicros an event passes if a neighbour fired at most this long before it (µs, &gt; 0 and &lt; 2^30)
 * @param radius       neighbourhood half-size: 1 = the 8 neighbours (1–3)
 */
public record BackgroundActivityFilterParams(int width, int height, long windowMicros, int radius) {
    public BackgroundActivityFilterParams {
        Checks.geometry(width, height);
        Checks.window("windowMicros", windowMicros);
        if (radius < 1 || radius > 3) {
            throw new IllegalArgumentException("radius " + radius + " outside [1, 3]");
        }
    }

    /** The common setting: 8-neighbourhood, 10 ms window (Delbruck 2008 uses a few ms to tens of ms). */
    public static BackgroundActivityFilterParams of(int width, int height, long windowMicros) {
        return new BackgroundActivityFilterParams(width, height, windowMicros, 1);
    }
}
