package io.neurostream.apps.common;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of measured values (NaN when there are none). */
public final class Percentiles {
    private Percentiles() {}

    public static double of(List<Double> values, double p) {
        double[] sorted = new double[values.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = values.get(i);
        }
        Arrays.sort(sorted);
        return ofSorted(sorted, p);
    }

    /** {@code p} in [0, 100] of an ascending array. */
    public static double ofSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
