package io.neurostream.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Firing patterns of Izhikevich (2003) Fig. 2 under a step current I = 10 (100 ms silent, then
 * 900 ms of current), summarised by their interspike intervals.
 */
class IzhikevichKernelTest {

    private static double[] isisMs(IzhikevichParams p) {
        IzhikevichKernel k = new IzhikevichKernel(p);
        IzhikevichState s = new IzhikevichState(1, p);
        double[] in = new double[1];
        int[] out = new int[1];
        double[] times = new double[1000];
        int n = 0;
        for (long t = 0; t < 1_000_000; t += 100) {
            in[0] = t >= 100_000 ? 10.0 : 0.0;
            if (k.step(s, 100, in, out) == 1) {
                times[n++] = (t + 100) / 1000.0;
            }
        }
        double[] isi = new double[Math.max(0, n - 1)];
        for (int i = 1; i < n; i++) {
            isi[i - 1] = times[i] - times[i - 1];
        }
        return isi;
    }

    private static long count(double[] isi, double belowMs) {
        return Arrays.stream(isi).filter(x -> x < belowMs).count();
    }

    @Test
    void silentWithoutInput() {
        IzhikevichParams p = IzhikevichParams.regularSpiking();
        IzhikevichKernel k = new IzhikevichKernel(p);
        IzhikevichState s = new IzhikevichState(1, p);
        int[] out = new int[1];
        for (int i = 0; i < 5000; i++) {
            k.step(s, 100, new double[] {0.0}, out);
        }
        assertThat(s.spikeCount[0]).isZero();
    }

    @Test
    void regularSpikingIsTonicWithAdaptation() {
        double[] isi = isisMs(IzhikevichParams.regularSpiking());
        assertThat(isi.length).isBetween(5, 60);
        assertThat(count(isi, 10)).isZero();                  // no bursts
        assertThat(isi[isi.length - 1]).isGreaterThan(1.5 * isi[0]); // adaptation
    }

    @Test
    void fastSpikingFiresFasterWithLittleAdaptation() {
        double[] fs = isisMs(IzhikevichParams.fastSpiking());
        double[] rs = isisMs(IzhikevichParams.regularSpiking());
        assertThat(fs.length).isGreaterThan(2 * rs.length);
        double fsAdaptation = fs[fs.length - 1] / fs[0];
        double rsAdaptation = rs[rs.length - 1] / rs[0];
        assertThat(fsAdaptation).isLessThan(2.0).isLessThan(0.8 * rsAdaptation);
        // no bursts: every interval at least half the median one
        double[] sorted = fs.clone();
        Arrays.sort(sorted);
        assertThat(sorted[0]).isGreaterThan(0.5 * sorted[sorted.length / 2]);
    }

    @Test
    void chatteringFiresRepeatedBursts() {
        double[] isi = isisMs(IzhikevichParams.chattering());
        long intraBurst = count(isi, 10);
        long interBurst = Arrays.stream(isi).filter(x -> x > 20).count();
        assertThat(interBurst).isGreaterThanOrEqualTo(10);          // many bursts
        assertThat(intraBurst).isGreaterThanOrEqualTo(2 * interBurst); // >= 3 spikes per burst
    }

    @Test
    void intrinsicBurstingStartsWithABurstThenSpikesTonically() {
        double[] isi = isisMs(IzhikevichParams.intrinsicallyBursting());
        assertThat(isi[0]).isLessThan(10);
        assertThat(isi[1]).isLessThan(10);
        double[] tail = Arrays.copyOfRange(isi, isi.length / 2, isi.length);
        assertThat(count(tail, 10)).isZero();                       // later: single spikes
    }
}
