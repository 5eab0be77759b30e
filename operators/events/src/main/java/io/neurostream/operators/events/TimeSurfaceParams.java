package io.neurostream.operators.events;

/**
 * Exponentially decaying time surface (Lagorce et al. 2017, HOTS): the value of a pixel at time t is
 * {@code exp(-(t - t_last) / tauMicros)}, 0 if it never fired.
 *
 * @param width          sensor width (≥ 1)
 * @param height         sensor height (≥ 1)
 * @param tauMicros      decay time constant (µs, &gt; 0)
 * @param splitPolarity  true: separate ON (channel 1) and OFF (channel 0) surfaces; false: one surface
 */
public record TimeSurfaceParams(int width, int height, double tauMicros, boolean splitPolarity) {
    public TimeSurfaceParams {
        Checks.geometry(width, height);
        Checks.positive("tauMicros", tauMicros);
    }

    public int channels() {
        return splitPolarity ? 2 : 1;
    }
}
