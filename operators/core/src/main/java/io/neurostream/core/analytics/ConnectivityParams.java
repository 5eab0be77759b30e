package io.neurostream.core.analytics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Parameters of {@link Connectivity}: streaming cross-correlograms of a bounded set of unit pairs
 * and their jitter-corrected significance.
 *
 * @param maxPairs monitored pairs at most: the top-k units by rate with k(k-1)/2 &lt;= maxPairs, unless pairs are configured
 * @param configuredPairs unit index pairs to monitor instead (a0, b0, a1, b1, ...), or empty for top-k by rate
 * @param halfWidthMicros the correlogram covers lags [-halfWidth, +halfWidth)
 * @param binMicros correlogram bin; divides halfWidthMicros
 * @param synapseMinLagMicros a connection a -&gt; b is an excess of b's spikes this long after a's at least ...
 * @param synapseMaxLagMicros ... and shorter than this (a multiple of binMicros, like the minimum)
 * @param baselineSigmaMicros width of the partially hollowed Gaussian that predicts the correlogram under spike-time jitter
 * @param hollowFraction how much of the kernel's centre weight is removed (Stark &amp; Abeles 2009 use 0.6)
 * @param alpha family-wise false-positive rate over all monitored directed pairs (Bonferroni)
 * @param minStrength smallest spike transmission probability (excess spikes per presynaptic spike) reported as a connection
 * @param evaluateEveryMicros the graph is re-evaluated (and change events emitted) this often
 * @param selectAfterMicros top-k units are chosen by their rate over this much recording first
 * @param memorySeconds correlogram counts decay with this time constant (the graph follows a changing network); 0 = never forget
 * @param changeThreshold a connection whose strength moved this much since it was last reported is reported again
 */
public record ConnectivityParams(int maxPairs, int[] configuredPairs, long halfWidthMicros, long binMicros,
                                 long synapseMinLagMicros, long synapseMaxLagMicros, double baselineSigmaMicros,
                                 double hollowFraction, double alpha, double minStrength, long evaluateEveryMicros,
                                 long selectAfterMicros, double memorySeconds, double changeThreshold)
        implements Serializable {

    public ConnectivityParams {
        configuredPairs = configuredPairs == null ? new int[0] : configuredPairs.clone();
        StatsParams.check(maxPairs >= 1 && maxPairs <= 1_000_000, "maxPairs must be in 1..1000000, got " + maxPairs);
        StatsParams.check(configuredPairs.length % 2 == 0, "configured pairs must come as a,b index pairs");
        for (int i = 0; i < configuredPairs.length; i += 2) {
            StatsParams.check(configuredPairs[i] >= 0 && configuredPairs[i + 1] >= 0
                    && configuredPairs[i] != configuredPairs[i + 1], "configured pair " + configuredPairs[i] + ","
                    + configuredPairs[i + 1] + " must name two different unit indices >= 0");
        }
        StatsParams.check(binMicros >= 100 && halfWidthMicros >= 4 * binMicros && halfWidthMicros % binMicros == 0
                && halfWidthMicros / binMicros <= 1000, "halfWidthMicros must be a multiple (4..1000) of binMicros >= 100, got "
                + halfWidthMicros + " / " + binMicros);
        StatsParams.check(synapseMinLagMicros >= 0 && synapseMaxLagMicros > synapseMinLagMicros
                && synapseMaxLagMicros <= halfWidthMicros && synapseMinLagMicros % binMicros == 0
                && synapseMaxLagMicros % binMicros == 0, "synapse lags must be multiples of binMicros with 0 <= min < max <= halfWidthMicros, got "
                + synapseMinLagMicros + ".." + synapseMaxLagMicros);
        StatsParams.check(baselineSigmaMicros >= binMicros, "baselineSigmaMicros must be >= binMicros, got " + baselineSigmaMicros);
        StatsParams.check(hollowFraction >= 0 && hollowFraction <= 1, "hollowFraction must be in [0, 1], got " + hollowFraction);
        StatsParams.check(alpha > 0 && alpha < 1, "alpha must be in (0, 1), got " + alpha);
        StatsParams.check(minStrength >= 0, "minStrength must be >= 0, got " + minStrength);
        StatsParams.check(evaluateEveryMicros >= 1000, "evaluateEveryMicros must be >= 1000, got " + evaluateEveryMicros);
        StatsParams.check(selectAfterMicros >= 0, "selectAfterMicros must be >= 0, got " + selectAfterMicros);
        StatsParams.check(memorySeconds >= 0, "memorySeconds must be >= 0 (0 = never forget), got " + memorySeconds);
        StatsParams.check(changeThreshold > 0, "changeThreshold must be > 0, got " + changeThreshold);
    }

    /**
     * Up to 2,016 pairs (the top 64 units), lags ±50 ms in 1 ms bins, connections at +1..+5 ms,
     * 10 ms hollowed Gaussian (0.6), family-wise alpha 0.01, strength &gt;= 0.02, evaluated every
     * 5 s after 10 s of rate estimation, 300 s memory, re-reported after a change of 0.02.
     */
    public static ConnectivityParams defaults() {
        return new ConnectivityParams(2016, new int[0], 50_000, 1_000, 1_000, 5_000, 10_000, 0.6, 0.01, 0.02,
                5_000_000, 10_000_000, 300, 0.02);
    }

    public ConnectivityParams withMaxPairs(int pairs) {
        return new ConnectivityParams(pairs, configuredPairs, halfWidthMicros, binMicros, synapseMinLagMicros,
                synapseMaxLagMicros, baselineSigmaMicros, hollowFraction, alpha, minStrength, evaluateEveryMicros,
                selectAfterMicros, memorySeconds, changeThreshold);
    }

    public ConnectivityParams withConfiguredPairs(int[] pairs) {
        return new ConnectivityParams(Math.max(maxPairs, pairs.length / 2), pairs, halfWidthMicros, binMicros,
                synapseMinLagMicros, synapseMaxLagMicros, baselineSigmaMicros, hollowFraction, alpha, minStrength,
                evaluateEveryMicros, selectAfterMicros, memorySeconds, changeThreshold);
    }

    public int binsPerCorrelogram() {
        return (int) (2 * halfWidthMicros / binMicros);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectivityParams c && c.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "ConnectivityParams[maxPairs=" + maxPairs + ", configuredPairs=" + Arrays.toString(configuredPairs)
                + ", halfWidthMicros=" + halfWidthMicros + ", binMicros=" + binMicros + ", synapseLagMicros="
                + synapseMinLagMicros + ".." + synapseMaxLagMicros + ", baselineSigmaMicros=" + baselineSigmaMicros
                + ", hollowFraction=" + hollowFraction + ", alpha=" + alpha + ", minStrength=" + minStrength
                + ", evaluateEveryMicros=" + evaluateEveryMicros + ", selectAfterMicros=" + selectAfterMicros
                + ", memorySeconds=" + memorySeconds + ", changeThreshold=" + changeThreshold + "]";
    }
}
