package io.neurostream.core.neuron;

import java.util.Arrays;

/** State of an {@link IzhikevichKernel} population: {@code v} (mV) and recovery {@code u}. */
public final class IzhikevichState {
    public final double[] vMv;
    public final double[] u;
    public final long[] spikeCount;

    /** Starts every neuron at {@code v = -65 mV}, {@code u = b v}, as in Izhikevich (2003). */
    public IzhikevichState(int size, IzhikevichParams params) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        vMv = new double[size];
        u = new double[size];
        Arrays.fill(vMv, -65.0);
        Arrays.fill(u, params.b() * -65.0);
        spikeCount = new long[size];
    }

    public int size() {
        return vMv.length;
    }
}
