package io.neurostream.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LifKernelTest {

    @ParameterizedTest
    @CsvSource({"20.5,100", "25,100", "40,100", "25,1000", "60,50"})
    void rateUnderConstantDriveMatchesAnalyticWithinOnePercent(double driveMv, long dtMicros) {
        LifParams p = LifParams.brunel2000();
        LifKernel k = new LifKernel(p);
        LifState s = new LifState(1, p);
        double[] drive = {driveMv};
        int[] out = new int[1];
        long durationMicros = 20_000_000L;
        // skip the first spike so that the count covers whole interspike intervals from reset
        long t = 0;
        while (s.spikeCount[0] == 0) {
            k.step(s, t, dtMicros, drive, null, out);
            t += dtMicros;
        }
        long firstSpike = s.lastSpikeMicros[0];
        long end = t + durationMicros;
        for (; t < end; t += dtMicros) {
            k.step(s, t, dtMicros, drive, null, out);
        }
        double rateHz = (s.spikeCount[0] - 1) / ((s.lastSpikeMicros[0] - firstSpike) / 1e6);
        assertThat(rateHz).isCloseTo(p.analyticRateHz(driveMv), within(0.01 * p.analyticRateHz(driveMv)));
    }

    @Test
    void subthresholdMembraneDecaysExponentially() {
        LifParams p = new LifParams(10.0, -70.0, -75.0, -50.0, 2.0);
        LifKernel k = new LifKernel(p);
        LifState s = new LifState(1, p);
        s.vMv[0] = -60.0;
        int[] out = new int[1];
        for (int step = 0; step < 100; step++) {
            k.step(s, step * 100L, 100L, null, null, out);
        }
        // 10 ms later: v - vRest = 10 mV * exp(-1)
        assertThat(s.vMv[0] + 70.0).isCloseTo(10.0 * Math.exp(-1.0), within(1e-9));
    }

    @Test
    void refractoryPeriodIsExactAndInputIsIgnoredMeanwhile() {
        LifParams p = new LifParams(20.0, 0.0, 0.0, 20.0, 2.0);
        LifKernel k = new LifKernel(p);
        LifState s = new LifState(1, p);
        k.onInput(s, 0, 1_000, 25.0);
        assertThat(s.spikeCount[0]).isEqualTo(1);
        assertThat(k.onInput(s, 0, 2_999, 25.0)).isFalse();
        assertThat(k.potentialAt(s, 0, 2_999)).isEqualTo(0.0);
        assertThat(k.onInput(s, 0, 3_000, 25.0)).isTrue();
        assertThat(s.lastSpikeMicros[0]).isEqualTo(3_000);
    }

    @Test
    void eventDrivenLazyDecayEqualsClockDrivenDecay() {
        LifParams p = LifParams.brunel2000();
        LifKernel lazy = new LifKernel(p);
        LifKernel clock = new LifKernel(p);
        LifState a = new LifState(1, p);
        LifState b = new LifState(1, p);
        long[] inputTimes = {500, 1_700, 1_800, 9_900, 10_000, 30_100};
        double[] w = {6.0, 5.0, 4.0, 7.0, 6.0, 3.0};
        for (int e = 0; e < inputTimes.length; e++) {
            lazy.onInput(a, 0, inputTimes[e], w[e]);
        }
        double[] jump = new double[1];
        int[] out = new int[1];
        int e = 0;
        for (long t = 0; t < 40_000; t += 100) {
            jump[0] = 0;
            while (e < inputTimes.length && inputTimes[e] == t) {
                jump[0] += w[e++];
            }
            clock.step(b, t, 100, null, jump, out);
        }
        assertThat(lazy.potentialAt(a, 0, 40_000)).isCloseTo(b.vMv[0], within(1e-9));
        assertThat(a.spikeCount[0]).isEqualTo(b.spikeCount[0]);
    }

    @Test
    void paramsRejectResetAboveThresholdNamingBothFields() {
        assertThatThrownBy(() -> new LifParams(20, 0, 25, 20, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vResetMv").hasMessageContaining("vThreshMv");
        assertThatThrownBy(() -> new LifParams(0, 0, 10, 20, 2)).hasMessageContaining("tauMemMs");
    }
}
