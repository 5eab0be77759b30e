package io.neurostream.core.analytics;

/** A unit's basic quality in a statistics window (the order is the wire order of the Avro enum). */
public enum UnitQuality {
    /** Fires at least {@link StatsParams#minRateHz()} with few refractory-period violations. */
    GOOD,
    /** Fires slower than {@link StatsParams#minRateHz()} in the window (or not at all). */
    LOW_RATE,
    /** More than {@link StatsParams#maxViolationFraction()} of its ISIs are shorter than the refractory period: likely a merged or noisy unit. */
    CONTAMINATED
}
