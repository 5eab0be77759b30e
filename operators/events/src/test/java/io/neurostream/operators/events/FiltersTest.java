package io.neurostream.operators.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FiltersTest {

    @Test
    void backgroundActivityFilterPassesOnlyEventsWithARecentNeighbour() {
        BackgroundActivityFilter baf = new BackgroundActivityFilter(BackgroundActivityFilterParams.of(10, 10, 1_000));
        PixelTimeState s = baf.newState();
        assertThat(baf.accept(s, 100, 5, 5, true)).as("first, isolated").isFalse();
        assertThat(baf.accept(s, 600, 5, 5, true)).as("same pixel does not support itself").isFalse();
        assertThat(baf.accept(s, 1_600, 6, 6, false)).as("diagonal neighbour 1000 us ago").isTrue();
        assertThat(baf.accept(s, 2_601, 4, 5, true)).as("neighbour (5,5) 2001 us ago, (6,6) too far").isFalse();
        assertThat(baf.accept(s, 2_700, 7, 5, true)).as("(6,6) 1100 us ago: outside window").isFalse();
        assertThat(baf.accept(s, 2_800, 8, 5, true)).as("(7,5) 100 us ago").isTrue();
        // corners and edges never index outside the sensor
        assertThat(baf.accept(s, 3_000, 0, 0, true)).isFalse();
        assertThat(baf.accept(s, 3_001, 1, 0, true)).isTrue();
        assertThat(baf.accept(s, 3_002, 9, 9, true)).isFalse();
        assertThat(baf.accept(s, 3_003, 10, 9, true)).as("outside the geometry: dropped").isFalse();
    }

    @Test
    void backgroundActivityFilterRemovesUncorrelatedNoiseAndKeepsAMovingEdge() {
        int w = 64;
        int h = 64;
        BackgroundActivityFilter baf = new BackgroundActivityFilter(BackgroundActivityFilterParams.of(w, h, 2_000));
        PixelTimeState s = baf.newState();
        SplittableRandom r = new SplittableRandom(3);
        int edgeKept = 0;
        int edgeTotal = 0;
        int noiseKept = 0;
        int noiseTotal = 0;
        for (long t = 0; t < 64_000; t += 100) {
            int column = (int) (t / 1_000); // a vertical edge moving 1 px / ms
            int row = r.nextInt(h);
            edgeKept += baf.accept(s, t, column, row, true) ? 1 : 0;
            edgeTotal++;
            // sparse noise: 1 event per 100 us over 4096 pixels
            noiseKept += baf.accept(s, t + 50, r.nextInt(w), r.nextInt(h), false) ? 1 : 0;
            noiseTotal++;
        }
        assertThat((double) noiseKept / noiseTotal).isLessThan(0.1);
        assertThat((double) edgeKept / edgeTotal).isGreaterThan((double) noiseKept / noiseTotal * 3);
    }

    @Test
    void refractoryFilterHasTheExactDuration() {
        RefractoryFilter f = new RefractoryFilter(new RefractoryFilterParams(4, 4, 500));
        PixelTimeState s = f.newState();
        assertThat(f.accept(s, 1_000, 1, 1, true)).isTrue();
        assertThat(f.accept(s, 1_499, 1, 1, false)).isFalse();
        assertThat(f.accept(s, 1_499, 2, 1, false)).as("other pixel").isTrue();
        assertThat(f.accept(s, 1_500, 1, 1, true)).as("exactly the refractory period later").isTrue();
        assertThat(f.accept(s, 1_999, 1, 1, true)).as("dropped events do not extend it").isFalse();
        assertThat(f.accept(s, 2_000, 1, 1, true)).isTrue();
        assertThat(f.accept(s, 1_000, 1, 1, true)).as("earlier than the last passing event").isFalse();
    }

    @Test
    void batchFilteringEqualsEventByEventDecisions() {
        BackgroundActivityFilter baf = new BackgroundActivityFilter(BackgroundActivityFilterParams.of(32, 32, 300));
        int n = 5_000;
        long[] t = new long[n];
        int[] x = new int[n];
        int[] y = new int[n];
        boolean[] on = new boolean[n];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            t[i] = i * 7L;
            x[i] = r.nextInt(34) - 1; // a few outside the sensor
            y[i] = r.nextInt(32);
            on[i] = r.nextBoolean();
        }
        PixelTimeState one = baf.newState();
        int expected = 0;
        long hash = 0;
        for (int i = 0; i < n; i++) {
            if (baf.accept(one, t[i], x[i], y[i], on[i])) {
                expected++;
                hash = hash * 31 + t[i] * 1_000_003 + x[i] * 1_009 + y[i];
            }
        }
        PixelTimeState batch = baf.newState();
        int kept = baf.filter(batch, t, x, y, on, n);
        long batchHash = 0;
        for (int i = 0; i < kept; i++) {
            batchHash = batchHash * 31 + t[i] * 1_000_003 + x[i] * 1_009 + y[i];
        }
        assertThat(kept).isEqualTo(expected).isPositive().isLessThan(n);
        assertThat(batchHash).isEqualTo(hash);
        assertThat(batch).isEqualTo(one);
    }

    @Test
    void roiAndDownsamplingMapAndDrop() {
        RoiDownsampler roi = new RoiDownsampler(new RoiDownsampleParams(640, 480, 100, 50, 301, 200, 4));
        assertThat(roi.params().outWidth()).isEqualTo(76);
        assertThat(roi.params().outHeight()).isEqualTo(50);
        long[] t = {1, 2, 3, 4, 5};
        int[] x = {100, 99, 400, 401, 250};
        int[] y = {50, 60, 249, 60, 250};
        boolean[] on = {true, false, true, true, false};
        int kept = roi.apply(t, x, y, on, 5);
        assertThat(kept).isEqualTo(2);
        assertThat(new long[] {t[0], x[0], y[0], t[1], x[1], y[1]}).containsExactly(1, 0, 0, 3, 75, 49);
        assertThat(on[0]).isTrue();
        assertThat(roi.contains(250, 250)).isFalse();
    }

    @Test
    void paramsSayWhatIsWrong() {
        assertThatThrownBy(() -> new RefractoryFilterParams(10, 10, 0)).hasMessageContaining("refractoryMicros 0");
        assertThatThrownBy(() -> new BackgroundActivityFilterParams(0, 10, 5, 1)).hasMessageContaining("geometry 0x10");
        assertThatThrownBy(() -> new BackgroundActivityFilterParams(10, 10, 5, 4)).hasMessageContaining("radius 4");
        assertThatThrownBy(() -> new RoiDownsampleParams(10, 10, 5, 5, 6, 2, 1)).hasMessageContaining("not inside");
        assertThatThrownBy(() -> new RoiDownsampleParams(10, 10, 0, 0, 10, 10, 0)).hasMessageContaining("factor 0");
        assertThatThrownBy(() -> new TimeSurfaceParams(10, 10, Double.NaN, true)).hasMessageContaining("tauMicros NaN");
        assertThatThrownBy(() -> new FeastParams(4, 9, 0, 0.1, 0.1)).hasMessageContaining("eta 0.0");
        assertThatThrownBy(() -> new FeastParams(4, 9, 0.1, -1, 0.1)).hasMessageContaining("thresholdOpen -1.0");
    }
}
