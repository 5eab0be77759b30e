package io.neurostream.operators.events;

/**
 * FEAST feature neurons (Afshar et al. 2020, "Event-based feature extraction using adaptive selection thresholds",
 * Sensors 20(6):1600).
 *
 * @param neurons        number of feature neurons (1–4096)
 * @param contextSize    length of the context vector (e.g. (2r+1)^2 for a time-surface patch), 1–65536
 * @param eta            weight learning rate, in (0, 1]
 * @param thresholdOpen  ΔI: how much the winner's threshold rises (≥ 0)
 * @param thresholdClose ΔE: how much every threshold falls after a miss (≥ 0)
 */
public record FeastParams(int neurons, int contextSize, double eta, double thresholdOpen, double thresholdClose) {
    public FeastParams {
        if (neurons < 1 || neurons > 4096) {
            throw new IllegalArgumentException("neurons " + neurons + " outside [1, 4096]");
        }
        if (contextSize < 1 || contextSize > 65536) {
            throw new IllegalArgumentException("contextSize " + contextSize + " outside [1, 65536]");
        }
        if (!(eta > 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta " + eta + " outside (0, 1]");
        }
        Checks.nonNegative("thresholdOpen", thresholdOpen);
        Checks.nonNegative("thresholdClose", thresholdClose);
    }

    /** Values in the range the paper explores: η = 0.001, ΔI = 0.001, ΔE = 0.003. */
    public static FeastParams afshar2020(int neurons, int contextSize) {
        return new FeastParams(neurons, contextSize, 0.001, 0.001, 0.003);
    }
}
