package io.neurostream.operators.events;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Learned state of a FEAST layer: unit-norm weight vectors ({@code weights[n * contextSize + i]}) and one
 * selection threshold per neuron.
 */
public final class FeastState {
    public final int neurons;
    public final int contextSize;
    public final double[] weights;
    public final double[] thresholds;

    public FeastState(int neurons, int contextSize) {
        this.neurons = neurons;
        this.contextSize = contextSize;
        this.weights = new double[neurons * contextSize];
        this.thresholds = new double[neurons];
    }

    /** Weights uniform in [0, 1), normalised per neuron; thresholds 0. Deterministic for a given random. */
    public static FeastState random(FeastParams params, SplittableRandom random) {
        FeastState s = new FeastState(params.neurons(), params.contextSize());
        for (int n = 0; n < s.neurons; n++) {
            int base = n * s.contextSize;
            double sq = 0;
            for (int i = 0; i < s.contextSize; i++) {
                double w = random.nextDouble();
                s.weights[base + i] = w;
                sq += w * w;
            }
            double inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
            for (int i = 0; i < s.contextSize; i++) {
                s.weights[base + i] *= inv;
            }
        }
        return s;
    }

    public void copyFrom(FeastState other) {
        if (other.neurons != neurons || other.contextSize != contextSize) {
            throw new IllegalArgumentException("shape differs");
        }
        System.arraycopy(other.weights, 0, weights, 0, weights.length);
        System.arraycopy(other.thresholds, 0, thresholds, 0, thresholds.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeastState s && s.neurons == neurons && s.contextSize == contextSize
                && Arrays.equals(s.weights, weights) && Arrays.equals(s.thresholds, thresholds);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(thresholds);
    }
}
