package io.neurostream.bench.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MackeyGlassTest {

    @Test
    void tau17StaysInItsAttractorRangeAndIsNotPeriodic() {
        double[] x = MackeyGlass.generate(3000, 17, 10);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int t = 500; t < x.length; t++) {
            min = Math.min(min, x[t]);
            max = Math.max(max, x[t]);
        }
        assertThat(min).isBetween(0.15, 0.5);
        assertThat(max).isBetween(1.2, 1.45);
        // chaotic: no lag under 200 repeats the trajectory
        for (int lag = 1; lag < 200; lag++) {
            double d = 0;
            for (int t = 1000; t < 2000; t++) {
                d += Math.abs(x[t] - x[t + lag]);
            }
            assertThat(d / 1000).as("lag %d", lag).isGreaterThan(0.01);
        }
    }

    @Test
    void finerIntegrationAgreesOverTheFirstHundredUnits() {
        double[] coarse = MackeyGlass.generate(100, 17, 10);
        double[] fine = MackeyGlass.generate(100, 17, 100);
        for (int t = 0; t < 100; t++) {
            assertThat(coarse[t]).isCloseTo(fine[t], within(1e-4));
        }
    }
}
