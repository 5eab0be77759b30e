package io.neurostream.core.neuron;

import java.util.Arrays;

/** State of an {@link AdLifKernel} population: membrane, adaptation and refractory arrays. */
public final class AdLifState {
    public final double[] vMv;
    public final double[] adaptMv;
    public final double[] refractoryLeftMs;
    public final long[] lastSpikeMicros;
    public final long[] spikeCount;

    public AdLifState(int size, AdLifParams params) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        vMv = new double[size];
        Arrays.fill(vMv, params.lif().vRestMv());
        adaptMv = new double[size];
        refractoryLeftMs = new double[size];
        lastSpikeMicros = new long[size];
        Arrays.fill(lastSpikeMicros, Long.MIN_VALUE);
        spikeCount = new long[size];
    }

    public int size() {
        return vMv.length;
    }
}
