package io.neurostream.core.continual;

/**
 * Continual-learning metrics from the accuracy matrix {@code r[i][j]} = accuracy on task j's test
 * set after training on tasks 0..i (Lopez-Paz &amp; Ranzato 2017, "Gradient episodic memory"):
 * {@code ACC = mean_j r[T-1][j]}, {@code BWT = mean_{j<T-1} (r[T-1][j] - r[j][j])}.
 * Negative BWT is forgetting.
 */
public final class ContinualMetrics {
    private ContinualMetrics() {
    }

    public static double averageAccuracy(double[][] r) {
        int t = r.length;
        double s = 0;
        for (int j = 0; j < t; j++) {
            s += r[t - 1][j];
        }
        return s / t;
    }

    public static double backwardTransfer(double[][] r) {
        int t = r.length;
        if (t < 2) {
            return 0.0;
        }
        double s = 0;
        for (int j = 0; j < t - 1; j++) {
            s += r[t - 1][j] - r[j][j];
        }
        return s / (t - 1);
    }
}
