package io.neurostream.core.neuron;

import java.util.Arrays;

/**
 * State of a population of {@link LifKernel} neurons, as primitive arrays sized once.
 *
 * <p>{@code vMv} is the membrane potential; {@code refractoryLeftMs} the refractory time still to
 * serve (clock-driven use); {@code lastUpdateMicros} and {@code refractoryUntilMicros} serve the
 * event-driven use; {@code lastSpikeMicros} is the last spike time ({@link Long#MIN_VALUE} = never);
 * {@code spikeCount} counts all spikes, including several in one step.
 */
public final class LifState {
    public final double[] vMv;
    public final double[] refractoryLeftMs;
    public final long[] lastUpdateMicros;
    public final long[] refractoryUntilMicros;
    public final long[] lastSpikeMicros;
    public final long[] spikeCount;

    /** A population at rest ({@code vMv = vRestMv}), never spiked, clock at 0. */
    public LifState(int size, LifParams params) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        vMv = new double[size];
        Arrays.fill(vMv, params.vRestMv());
        refractoryLeftMs = new double[size];
        lastUpdateMicros = new long[size];
        refractoryUntilMicros = new long[size];
        Arrays.fill(refractoryUntilMicros, Long.MIN_VALUE);
        lastSpikeMicros = new long[size];
        Arrays.fill(lastSpikeMicros, Long.MIN_VALUE);
        spikeCount = new long[size];
    }

    public int size() {
        return vMv.length;
    }

    /** Copies every array of {@code other} (same size) into this state. */
    public void copyFrom(LifState other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("size mismatch: " + other.size() + " vs " + size());
        }
        System.arraycopy(other.vMv, 0, vMv, 0, vMv.length);
        System.arraycopy(other.refractoryLeftMs, 0, refractoryLeftMs, 0, vMv.length);
        System.arraycopy(other.lastUpdateMicros, 0, lastUpdateMicros, 0, vMv.length);
        System.arraycopy(other.refractoryUntilMicros, 0, refractoryUntilMicros, 0, vMv.length);
        System.arraycopy(other.lastSpikeMicros, 0, lastSpikeMicros, 0, vMv.length);
        System.arraycopy(other.spikeCount, 0, spikeCount, 0, vMv.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LifState s && Arrays.equals(s.vMv, vMv)
                && Arrays.equals(s.refractoryLeftMs, refractoryLeftMs)
                && Arrays.equals(s.lastUpdateMicros, lastUpdateMicros)
                && Arrays.equals(s.refractoryUntilMicros, refractoryUntilMicros)
                && Arrays.equals(s.lastSpikeMicros, lastSpikeMicros)
                && Arrays.equals(s.spikeCount, spikeCount);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vMv) * 31 + Arrays.hashCode(spikeCount);
    }
}
