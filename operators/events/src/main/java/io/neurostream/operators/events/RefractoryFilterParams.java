package io.neurostream.operators.events;

/**
 * @param width            sensor width, pixels (≥ 1)
 * @param height           sensor height, pixels (≥ 1)
 * @param refractoryMicros after a passing event, a pixel's events are dropped for this long (µs, &gt; 0 and &lt; 2^30)
 */
public record RefractoryFilterParams(int width, int height, long refractoryMicros) {
    public RefractoryFilterParams {
        Checks.geometry(width, height);
        Checks.window("refractoryMicros", refractoryMicros);
    }
}
