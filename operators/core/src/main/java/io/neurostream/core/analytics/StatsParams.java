package io.neurostream.core.analytics;

import java.io.Serializable;

/**
 * Parameters of {@link PopulationStats}: sliding event-time windows of per-unit statistics.
 *
 * @param windowMicros window length, a positive multiple of slideMicros (at most 600 slides)
 * @param slideMicros a window ends every slide (one statistics record per slide)
 * @param fanoBinMicros counting bin of the Fano factor; divides slideMicros
 * @param refractoryMicros an inter-spike interval shorter than this is a refractory-period violation
 * @param isiHistogramBins log-spaced ISI histogram bins from 1 ms to 10 s (shorter/longer ISIs go to the end bins)
 * @param minRateHz a unit firing slower than this in the window is {@code LOW_RATE}
 * @param maxViolationFraction a unit with a larger fraction of refractory violations among its ISIs is {@code CONTAMINATED}
 */
public record StatsParams(long windowMicros, long slideMicros, long fanoBinMicros, long refractoryMicros,
                          int isiHistogramBins, double minRateHz, double maxViolationFraction)
        implements Serializable {
    public static final long ISI_MIN_MICROS = 1_000;
    public static final long ISI_MAX_MICROS = 10_000_000;

    public StatsParams {
        check(slideMicros >= 1_000, "slideMicros must be >= 1000, got " + slideMicros);
        check(windowMicros >= slideMicros && windowMicros % slideMicros == 0 && windowMicros / slideMicros <= 600,
                "windowMicros must be a multiple (1..600) of slideMicros " + slideMicros + ", got " + windowMicros);
        check(fanoBinMicros >= 1_000 && slideMicros % fanoBinMicros == 0,
                "fanoBinMicros must be >= 1000 and divide slideMicros " + slideMicros + ", got " + fanoBinMicros);
        check(refractoryMicros >= 0, "refractoryMicros must be >= 0, got " + refractoryMicros);
        check(isiHistogramBins >= 2 && isiHistogramBins <= 64, "isiHistogramBins must be in 2..64, got " + isiHistogramBins);
        check(minRateHz >= 0, "minRateHz must be >= 0, got " + minRateHz);
        check(maxViolationFraction >= 0 && maxViolationFraction <= 1,
                "maxViolationFraction must be in [0, 1], got " + maxViolationFraction);
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** 10 s windows every second, 100 ms Fano bins, 1.5 ms refractory period, 16 ISI bins, 0.5 Hz, 1 % violations. */
    public static StatsParams defaults() {
        return new StatsParams(10_000_000, 1_000_000, 100_000, 1_500, 16, 0.5, 0.01);
    }

    public int panes() {
        return (int) (windowMicros / slideMicros);
    }

    /** The {@code isiHistogramBins + 1} bin edges, µs, log-spaced from 1 ms to 10 s. */
    public long[] isiEdgesMicros() {
        long[] edges = new long[isiHistogramBins + 1];
        double ratio = Math.log((double) ISI_MAX_MICROS / ISI_MIN_MICROS);
        for (int i = 0; i <= isiHistogramBins; i++) {
            edges[i] = Math.round(ISI_MIN_MICROS * Math.exp(ratio * i / isiHistogramBins));
        }
        return edges;
    }
}
