package io.neurostream.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrainStatesTest {

    private record Seen(long start, int state, double probability, boolean changed, double variance, double autocorrelation) {}

    private static List<Seen> run(BrainStates b, SyntheticPopulation pop, int from, int to, List<Seen> into) {
        for (int i = from; i < to; i++) {
            b.spike(pop.units[i], pop.times[i], bin -> into.add(new Seen(bin.startMicros, bin.state, bin.probability,
                    bin.changed, bin.populationVariance, bin.lag1Autocorrelation)));
        }
        return into;
    }

    /** Agreement of decoded and true states under the best relabelling of the decoded ones. */
    static double accuracy(int[] decoded, int[] truth, int states) {
        double best = 0;
        for (int[] perm : permutations(states)) {
            int agree = 0;
            for (int i = 0; i < decoded.length; i++) {
                agree += perm[decoded[i]] == truth[i] ? 1 : 0;
            }
            best = Math.max(best, (double) agree / decoded.length);
        }
        return best;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] current, boolean[] used, int depth, List<int[]> out) {
        if (depth == current.length) {
            out.add(current.clone());
            return;
        }
        for (int v = 0; v < current.length; v++) {
            if (!used[v]) {
                used[v] = true;
                current[depth] = v;
                permute(current, used, depth + 1, out);
                used[v] = false;
            }
        }
    }

    @Test
    void recoversThePlantedStateSequence() {
        int units = 32;
        SyntheticPopulation pop = new SyntheticPopulation(units, 180, 10, SyntheticPopulation.gains(3, units, 0.5, 5),
                3000, null, 0, 0, 21);
        BrainStates b = new BrainStates(BrainStateParams.defaults(), units);
        List<Seen> seen = run(b, pop, 0, pop.count, new ArrayList<>());
        assertThat(b.fitted()).isTrue();
        assertThat(seen.size()).isBetween(1790, 1800);
        int[] decoded = new int[seen.size()];
        int[] truth = new int[seen.size()];
        int changes = 0;
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i).start()).isEqualTo(i * 100_000L);  // every bin once, in order
            decoded[i] = seen.get(i).state();
            truth[i] = pop.stateAtMillis[(int) (seen.get(i).start() / 1000) + 50];
            changes += seen.get(i).changed() ? 1 : 0;
        }
        assertThat(accuracy(decoded, truth, 3)).isGreaterThanOrEqualTo(0.9);
        int trueChanges = 0;
        for (int i = 1; i < truth.length; i++) {
            trueChanges += truth[i] != truth[i - 1] ? 1 : 0;
        }
        assertThat(changes).isBetween(trueChanges * 8 / 10, trueChanges * 13 / 10);
        assertThat(seen.get(seen.size() - 1).probability()).isBetween(1.0 / 3, 1.0);
    }

    @Test
    void aRecordingShorterThanTheWarmUpGetsItsStatesAtTheEnd() {
        int units = 16;
        SyntheticPopulation pop = new SyntheticPopulation(units, 30, 10, SyntheticPopulation.gains(2, units, 0.7, 3),
                3000, null, 0, 0, 9);
        BrainStates b = new BrainStates(BrainStateParams.defaults().withStates(2), units);
        List<Seen> seen = run(b, pop, 0, pop.count, new ArrayList<>());
        assertThat(seen).isEmpty();  // 30 s < the 60 s warm-up
        b.advanceTo(30_000_000L, null);
        b.finish(bin -> seen.add(new Seen(bin.startMicros, bin.state, bin.probability, bin.changed,
                bin.populationVariance, bin.lag1Autocorrelation)));
        assertThat(seen).hasSize(300);
        assertThat(seen.get(0).start()).isZero();
        assertThat(seen.get(299).start()).isEqualTo(29_900_000L);
        int[] decoded = seen.stream().mapToInt(Seen::state).toArray();
        int[] truth = seen.stream().mapToInt(x -> pop.stateAtMillis[(int) (x.start() / 1000) + 50]).toArray();
        assertThat(accuracy(decoded, truth, 2)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void earlyWarningIndicatorsAreTheRollingVarianceAndLag1Autocorrelation() {
        // population counts alternating 0, 4, 0, 4 ... : lag-1 autocorrelation near -1, variance 4 * n/(n-1)
        BrainStateParams p = new BrainStateParams(100_000, 2, 20, 5, 0.9, 60, 10, 1);
        BrainStates b = new BrainStates(p, 4);
        List<BrainStates.Bin> bins = new ArrayList<>();
        List<double[]> indicators = new ArrayList<>();
        b.advanceTo(0, null);
        for (int bin = 0; bin < 40; bin++) {
            if (bin % 2 == 1) {
                for (int u = 0; u < 4; u++) {
                    b.spike(u, bin * 100_000L + 10_000 + u, null);
                }
            }
            b.advanceTo((bin + 1) * 100_000L, x -> indicators.add(new double[] {x.populationVariance, x.lag1Autocorrelation}));
        }
        double[] last = indicators.get(indicators.size() - 1);
        assertThat(last[0]).isCloseTo(4.0 * 10 / 9, within(1e-9));
        assertThat(last[1]).isCloseTo(-0.9, within(1e-9)); // 9 lagged products of -4 over a sum of squares of 40
        assertThat(bins).isEmpty();
    }

    @Test
    void restoresFromItsSnapshotBeforeAndAfterTheFit() throws Exception {
        int units = 12;
        SyntheticPopulation pop = new SyntheticPopulation(units, 90, 10, SyntheticPopulation.gains(3, units, 0.5, 8),
                3000, null, 0, 0, 4);
        List<Seen> expected = run(new BrainStates(BrainStateParams.defaults(), units), pop, 0, pop.count, new ArrayList<>());
        for (int cut : new int[] {pop.count / 3, pop.count * 5 / 6}) { // in the warm-up (60 s), and after it
            BrainStates first = new BrainStates(BrainStateParams.defaults(), units);
            List<Seen> got = run(first, pop, 0, cut, new ArrayList<>());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.writeTo(new DataOutputStream(bytes));
            BrainStates restored = BrainStates.readFrom(BrainStateParams.defaults(),
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            run(restored, pop, cut, pop.count, got);
            assertThat(got).isEqualTo(expected);
        }
    }
}
