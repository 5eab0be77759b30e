package io.neurostream.connectors.spikes.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Known structure that {@link ReachSimulator} plants in its population, so that analyses of the
 * spike stream can be scored against the truth:
 * <ul>
 *   <li><b>synaptic pairs</b>: each spike of {@code preUnit} makes {@code postUnit} fire once more,
 *   with probability {@code efficacy}, {@code lagMicros} (± Gaussian {@code jitterMicros}) later;</li>
 *   <li><b>population states</b>: the population switches between states (a Markov chain with
 *   dwell times {@code minDwellMs} + exponential, mean {@code meanDwellMs}); in state s every rate
 *   of unit i is multiplied by {@code stateGains[s][i]}.</li>
 * </ul>
 *
 * @param pairs planted connections (may be empty)
 * @param stateGains one gain per unit for each state; empty = no switching
 */
public record PlantedStructure(List<PlantedPair> pairs, double[][] stateGains, double meanDwellMs, double minDwellMs) {

    /**
     * One planted connection.
     *
     * @param lagMicros mean delay of the evoked spike; with the jitter it must stay above the simulation step
     * @param efficacy probability that a presynaptic spike evokes a postsynaptic one, (0, 1]
     */
    public record PlantedPair(int preUnit, int postUnit, long lagMicros, long jitterMicros, double efficacy) {
        public PlantedPair {
            if (preUnit < 0 || postUnit < 0 || preUnit == postUnit) {
                throw new IllegalArgumentException("a planted pair needs two different units >= 0, got "
                        + preUnit + " -> " + postUnit);
            }
            if (lagMicros <= 0 || jitterMicros < 0 || !(efficacy > 0 && efficacy <= 1)) {
                throw new IllegalArgumentException("planted pair " + preUnit + " -> " + postUnit
                        + ": lag must be > 0, jitter >= 0 and efficacy in (0, 1]");
            }
        }
    }

    public PlantedStructure {
        pairs = List.copyOf(pairs);
        stateGains = stateGains == null ? new double[0][] : stateGains.clone();
        if (stateGains.length == 1) {
            throw new IllegalArgumentException("state switching needs at least 2 states, got 1");
        }
        for (double[] g : stateGains) {
            for (double v : g) {
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("state gains must be finite and >= 0");
                }
            }
        }
        if (stateGains.length > 0 && !(minDwellMs > 0 && meanDwellMs >= minDwellMs)) {
            throw new IllegalArgumentException("dwell times need 0 < minDwellMs <= meanDwellMs, got "
                    + minDwellMs + " / " + meanDwellMs);
        }
    }

    /** Nothing planted: the simulator behaves exactly as without. */
    public static PlantedStructure none() {
        return new PlantedStructure(List.of(), new double[0][], 0, 0);
    }

    public int stateCount() {
        return stateGains.length;
    }

    /**
     * A seeded random structure: {@code pairCount} connections between disjoint units (no unit in two
     * pairs, so no chains), lags uniform in 2-4 ms, 250 µs jitter, the given efficacy; and
     * {@code stateCount} states whose per-unit gains are log-normal (sigma {@code gainSigma}),
     * normalised so that each unit's mean gain over the states is 1; dwell times 1 s + exponential
     * with a mean of {@code meanDwellMs} in all.
     */
    public static PlantedStructure random(int unitCount, int pairCount, double efficacy, int stateCount,
                                          double gainSigma, double meanDwellMs, long seed) {
        if (2L * pairCount > unitCount) {
            throw new IllegalArgumentException(pairCount + " disjoint pairs need " + 2 * pairCount + " units, have "
                    + unitCount);
        }
        if (stateCount == 1 || stateCount < 0) {
            throw new IllegalArgumentException("stateCount must be 0 (no switching) or >= 2, got " + stateCount);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[unitCount];
        for (int i = 0; i < unitCount; i++) {
            order[i] = i;
        }
        for (int i = unitCount - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<PlantedPair> pairs = new ArrayList<>();
        for (int i = 0; i < pairCount; i++) {
            long lag = 2_000 + random.nextInt(2_001);
            pairs.add(new PlantedPair(order[2 * i], order[2 * i + 1], lag, 250, efficacy));
        }
        double[][] gains = new double[stateCount][unitCount];
        for (int u = 0; u < unitCount; u++) {
            double mean = 0;
            for (int s = 0; s < stateCount; s++) {
                gains[s][u] = Math.exp(gainSigma * ReachSimulator.gaussian(random));
                mean += gains[s][u] / stateCount;
            }
            for (int s = 0; s < stateCount; s++) {
                gains[s][u] /= mean;
            }
        }
        return new PlantedStructure(pairs, gains, meanDwellMs, Math.min(1000, meanDwellMs));
    }
}
