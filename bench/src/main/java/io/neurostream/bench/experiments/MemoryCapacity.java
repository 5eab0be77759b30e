package io.neurostream.bench.experiments;

import io.neurostream.core.readout.RidgeReadout;

/**
 * Short-term memory capacity (Jaeger 2002, "Short term memory in echo state networks", GMD
 * Report 152): the input is i.i.d.; for each delay {@code k = 1..K} a linear readout of the
 * reservoir state at time {@code t} is trained to output {@code u(t - k)};
 * {@code MC = sum_k r^2(u(t-k), y_k(t))}, squared correlation measured on held-out time steps.
 * For N linear units {@code MC <= N}.
 */
public final class MemoryCapacity {
    private MemoryCapacity() {
    }

    /** Capacity per delay (index 0 = delay 1) and their sum. */
    public record Result(double total, double[] perDelay) {
    }

    /**
     * @param u input per time step (not modified)
     * @param features reservoir state per time step, all the same length (not modified)
     * @param maxDelay largest delay K
     * @param washout first steps ignored
     * @param trainFraction fraction of the remaining steps used to fit; the rest measures r^2
     * @param ridge ridge penalty
     */
    public static Result measure(double[] u, double[][] features, int maxDelay, int washout, double trainFraction,
                                 double ridge) {
        if (u.length != features.length) {
            throw new IllegalArgumentException("u and features differ in length: " + u.length + " vs " + features.length);
        }
        int start = Math.max(washout, maxDelay);
        int usable = u.length - start;
        int train = (int) (usable * trainFraction);
        if (train < 10 || usable - train < 10) {
            throw new IllegalArgumentException("too few steps: " + usable + " after washout");
        }
        RidgeReadout readout = new RidgeReadout(features[0].length, maxDelay);
        double[] y = new double[maxDelay];
        for (int t = start; t < start + train; t++) {
            for (int k = 1; k <= maxDelay; k++) {
                y[k - 1] = u[t - k];
            }
            readout.accumulate(features[t], y);
        }
        readout.fit(ridge);
        int test = usable - train;
        double[][] truth = new double[maxDelay][test];
        double[][] pred = new double[maxDelay][test];
        for (int t = start + train; t < u.length; t++) {
            readout.predict(features[t], y);
            int i = t - start - train;
            for (int k = 1; k <= maxDelay; k++) {
                truth[k - 1][i] = u[t - k];
                pred[k - 1][i] = y[k - 1];
            }
        }
        double[] per = new double[maxDelay];
        double total = 0;
        for (int k = 0; k < maxDelay; k++) {
            per[k] = Metrics.r2(truth[k], pred[k]);
            total += per[k];
        }
        return new Result(total, per);
    }
}
