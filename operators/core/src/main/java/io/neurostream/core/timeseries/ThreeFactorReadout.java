package io.neurostream.core.timeseries;

import java.util.SplittableRandom;

/**
 * The reward-modulated three-factor readout of
 * {@link io.neurostream.core.readout.ThreeFactorHebbianReadout} (Hoerzer, Legenstein &amp; Maass
 * 2014: {@code z = W [1, x] + xi}, {@code M = P - Pbar}, {@code dW = eta M xi [1, x]'}) with a
 * checkpointable state: the exploration noise of update k is drawn from a generator seeded by
 * (seed, k), so a restored readout continues the same noise sequence. Each feature is centred and
 * scaled by running estimates of its mean and of the features' mean variance (time constant {@code NORM_TAU} updates,
 * updated while learning only): spiking reservoirs' filtered rates are ~0.01 beside the bias's 1, and
 * without it no single learning rate suits both.
 */
public final class ThreeFactorReadout implements OnlineReadout {
    private final int features;
    private final int outputs;
    private final double eta;
    private final double noiseStd;
    private final double alpha;
    private final long seed;
    private final double[] w;    // outputs x (1 + features), bias first
    private final double[] pBar;
    private final double[] z;
    private final double[] mean;
    private final double[] var;
    private final double[] xn;
    private long updates;
    static final double NORM_TAU = 1000;

    public ThreeFactorReadout(int features, int outputs, double eta, double noiseStd, double tauUpdates, long seed) {
        if (features < 1 || outputs < 1 || !(eta > 0) || !(noiseStd > 0) || !(tauUpdates >= 1)) {
            throw new IllegalArgumentException("need features, outputs >= 1, eta > 0, noiseStd > 0, tauUpdates >= 1");
        }
        this.features = features;
        this.outputs = outputs;
        this.eta = eta;
        this.noiseStd = noiseStd;
        this.alpha = 1.0 / tauUpdates;
        this.seed = seed;
        this.w = new double[outputs * (features + 1)];
        this.pBar = new double[outputs];
        this.z = new double[outputs];
        this.mean = new double[features];
        this.var = new double[features];
        java.util.Arrays.fill(var, 1.0);
        this.xn = new double[features];
    }

    /** From {@link #snapshot()}: [seed, W..., Pbar..., feature means..., feature variances...]. */
    public static ThreeFactorReadout restore(int features, int outputs, double eta, double noiseStd, double tauUpdates,
                                             double[] snapshot, long updates) {
        ThreeFactorReadout r = new ThreeFactorReadout(features, outputs, eta, noiseStd, tauUpdates,
                Double.doubleToRawLongBits(snapshot[0]));
        int expected = 1 + r.w.length + r.pBar.length + 2 * features;
        if (snapshot.length != expected) {
            throw new IllegalArgumentException("snapshot has " + snapshot.length + " values, expected " + expected);
        }
        int at = 1;
        System.arraycopy(snapshot, at, r.w, 0, r.w.length);
        at += r.w.length;
        System.arraycopy(snapshot, at, r.pBar, 0, r.pBar.length);
        at += r.pBar.length;
        System.arraycopy(snapshot, at, r.mean, 0, features);
        System.arraycopy(snapshot, at + features, r.var, 0, features);
        r.updates = updates;
        return r;
    }

    @Override
    public ReadoutKind kind() {
        return ReadoutKind.THREE_FACTOR;
    }

    @Override
    public int featureCount() {
        return features;
    }

    @Override
    public int outputCount() {
        return outputs;
    }

    @Override
    public long updates() {
        return updates;
    }

    /** Centred per feature, scaled by one common factor (per-feature scaling blows up rarely active units). */
    private void normalise(double[] x) {
        double v = 0;
        for (int j = 0; j < features; j++) {
            v += var[j];
        }
        double scale = 1.0 / Math.sqrt(v / features + 1e-30);
        for (int j = 0; j < features; j++) {
            xn[j] = (x[j] - mean[j]) * scale;
        }
    }

    @Override
    public void predict(double[] x, double[] yOut) {
        normalise(x);
        int f = features + 1;
        for (int o = 0; o < outputs; o++) {
            double s = w[o * f];
            for (int j = 0; j < features; j++) {
                s += w[o * f + 1 + j] * xn[j];
            }
            yOut[o] = s;
        }
    }

    @Override
    public void learn(double[] x, double[] target) {
        double a = updates == 0 ? 1.0 : 1.0 / Math.min(NORM_TAU, updates + 1.0);
        for (int j = 0; j < features; j++) {
            double d = x[j] - mean[j];
            mean[j] += a * d;
            var[j] = updates == 0 ? Math.max(d * d, 1e-12) : (1 - a) * var[j] + a * d * d;
        }
        predict(x, z); // normalises x into xn
        SplittableRandom noise = new SplittableRandom(seed ^ (updates * 0x9E3779B97F4A7C15L));
        int f = features + 1;
        for (int o = 0; o < outputs; o++) {
            double xi = noiseStd * noise.nextGaussian();
            double zo = z[o] + xi;
            double perf = -(zo - target[o]) * (zo - target[o]);
            double g = eta * (perf - pBar[o]) * xi;
            w[o * f] += g;
            for (int j = 0; j < features; j++) {
                w[o * f + 1 + j] += g * xn[j];
            }
            pBar[o] += alpha * (perf - pBar[o]);
        }
        updates++;
    }

    @Override
    public double[] weightsWithBias() {
        return w.clone();
    }

    @Override
    public double[] snapshot() {
        double[] s = new double[1 + w.length + pBar.length + 2 * features];
        s[0] = Double.longBitsToDouble(seed);
        System.arraycopy(w, 0, s, 1, w.length);
        System.arraycopy(pBar, 0, s, 1 + w.length, pBar.length);
        System.arraycopy(mean, 0, s, 1 + w.length + pBar.length, features);
        System.arraycopy(var, 0, s, 1 + w.length + pBar.length + features, features);
        return s;
    }
}
