package io.neurostream.bench.experiments;

/** Error measures for regression on held-out data. */
public final class Metrics {
    private Metrics() {
    }

    public static double rmse(double[] truth, double[] predicted) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("lengths must be equal and > 0, got " + truth.length + ", " + predicted.length);
        }
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = truth[i] - predicted[i];
            s += d * d;
        }
        return Math.sqrt(s / truth.length);
    }

    /** RMSE divided by the range (max - min) of the truth: reservoirpy's default {@code nrmse}. */
    public static double nrmseRange(double[] truth, double[] predicted) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : truth) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return rmse(truth, predicted) / (max - min);
    }

    /** RMSE divided by the standard deviation of the truth. */
    public static double nrmseStd(double[] truth, double[] predicted) {
        double mean = 0;
        for (double v : truth) {
            mean += v;
        }
        mean /= truth.length;
        double var = 0;
        for (double v : truth) {
            var += (v - mean) * (v - mean);
        }
        return rmse(truth, predicted) / Math.sqrt(var / truth.length);
    }

    /** Squared Pearson correlation. */
    public static double r2(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0.0 : sab * sab / (saa * sbb);
    }
}
