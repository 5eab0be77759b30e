package io.neurostream.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinnedCountsTest {
    private static final long[] EDGES = {105_000, 215_000};

    @Test
    void countsLandInTheirPooledCellChannelAndTimeBin() {
        BinnedCounts k = new BinnedCounts(new BinnedCounts.Params(34, 34, 2, 2, EDGES, 0, 1, false, 0));
        assertThat(k.params().countLength()).isEqualTo(17 * 17 * 2 * 3);
        int[] c = k.newCounts();
        assertThat(k.add(c, 0, 0, 0, 1)).isTrue();         // bin 0, cell (0,0), ON
        assertThat(k.add(c, 104_999, 1, 1, 1)).isTrue();   // same pooled cell and bin
        assertThat(k.add(c, 105_000, 33, 33, 0)).isTrue(); // bin 1, last cell, OFF
        assertThat(k.add(c, 390_000, 2, 0, 0)).isTrue();   // past the last edge: bin 2, cell (1,0)
        assertThat(k.add(c, 0, 34, 0, 0)).isFalse();       // outside the grid: not counted
        assertThat(k.add(c, 0, 0, 0, 2)).isFalse();        // no such channel
        int perBin = 17 * 17 * 2;
        assertThat(c[1]).isEqualTo(2);
        assertThat(c[perBin + (16 * 17 + 16) * 2]).isEqualTo(1);
        assertThat(c[2 * perBin + 2]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(c).sum()).isEqualTo(4);

        double[] f = new double[k.params().featureCount() + 1];
        f[f.length - 1] = 7;
        k.features(c, f, 0);
        assertThat(f[1]).isCloseTo(Math.log1p(2), within(1e-12));
        assertThat(f[0]).isZero();
        assertThat(f[f.length - 1]).isEqualTo(7); // nothing written past the features
    }

    @Test
    void randomFourierUnitsApproximateTheGaussianKernelOfTheCounts() {
        double gamma = 0.05;
        BinnedCounts k = new BinnedCounts(new BinnedCounts.Params(8, 8, 2, 1, new long[0], 4000, gamma, false, 3));
        SplittableRandom random = new SplittableRandom(5);
        int[] a = k.newCounts();
        int[] b = k.newCounts();
        for (int i = 0; i < 40; i++) {
            a[random.nextInt(a.length)] += 1 + random.nextInt(3);
            b[random.nextInt(b.length)] += 1 + random.nextInt(3);
        }
        double[] fa = new double[4000];
        double[] fb = new double[4000];
        k.features(a, fa, 0);
        k.features(b, fb, 0);
        double dot = 0;
        double self = 0;
        double distance2 = 0;
        for (int i = 0; i < 4000; i++) {
            dot += fa[i] * fb[i];
            self += fa[i] * fa[i];
        }
        for (int i = 0; i < a.length; i++) {
            double d = Math.log1p(a[i]) - Math.log1p(b[i]);
            distance2 += d * d;
        }
        assertThat(self).isCloseTo(1.0, within(0.05));
        assertThat(dot).isCloseTo(Math.exp(-gamma * distance2), within(0.05));
        // the same seed gives the same units (they are rebuilt on every subtask, never stored)
        double[] again = new double[4000];
        new BinnedCounts(k.params()).features(a, again, 0);
        assertThat(again).containsExactly(fa);
    }

    @Test
    void sqrtCountsScaledToUnitLengthDoNotDependOnTheWindowsEventTotal() {
        BinnedCounts k = new BinnedCounts(new BinnedCounts.Params(4, 4, 2, 1, new long[0], 0, 1, false, 0,
                BinnedCounts.Transform.SQRT, true));
        int[] c = k.newCounts();
        c[0] = 9;
        c[3] = 16;
        double[] f = new double[c.length];
        k.features(c, f, 0);
        assertThat(f[0]).isCloseTo(3 / 5.0, within(1e-12)); // sqrt: 3 and 4, length 5
        assertThat(f[3]).isCloseTo(4 / 5.0, within(1e-12));
        // four times the events in the same proportions: the same features (log1p would change them)
        int[] more = c.clone();
        more[0] = 36;
        more[3] = 64;
        double[] g = new double[c.length];
        k.features(more, g, 0);
        assertThat(g).containsExactly(f, within(1e-12));
        // an empty window stays zero (no division by zero)
        double[] empty = new double[c.length];
        k.features(k.newCounts(), empty, 0);
        assertThat(empty).containsOnly(0.0);
        // not normalised, log1p: what the constructor without the options gives
        BinnedCounts plain = new BinnedCounts(new BinnedCounts.Params(4, 4, 2, 1, new long[0], 0, 1, false, 0));
        assertThat(plain.params().transform()).isEqualTo(BinnedCounts.Transform.LOG1P);
        plain.features(c, g, 0);
        assertThat(g[0]).isCloseTo(Math.log1p(9), within(1e-12));
        assertThat(BinnedCounts.Transform.parse(" SQRT ")).isEqualTo(BinnedCounts.Transform.SQRT);
        assertThatThrownBy(() -> BinnedCounts.Transform.parse("log")).hasMessageContaining("log1p or sqrt");
    }

    @Test
    void wrongParametersFailNamingTheProblem() {
        assertThatThrownBy(() -> new BinnedCounts.Params(34, 34, 2, 0, EDGES, 0, 1, false, 0))
                .hasMessageContaining("pool");
        assertThatThrownBy(() -> new BinnedCounts.Params(34, 34, 2, 1, new long[] {200, 100}, 0, 1, false, 0))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new BinnedCounts.Params(34, 34, 2, 1, EDGES, 10, 0, false, 0))
                .hasMessageContaining("gamma");
    }
}
