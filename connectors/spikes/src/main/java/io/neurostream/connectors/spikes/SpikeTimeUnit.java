package io.neurostream.connectors.spikes;

/** The unit of the time column of a spike text file. */
public enum SpikeTimeUnit {
    SECONDS(1e6), MILLISECONDS(1e3), MICROSECONDS(1);

    private final double micros;

    SpikeTimeUnit(double micros) {
        this.micros = micros;
    }

    /** Converts a value in this unit to whole µs (rounded). */
    public long toMicros(double value) {
        return Math.round(value * micros);
    }
}
