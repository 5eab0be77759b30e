package io.neurostream.core.analytics;

import java.io.Serializable;

/** Parameters of {@link SpikeAnalytics}: its three kernels'. */
public record AnalyticsParams(StatsParams stats, ConnectivityParams connectivity, BrainStateParams states)
        implements Serializable {

    public AnalyticsParams {
        if (stats == null || connectivity == null || states == null) {
            throw new IllegalArgumentException("stats, connectivity and states parameters are required");
        }
    }

    public static AnalyticsParams defaults() {
        return new AnalyticsParams(StatsParams.defaults(), ConnectivityParams.defaults(), BrainStateParams.defaults());
    }
}
