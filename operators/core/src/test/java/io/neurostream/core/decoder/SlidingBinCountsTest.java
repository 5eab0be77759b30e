package io.neurostream.core.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlidingBinCountsTest {

    @Test
    void overlappingBinsCountEverySpikeInTheirWindow() {
        // 3 units, 40 ms bins every 10 ms
        SlidingBinCounts bins = new SlidingBinCounts(3, 40_000, 10_000, 0);
        long[] t = new long[500];
        int[] u = new int[500];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < t.length; i++) {
            t[i] = (i == 0 ? 100_000 : t[i - 1]) + random.nextInt(3000);
            u[i] = random.nextInt(3);
        }
        double[] counts = new double[3];
        int i = 0;
        int closed = 0;
        while (i < t.length) {
            while (!bins.fits(t[i])) {
                bins.closeNext(counts);
            }
            bins.add(t[i], u[i]);
            i++;
            while (i < t.length && bins.isComplete(t[i])) {
                long start = bins.nextBinStartMicros();
                int total = bins.closeNext(counts);
                closed++;
                // brute force over the raw spikes
                double[] expected = new double[3];
                int expectedTotal = 0;
                for (int k = 0; k < t.length; k++) {
                    if (t[k] >= start && t[k] < start + 40_000) {
                        expected[u[k]]++;
                        expectedTotal++;
                    }
                }
                assertThat(counts).as("bin at %d", start).containsExactly(expected);
                assertThat(total).isEqualTo(expectedTotal);
            }
        }
        assertThat(closed).isGreaterThan(50);
        assertThat(bins.lateSpikes()).isZero();
    }

    @Test
    void theFirstBinStartsOnTheGridAndLateSpikesAreCounted() {
        SlidingBinCounts bins = new SlidingBinCounts(2, 20_000, 20_000, 5_000);
        bins.add(45_000, 1);
        assertThat(bins.nextBinStartMicros()).isEqualTo(40_000);
        assertThat(bins.isComplete(60_000)).isFalse();       // lateness keeps it open
        bins.add(59_999, 0);
        bins.add(62_000, 0);                                 // next bin, within the ring
        assertThat(bins.isComplete(65_000)).isTrue();
        assertThat(bins.closingWatermarkMicros()).isEqualTo(64_999);
        double[] c = new double[2];
        assertThat(bins.closeNext(c)).isEqualTo(2);
        assertThat(c).containsExactly(1, 1);
        assertThat(bins.add(59_000, 1)).isFalse();
        assertThat(bins.lateSpikes()).isEqualTo(1);
        assertThat(bins.closeNext(c)).isEqualTo(1);
        assertThat(c).containsExactly(1, 0);
    }

    @Test
    void restoreIsEqualAndBadSettingsAreRefused() {
        SlidingBinCounts a = new SlidingBinCounts(4, 60_000, 20_000, 0);
        a.add(1_000, 3);
        a.add(25_000, 2);
        SlidingBinCounts b = SlidingBinCounts.restore(4, 60_000, 20_000, 0, a.isStarted(), a.nextBin(), a.lateSpikes(),
                a.counts(), a.slotTotals());
        assertThat(b).isEqualTo(a);
        assertThatThrownBy(() -> new SlidingBinCounts(4, 50_000, 20_000, 0))
                .hasMessageContaining("multiple of stepMicros");
        assertThatThrownBy(() -> a.add(200_000, 0)).isInstanceOf(IllegalStateException.class);
    }
}
