package io.neurostream.operators.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimeSurfaceTest {

    @Test
    void lazyDecayEqualsTheExponential() {
        TimeSurface ts = new TimeSurface(new TimeSurfaceParams(8, 8, 20_000, false));
        PixelTimeState s = ts.newState();
        ts.update(s, 1_000, 3, 4, true);
        for (long dt : new long[] {0, 1, 5_000, 20_000, 100_000}) {
            assertThat(ts.value(s, 1_000 + dt, 3, 4, 0)).isCloseTo(Math.exp(-dt / 20_000.0), within(1e-15));
        }
        assertThat(ts.value(s, 0, 3, 4, 0)).as("event in the future of tNow reads 1").isEqualTo(1.0);
        assertThat(ts.value(s, 5_000, 4, 4, 0)).as("never fired").isZero();
        assertThat(ts.value(s, 5_000, -1, 4, 0)).as("outside").isZero();
    }

    @Test
    void polaritiesAreSeparateChannelsWhenSplit() {
        TimeSurface ts = new TimeSurface(new TimeSurfaceParams(4, 4, 1_000, true));
        PixelTimeState s = ts.newState();
        ts.update(s, 100, 1, 1, true);
        ts.update(s, 600, 1, 1, false);
        assertThat(ts.value(s, 1_100, 1, 1, ts.channel(true))).isCloseTo(Math.exp(-1.0), within(1e-15));
        assertThat(ts.value(s, 1_100, 1, 1, ts.channel(false))).isCloseTo(Math.exp(-0.5), within(1e-15));
    }

    @Test
    void contextPatchIsCentredAndZeroOutsideTheSensor() {
        TimeSurface ts = new TimeSurface(new TimeSurfaceParams(5, 5, 1_000, false));
        PixelTimeState s = ts.newState();
        ts.update(s, 0, 0, 0, true);
        ts.update(s, 500, 1, 0, true);
        ts.update(s, 1_000, 0, 1, false);
        double[] patch = new double[9];
        assertThat(ts.context(s, 1_000, 0, 0, 0, 1, patch)).isEqualTo(9);
        // rows y=-1,0,1; columns x=-1,0,1
        assertThat(patch).containsExactly(new double[] {0, 0, 0, 0, Math.exp(-1), Math.exp(-0.5), 0, 1, 0},
                within(1e-15));
        double[] all = new double[25];
        ts.render(s, 1_000, 0, all);
        assertThat(all[0]).isCloseTo(Math.exp(-1), within(1e-15));
        assertThat(all[5]).isEqualTo(1.0);
    }
}
