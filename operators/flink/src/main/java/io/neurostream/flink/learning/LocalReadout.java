package io.neurostream.flink.learning;

import io.neurostream.core.readout.ErrorModulatedHebbianReadout;
import io.neurostream.core.readout.LmsReadout;

/**
 * A first-order readout of a learner ({@link ReadoutKind#LMS} or {@link ReadoutKind#THREE_FACTOR}), with
 * the number of learning updates behind it. Its state is O(features x classes), so it is written to keyed
 * state at every update ({@link LocalReadoutSerializer}).
 */
public final class LocalReadout {
    private final LmsReadout lms;
    private final ErrorModulatedHebbianReadout hebbian;
    private long updates;

    private LocalReadout(LmsReadout lms, ErrorModulatedHebbianReadout hebbian, long updates) {
        this.lms = lms;
        this.hebbian = hebbian;
        this.updates = updates;
    }

    /** A fresh readout of {@code kind} (not RLS) with {@code config}'s step sizes. */
    public static LocalReadout create(ReadoutKind kind, int featureCount, int outputCount, LearningConfig config) {
        return switch (kind) {
            case LMS -> new LocalReadout(new LmsReadout(featureCount, outputCount, config.lmsMu(), 1e-6), null, 0);
            case THREE_FACTOR -> new LocalReadout(null, new ErrorModulatedHebbianReadout(featureCount, outputCount,
                    config.hebbianMu(), config.hebbianEpsilon(), config.hebbianAverageRate()), 0);
            case RLS -> throw new IllegalArgumentException("RLS is not a local readout");
        };
    }

    public static LocalReadout of(LmsReadout lms, long updates) {
        return new LocalReadout(lms, null, updates);
    }

    public static LocalReadout of(ErrorModulatedHebbianReadout hebbian) {
        return new LocalReadout(null, hebbian, hebbian.updates());
    }

    public ReadoutKind kind() {
        return lms != null ? ReadoutKind.LMS : ReadoutKind.THREE_FACTOR;
    }

    /** The LMS readout, or null. */
    public LmsReadout lms() {
        return lms;
    }

    /** The three-factor readout, or null. */
    public ErrorModulatedHebbianReadout hebbian() {
        return hebbian;
    }

    public int featureCount() {
        return lms != null ? lms.featureCount() : hebbian.featureCount();
    }

    public int outputCount() {
        return lms != null ? lms.outputCount() : hebbian.outputCount();
    }

    public void predict(double[] x, double[] yOut) {
        if (lms != null) {
            lms.predict(x, yOut);
        } else {
            hebbian.predict(x, yOut);
        }
    }

    public void update(double[] x, double[] target) {
        if (lms != null) {
            lms.update(x, target);
        } else {
            hebbian.update(x, target);
        }
        updates++;
    }

    public long updates() {
        return updates;
    }

    /**
     * The readout as weights on the raw features, {@code outputCount x (featureCount + 1)} row by row, the
     * bias last in each row: {@code y = W [x; 1]} (the three-factor readout's centring and normalisation
     * folded in).
     */
    public double[] effectiveWeights() {
        int n = featureCount();
        int m = outputCount();
        double[] out = new double[m * (n + 1)];
        if (lms != null) {
            System.arraycopy(lms.weights(), 0, out, 0, out.length);
            return out;
        }
        double[] w = hebbian.averageWeights();
        double[] mean = hebbian.featureMeans();
        double[] var = hebbian.featureVariances();
        for (int o = 0; o < m; o++) {
            double bias = w[m * n + o];
            for (int j = 0; j < n; j++) {
                double scaled = w[o * n + j] / Math.sqrt(var[j] + hebbian.epsilon());
                out[o * (n + 1) + j] = scaled;
                bias -= scaled * mean[j];
            }
            out[o * (n + 1) + n] = bias;
        }
        return out;
    }
}
