package io.neurostream.core.lsm;

import java.util.Arrays;

/**
 * Dynamic state of a {@link DvsLiquid} for one stream during one window: membranes, last update
 * and refractory times, and the spike counts that become readout features. Primitive arrays,
 * sized once; the Flink operator checkpoints exactly these fields.
 */
public final class LiquidState {
    public final double[] vMv;
    public final long[] lastUpdateMicros;
    public final long[] refractoryUntilMicros;
    /** Spike counts, neuron-major: index = neuron * timeBins + bin. */
    public final int[] spikeCounts;
    public long windowStartMicros;
    public long windowEndMicros;
    public long eventCount;

    public LiquidState(int neuronCount, int timeBins) {
        this(new double[neuronCount], new long[neuronCount], new long[neuronCount], new int[neuronCount * timeBins],
                0, 0, 0);
    }

    public LiquidState(double[] vMv, long[] lastUpdateMicros, long[] refractoryUntilMicros, int[] spikeCounts,
                       long windowStartMicros, long windowEndMicros, long eventCount) {
        if (lastUpdateMicros.length != vMv.length || refractoryUntilMicros.length != vMv.length
                || spikeCounts.length % Math.max(1, vMv.length) != 0) {
            throw new IllegalArgumentException("inconsistent array lengths " + vMv.length + "/" + lastUpdateMicros.length
                    + "/" + refractoryUntilMicros.length + "/" + spikeCounts.length);
        }
        this.vMv = vMv;
        this.lastUpdateMicros = lastUpdateMicros;
        this.refractoryUntilMicros = refractoryUntilMicros;
        this.spikeCounts = spikeCounts;
        this.windowStartMicros = windowStartMicros;
        this.windowEndMicros = windowEndMicros;
        this.eventCount = eventCount;
    }

    public int neuronCount() {
        return vMv.length;
    }

    /** Starts a new window: resting membranes, no counts. */
    public void reset(long startMicros, long endMicros) {
        Arrays.fill(vMv, 0);
        Arrays.fill(lastUpdateMicros, startMicros);
        Arrays.fill(refractoryUntilMicros, Long.MIN_VALUE);
        Arrays.fill(spikeCounts, 0);
        windowStartMicros = startMicros;
        windowEndMicros = endMicros;
        eventCount = 0;
    }

    public long totalSpikes() {
        long sum = 0;
        for (int c : spikeCounts) {
            sum += c;
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiquidState s && s.windowStartMicros == windowStartMicros
                && s.windowEndMicros == windowEndMicros && s.eventCount == eventCount && Arrays.equals(s.vMv, vMv)
                && Arrays.equals(s.lastUpdateMicros, lastUpdateMicros)
                && Arrays.equals(s.refractoryUntilMicros, refractoryUntilMicros)
                && Arrays.equals(s.spikeCounts, spikeCounts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vMv) * 31 + Arrays.hashCode(spikeCounts);
    }
}
