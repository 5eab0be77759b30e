package io.neurostream.core.timeseries;

import java.util.SplittableRandom;

/**
 * The reward-modulated three-factor readout of
 * {@link io.neurostream.core.readout.ThreeFactorHebbianReadout} (Hoerzer, Legenstein &amp; Maass
 * 2014: {@code z = W [1, x] + xi}, {@code M = P - Pbar}, {@code dW = eta M xi [1, x]'}) with a
 * checkpointable state: the exploration noise of update k is drawn from a generator seeded by
 * (seed, k), so a restored readout continues the same noise sequence.
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
    private long updates;

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
    }

    /** From {@link #snapshot()}: [seed, W..., Pbar...]. */
    public static ThreeFactorReadout restore(int features, int outputs, double eta, double noiseStd, double tauUpdates,
                                             double[] snapshot, long updates) {
        ThreeFactorReadout r = new ThreeFactorReadout(features, outputs, eta, noiseStd, tauUpdates,
                Double.doubleToRawLongBits(snapshot[0]));
        if (snapshot.length != 1 + r.w.length + r.pBar.length) {
            throw new IllegalArgumentException("snapshot has " + snapshot.length + " values, expected "
                    + (1 + r.w.length + r.pBar.length));
        }
        System.arraycopy(snapshot, 1, r.w, 0, r.w.length);
        System.arraycopy(snapshot, 1 + r.w.length, r.pBar, 0, r.pBar.length);
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

    @Override
    public void predict(double[] x, double[] yOut) {
        int f = features + 1;
        for (int o = 0; o < outputs; o++) {
            double s = w[o * f];
            for (int j = 0; j < features; j++) {
                s += w[o * f + 1 + j] * x[j];
            }
            yOut[o] = s;
        }
    }

    @Override
    public void learn(double[] x, double[] target) {
        predict(x, z);
        SplittableRandom noise = new SplittableRandom(seed ^ (updates * 0x9E3779B97F4A7C15L));
        int f = features + 1;
        for (int o = 0; o < outputs; o++) {
            double xi = noiseStd * noise.nextGaussian();
            double zo = z[o] + xi;
            double perf = -(zo - target[o]) * (zo - target[o]);
            double g = eta * (perf - pBar[o]) * xi;
            w[o * f] += g;
            for (int j = 0; j < features; j++) {
                w[o * f + 1 + j] += g * x[j];
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
        double[] s = new double[1 + w.length + pBar.length];
        s[0] = Double.longBitsToDouble(seed);
        System.arraycopy(w, 0, s, 1, w.length);
        System.arraycopy(pBar, 0, s, 1 + w.length, pBar.length);
        return s;
    }
}
