package io.neurostream.core.decoder;

/**
 * Streaming coefficient of determination per output dimension,
 * {@code R^2 = 1 - sum (y - yhat)^2 / sum (y - mean y)^2}, and its mean over dimensions.
 */
public final class RSquared {
    private final double[] sum;
    private final double[] sumSq;
    private final double[] sse;
    private long count;

    public RSquared(int dims) {
        if (dims < 1) {
            throw new IllegalArgumentException("dims must be >= 1, got " + dims);
        }
        sum = new double[dims];
        sumSq = new double[dims];
        sse = new double[dims];
    }

    /** Adds one sample (neither array modified). */
    public void add(double[] truth, double[] predicted) {
        if (truth.length != sum.length || predicted.length != sum.length) {
            throw new IllegalArgumentException("expected vectors of length " + sum.length);
        }
        for (int d = 0; d < sum.length; d++) {
            sum[d] += truth[d];
            sumSq[d] += truth[d] * truth[d];
            double e = truth[d] - predicted[d];
            sse[d] += e * e;
        }
        count++;
    }

    public long count() {
        return count;
    }

    /** R^2 of dimension {@code d}; NaN without variance. */
    public double value(int d) {
        double sst = sumSq[d] - sum[d] * sum[d] / count;
        return sst > 0 ? 1 - sse[d] / sst : Double.NaN;
    }

    /** Mean of the per-dimension R^2. */
    public double mean() {
        double s = 0;
        for (int d = 0; d < sum.length; d++) {
            s += value(d);
        }
        return s / sum.length;
    }
}
