package io.neurostream.core.analytics;

import java.io.Serializable;

/**
 * Parameters of {@link BrainStates}: an online Poisson hidden Markov model over binned population
 * activity, and early-warning indicators of the population signal.
 *
 * @param binMicros count bin (one state estimate per bin)
 * @param states hidden states, 2..16
 * @param warmupBins bins collected before the model is first fitted (Baum-Welch); their states are emitted then
 * @param emIterations Baum-Welch iterations of the first fit
 * @param selfTransition initial probability of staying in a state from one bin to the next
 * @param memorySeconds the online updates of rates and transitions forget with this time constant
 * @param earlyWarningBins window of the rolling variance and lag-1 autocorrelation of the population count
 * @param seed seeds the k-means++ initialisation of the first fit
 */
public record BrainStateParams(long binMicros, int states, int warmupBins, int emIterations, double selfTransition,
                               double memorySeconds, int earlyWarningBins, long seed) implements Serializable {

    public BrainStateParams {
        StatsParams.check(binMicros >= 1_000, "binMicros must be >= 1000, got " + binMicros);
        StatsParams.check(states >= 2 && states <= 16, "states must be in 2..16, got " + states);
        StatsParams.check(warmupBins >= 10 * states && warmupBins <= 100_000,
                "warmupBins must be in " + 10 * states + "..100000 (10 per state at least), got " + warmupBins);
        StatsParams.check(emIterations >= 1 && emIterations <= 1000, "emIterations must be in 1..1000, got " + emIterations);
        StatsParams.check(selfTransition > 0 && selfTransition < 1, "selfTransition must be in (0, 1), got " + selfTransition);
        StatsParams.check(memorySeconds > 0, "memorySeconds must be > 0, got " + memorySeconds);
        StatsParams.check(earlyWarningBins >= 3 && earlyWarningBins <= 100_000,
                "earlyWarningBins must be in 3..100000, got " + earlyWarningBins);
    }

    /** 100 ms bins, 3 states, fitted on the first 60 s (30 EM iterations), 0.98 self-transition, 300 s memory, 10 s indicators. */
    public static BrainStateParams defaults() {
        return new BrainStateParams(100_000, 3, 600, 30, 0.98, 300, 100, 1);
    }

    public BrainStateParams withStates(int k) {
        return new BrainStateParams(binMicros, k, Math.max(warmupBins, 10 * k), emIterations, selfTransition,
                memorySeconds, earlyWarningBins, seed);
    }
}
