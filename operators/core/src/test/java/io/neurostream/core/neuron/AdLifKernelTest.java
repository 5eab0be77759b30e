package io.neurostream.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdLifKernelTest {

    private static double[] isisMs(AdLifParams p, double driveMv, int spikes) {
        AdLifKernel k = new AdLifKernel(p);
        AdLifState s = new AdLifState(1, p);
        double[] drive = {driveMv};
        int[] out = new int[1];
        double[] isi = new double[spikes - 1];
        long last = -1;
        int seen = 0;
        for (long t = 0; seen < spikes; t += 100) {
            if (k.step(s, t, 100, drive, null, out) == 1) {
                if (last >= 0) {
                    isi[seen - 1] = (t - last) / 1000.0;
                }
                last = t;
                seen++;
            }
        }
        return isi;
    }

    @Test
    void withoutAdaptationItIsALif() {
        AdLifParams p = new AdLifParams(LifParams.brunel2000(), 100, 0.0);
        double[] isi = isisMs(p, 30, 20);
        double expectedMs = 1000.0 / LifParams.brunel2000().analyticRateHz(30);
        // spikes snap to the 0.1 ms grid
        assertThat(isi[10]).isCloseTo(expectedMs, within(0.11));
    }

    @Test
    void spikeTriggeredAdaptationLengthensIntervalsUntilSteadyState() {
        AdLifParams p = new AdLifParams(LifParams.brunel2000(), 100, 2.0);
        double[] isi = isisMs(p, 30, 40);
        assertThat(isi[1]).isGreaterThan(isi[0]);
        assertThat(isi[5]).isGreaterThan(isi[1]);
        assertThat(isi[38]).isGreaterThan(1.5 * isi[0]);
        assertThat(isi[38]).isCloseTo(isi[37], within(0.2));
    }
}
