package io.neurostream.operators.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeastLayerTest {

    @Test
    void movingEdgesOfTwoOrientationsSelectDifferentFeatures() {
        FeastLayerParams p = new FeastLayerParams(new TimeSurfaceParams(32, 32, 2_000, false), 2,
                new FeastParams(8, 25, 0.01, 0.001, 0.005));
        FeastLayer layer = new FeastLayer(p);
        PixelTimeState surface = layer.newSurfaceState();
        FeastState neurons = FeastState.random(p.feast(), new SplittableRandom(9));
        long t = 0;
        for (int sweep = 0; sweep < 60; sweep++) {
            t = sweep % 2 == 0 ? verticalSweep(layer, surface, neurons, t, true, null)
                    : horizontalSweep(layer, surface, neurons, t, true, null);
        }
        int[] vertical = new int[8];
        int[] horizontal = new int[8];
        t = verticalSweep(layer, surface, neurons, t, false, vertical);
        horizontalSweep(layer, surface, neurons, t, false, horizontal);
        int v = argmax(vertical);
        int h = argmax(horizontal);
        assertThat(v).isNotEqualTo(h);
        assertThat(vertical[v]).isGreaterThan(vertical[h]);
        assertThat(horizontal[h]).isGreaterThan(horizontal[v]);
    }

    @Test
    void sameSeedSameEventsSameState() {
        FeastLayerParams p = FeastLayerParams.nmnist();
        FeastState a = FeastState.random(p.feast(), new SplittableRandom(1));
        FeastState b = FeastState.random(p.feast(), new SplittableRandom(1));
        FeastLayer la = new FeastLayer(p);
        FeastLayer lb = new FeastLayer(p);
        PixelTimeState sa = la.newSurfaceState();
        PixelTimeState sb = lb.newSurfaceState();
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 20_000; i++) {
            int x = r.nextInt(36) - 1;
            int y = r.nextInt(34);
            boolean on = r.nextBoolean();
            assertThat(la.onEvent(sa, a, i * 10L, x, y, on, true)).isEqualTo(lb.onEvent(sb, b, i * 10L, x, y, on, true));
        }
        assertThat(a).isEqualTo(b);
        assertThat(sa).isEqualTo(sb);
        assertThatThrownBy(() -> new FeastLayerParams(new TimeSurfaceParams(8, 8, 1, true), 1, FeastParams.afshar2020(2, 25)))
                .hasMessageContaining("must be (2r+1)^2 = 9");
    }

    private static long verticalSweep(FeastLayer l, PixelTimeState s, FeastState n, long t, boolean learn, int[] hist) {
        for (int x = 0; x < 32; x++) {
            for (int y = 0; y < 32; y++) {
                int f = l.onEvent(s, n, t + y, x, y, true, learn);
                if (hist != null && f >= 0) {
                    hist[f]++;
                }
            }
            t += 500;
        }
        return t + 10_000;
    }

    private static long horizontalSweep(FeastLayer l, PixelTimeState s, FeastState n, long t, boolean learn, int[] hist) {
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int f = l.onEvent(s, n, t + x, x, y, true, learn);
                if (hist != null && f >= 0) {
                    hist[f]++;
                }
            }
            t += 500;
        }
        return t + 10_000;
    }

    private static int argmax(int[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
