package io.neurostream.connectors.spikes;

/**
 * A behavioural time series (position, velocity, head direction, ...) sampled at
 * {@code timesMicros}; sample {@code i} has {@code dims} values
 * {@code values[i * dims] .. values[i * dims + dims - 1]}.
 *
 * @param name where it came from, e.g. the NWB path {@code /processing/behavior/Position/pos}
 * @param unit the unit of the values as stored (NWB {@code unit} attribute), or ""
 * @param timesMicros sample times, µs, non-decreasing
 * @param dims values per sample, at least 1
 * @param values row-major samples, length {@code timesMicros.length * dims}
 */
public record BehaviorSeries(String name, String unit, long[] timesMicros, int dims, double[] values) {
    public BehaviorSeries {
        if (dims < 1) {
            throw new IllegalArgumentException(name + ": dims must be >= 1, got " + dims);
        }
        if (values.length != (long) timesMicros.length * dims) {
            throw new IllegalArgumentException(name + ": " + timesMicros.length + " samples of " + dims
                    + " values need " + (long) timesMicros.length * dims + " values, got " + values.length);
        }
    }

    /** Number of samples. */
    public int length() {
        return timesMicros.length;
    }

    /** Value {@code d} of sample {@code i}. */
    public double value(int i, int d) {
        return values[i * dims + d];
    }
}
