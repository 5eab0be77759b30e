package io.neurostream.core.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/** Parameters of {@link SpikeAnalytics}: its three kernels'. */
public record AnalyticsParams(StatsParams stats, ConnectivityParams connectivity, BrainStateParams states)
        implements Serializable {

    public AnalyticsParams {
        if (stats == null || connectivity == null || states == null) {
            throw new IllegalArgumentException("stats, connectivity and states parameters are required");
        }
    }

    /** Writes every parameter (a snapshot carries its own parameters, so it restores without configuration). */
    public void writeTo(DataOutput out) throws IOException {
        StatsParams s = stats;
        out.writeLong(s.windowMicros());
        out.writeLong(s.slideMicros());
        out.writeLong(s.fanoBinMicros());
        out.writeLong(s.refractoryMicros());
        out.writeInt(s.isiHistogramBins());
        out.writeDouble(s.minRateHz());
        out.writeDouble(s.maxViolationFraction());
        ConnectivityParams c = connectivity;
        out.writeInt(c.maxPairs());
        out.writeInt(c.configuredPairs().length);
        for (int v : c.configuredPairs()) {
            out.writeInt(v);
        }
        out.writeLong(c.halfWidthMicros());
        out.writeLong(c.binMicros());
        out.writeLong(c.synapseMinLagMicros());
        out.writeLong(c.synapseMaxLagMicros());
        out.writeDouble(c.baselineSigmaMicros());
        out.writeDouble(c.hollowFraction());
        out.writeDouble(c.alpha());
        out.writeDouble(c.minStrength());
        out.writeLong(c.evaluateEveryMicros());
        out.writeLong(c.selectAfterMicros());
        out.writeDouble(c.memorySeconds());
        out.writeDouble(c.changeThreshold());
        BrainStateParams b = states;
        out.writeLong(b.binMicros());
        out.writeInt(b.states());
        out.writeInt(b.warmupBins());
        out.writeInt(b.emIterations());
        out.writeDouble(b.selfTransition());
        out.writeDouble(b.memorySeconds());
        out.writeInt(b.earlyWarningBins());
        out.writeLong(b.seed());
    }

    public static AnalyticsParams readFrom(DataInput in) throws IOException {
        StatsParams s = new StatsParams(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(),
                in.readDouble(), in.readDouble());
        int maxPairs = in.readInt();
        int[] configured = new int[in.readInt()];
        for (int i = 0; i < configured.length; i++) {
            configured[i] = in.readInt();
        }
        ConnectivityParams c = new ConnectivityParams(maxPairs, configured, in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readLong(),
                in.readLong(), in.readDouble(), in.readDouble());
        BrainStateParams b = new BrainStateParams(in.readLong(), in.readInt(), in.readInt(), in.readInt(),
                in.readDouble(), in.readDouble(), in.readInt(), in.readLong());
        return new AnalyticsParams(s, c, b);
    }

    public static AnalyticsParams defaults() {
        return new AnalyticsParams(StatsParams.defaults(), ConnectivityParams.defaults(), BrainStateParams.defaults());
    }
}
