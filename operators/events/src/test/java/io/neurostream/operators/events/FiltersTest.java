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

    /**
     * The branch-free 8-neighbourhood and the packet loop decide exactly as the plain neighbourhood loop
     * (the filter's definition, written out here): every radius, border pixels, events outside the sensor,
     * out-of-order times, windows at the edge.
     */
    @Test
    void backgroundActivityFilterDecidesAsThePlainNeighbourhoodLoop() {
        SplittableRandom random = new SplittableRandom(14);
        for (int radius = 1; radius <= 3; radius++) {
            int w = 9;
            int h = 7;
            long window = 50;
            BackgroundActivityFilter filter = new BackgroundActivityFilter(new BackgroundActivityFilterParams(w, h,
                    window, radius));
            PixelTimeState byEvent = filter.newState();
            PixelTimeState byPacket = filter.newState();
            long[] plain = new long[w * h];
            java.util.Arrays.fill(plain, PixelTimeState.NEVER);
            int n = 20_000;
            long[] t = new long[n];
            int[] x = new int[n];
            int[] y = new int[n];
            boolean[] on = new boolean[n];
            boolean[] expected = new boolean[n];
            long now = 1_000;
            for (int i = 0; i < n; i++) {
                now += random.nextInt(12);
                t[i] = random.nextInt(20) == 0 ? now - random.nextInt(200) : now; // some go back in time
                x[i] = random.nextInt(-1, w + 1); // a few outside the sensor
                y[i] = random.nextInt(-1, h + 1);
                on[i] = random.nextBoolean();
                expected[i] = plainDecision(plain, w, h, radius, window, t[i], x[i], y[i]);
                assertThat(filter.accept(byEvent, t[i], x[i], y[i], on[i])).as("event %d, radius %d", i, radius)
                        .isEqualTo(expected[i]);
            }
            long[] tt = t.clone();
            int[] xx = x.clone();
            int[] yy = y.clone();
            boolean[] oo = on.clone();
            int kept = 0;
            for (int from = 0; from < n; from += 1000) { // packets of 1000
                int count = Math.min(1000, n - from);
                long[] pt = java.util.Arrays.copyOfRange(tt, from, from + count);
                int[] px = java.util.Arrays.copyOfRange(xx, from, from + count);
                int[] py = java.util.Arrays.copyOfRange(yy, from, from + count);
                boolean[] po = java.util.Arrays.copyOfRange(oo, from, from + count);
                int k = filter.filter(byPacket, pt, px, py, po, count);
                int j = 0;
                for (int i = from; i < from + count; i++) {
                    if (expected[i]) {
                        assertThat(pt[j]).isEqualTo(t[i]);
                        assertThat(px[j]).isEqualTo(x[i]);
                        assertThat(py[j]).isEqualTo(y[i]);
                        assertThat(po[j]).isEqualTo(on[i]);
                        j++;
                    }
                }
                assertThat(k).isEqualTo(j);
                kept += k;
            }
            assertThat(byPacket).isEqualTo(byEvent);
            assertThat(byEvent.toMicros()).isEqualTo(plain);
            assertThat(kept).as("radius %d keeps some and drops some", radius).isBetween(n / 20, n - n / 20);
        }
    }

    /**
     * Hours of sensor time: the state's base moves (offsets of 32 bits), events come up to 2^31 µs back in
     * time; both filters still decide as on full times, and every time newer than 2^31 µs before the newest
     * one is kept exactly.
     */
    @Test
    void filtersDecideOnFullTimesAcrossHoursOfSensorTime() {
        SplittableRandom random = new SplittableRandom(41);
        int w = 6;
        int h = 5;
        long window = 3_000;
        BackgroundActivityFilter background = new BackgroundActivityFilter(BackgroundActivityFilterParams.of(w, h, window));
        RefractoryFilter refractory = new RefractoryFilter(new RefractoryFilterParams(w, h, 2_000));
        PixelTimeState b = background.newState();
        PixelTimeState r = refractory.newState();
        long[] plainB = new long[w * h];
        long[] plainR = new long[w * h];
        java.util.Arrays.fill(plainB, PixelTimeState.NEVER);
        java.util.Arrays.fill(plainR, PixelTimeState.NEVER);
        long now = 5_000_000_000_000L; // about 58 days
        long newest = now;
        int passedB = 0;
        int passedR = 0;
        for (int i = 0; i < 100_000; i++) {
            now += random.nextInt(400);
            if (i % 7_000 == 6_999) {
                now += (1L << 30) + random.nextInt(1 << 20); // past the base's reach: it moves
            }
            long t = random.nextInt(50) == 0 ? now - (1L << 30) - random.nextLong(1L << 29) : now; // far back
            newest = Math.max(newest, t);
            int x = random.nextInt(w);
            int y = random.nextInt(h);
            boolean expectB = plainDecision(plainB, w, h, 1, window, t, x, y);
            assertThat(background.accept(b, t, x, y, true)).as("background, event %d", i).isEqualTo(expectB);
            long lastR = plainR[y * w + x];
            boolean expectR = !(lastR != PixelTimeState.NEVER && t - lastR < 2_000);
            if (expectR) {
                plainR[y * w + x] = t;
            }
            assertThat(refractory.accept(r, t, x, y, true)).as("refractory, event %d", i).isEqualTo(expectR);
            passedB += expectB ? 1 : 0;
            passedR += expectR ? 1 : 0;
        }
        for (int i = 0; i < w * h; i++) {
            if (plainB[i] > newest - (1L << 31)) {
                assertThat(b.get(i)).isEqualTo(plainB[i]);
            }
            if (plainR[i] > newest - (1L << 31)) {
                assertThat(r.get(i)).isEqualTo(plainR[i]);
            }
        }
        assertThat(passedB).isBetween(1_000, 99_000);
        assertThat(passedR).isBetween(1_000, 99_000);
    }

    private static boolean plainDecision(long[] last, int w, int h, int r, long window, long t, int x, int y) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return false;
        }
        boolean supported = false;
        for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
            for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                long l = last[yy * w + xx];
                if ((xx != x || yy != y) && l >= t - window && l <= t) {
                    supported = true;
                }
            }
        }
        last[y * w + x] = t;
        return supported;
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
