package io.neurostream.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TabulatedLifKernelTest {

    /** The table reproduces {@link LifKernel#onInput} and {@link LifKernel#potentialAt} inside its span. */
    @ParameterizedTest
    @CsvSource({
        "20, 0, 10, 20, 2",     // Brunel 2000: reset above rest
        "10, -70, -75, -50, 2", // rest below zero, reset below rest
        "20, 0, 0, 20, 2",      // the liquid's neuron
        "5, 0, 0, 20, 0"})      // no refractory period
    void matchesTheExactEventDrivenKernel(double tauMs, double restMv, double resetMv, double threshMv, double refMs) {
        LifParams p = new LifParams(tauMs, restMv, resetMv, threshMv, refMs);
        LifKernel exact = new LifKernel(p);
        TabulatedLifKernel tabulated = new TabulatedLifKernel(p, 12);
        LifState a = new LifState(3, p);
        LifState b = new LifState(3, p);
        SplittableRandom r = new SplittableRandom(1);
        long t = 0;
        int spikes = 0;
        for (int e = 0; e < 20_000; e++) {
            t += r.nextInt((int) (tauMs * 300)); // gaps up to 0.3 tau, most neurons are hit within 1 tau
            int i = r.nextInt(3);
            double jumpMv = -4 + 14 * r.nextDouble();
            boolean spiked = exact.onInput(a, i, t, jumpMv);
            assertThat(tabulated.onInput(b.vMv, b.lastUpdateMicros, b.refractoryUntilMicros, i, t, jumpMv))
                    .as("spike at input %d", e).isEqualTo(spiked);
            spikes += spiked ? 1 : 0;
            long probe = t + r.nextInt((int) (tauMs * 3000));
            assertThat(tabulated.potentialAt(b.vMv, b.lastUpdateMicros, b.refractoryUntilMicros, i, probe))
                    .as("v at input %d", e).isCloseTo(exact.potentialAt(a, i, probe), within(1e-9));
        }
        assertThat(spikes).as("the drive must make the neurons spike").isGreaterThan(100);
        assertThat(b.refractoryUntilMicros).containsExactly(a.refractoryUntilMicros);
    }

    @Test
    void theTableHoldsExpOfMinusDtOverTauPerMicrosecondAndIsZeroBeyondItsSpan() {
        TabulatedLifKernel k = new TabulatedLifKernel(new LifParams(20, 0, 0, 20, 2), 12);
        assertThat(k.decayFactor(0)).isEqualTo(1.0);
        assertThat(k.decayFactor(20_000)).isCloseTo(Math.exp(-1), within(1e-15));
        assertThat(k.decayFactor(239_999)).isCloseTo(Math.exp(-239_999 / 20_000.0), within(1e-15)).isPositive();
        assertThat(k.decayFactor(240_000)).isZero();
        assertThatThrownBy(() -> k.decayFactor(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void afterASilenceLongerThanTheTableTheMembraneIsAtRest() {
        LifParams p = new LifParams(10, -70, -75, -50, 2);
        LifKernel exact = new LifKernel(p);
        TabulatedLifKernel tabulated = new TabulatedLifKernel(p, 12);
        LifState a = new LifState(1, p);
        LifState b = new LifState(1, p);
        exact.onInput(a, 0, 1_000, 15.0);
        tabulated.onInput(b.vMv, b.lastUpdateMicros, b.refractoryUntilMicros, 0, 1_000, 15.0);
        long later = 1_000 + 121_000; // 12.1 tau
        assertThat(tabulated.potentialAt(b.vMv, b.lastUpdateMicros, b.refractoryUntilMicros, 0, later))
                .isEqualTo(-70.0);
        assertThat(exact.potentialAt(a, 0, later)).isCloseTo(-70.0, within(15.0 * Math.exp(-12)));
    }

    @Test
    void anInputEarlierThanTheLastUpdateIsAppliedAtTheLastUpdate() {
        LifParams p = new LifParams(20, 0, 0, 20, 2);
        TabulatedLifKernel k = new TabulatedLifKernel(p, 12);
        LifState s = new LifState(1, p);
        k.onInput(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 10_000, 8.0);
        assertThat(k.onInput(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 7_000, 5.0)).isFalse();
        assertThat(s.vMv[0]).isEqualTo(13.0); // no decay, neither forwards nor backwards
        assertThat(s.lastUpdateMicros[0]).isEqualTo(10_000);
        assertThat(k.potentialAt(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 3_000)).isEqualTo(13.0);
        // a late input that crosses the threshold spikes at the last update
        assertThat(k.onInput(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 9_000, 7.0)).isTrue();
        assertThat(s.refractoryUntilMicros[0]).isEqualTo(12_000);
        assertThat(s.vMv[0]).isZero();
    }

    @Test
    void inputDuringTheRefractoryPeriodIsIgnoredAndLeavesTheStateUntouched() {
        LifParams p = new LifParams(20, 0, 10, 20, 2);
        TabulatedLifKernel k = new TabulatedLifKernel(p, 12);
        LifState s = new LifState(1, p);
        assertThat(k.onInput(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 1_000, 25.0)).isTrue();
        LifState before = new LifState(1, p);
        before.copyFrom(s);
        assertThat(k.onInput(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 2_999, 25.0)).isFalse();
        assertThat(k.onInput(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 500, 25.0)).isFalse(); // late
        assertThat(s).isEqualTo(before);
        assertThat(k.potentialAt(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 2_999)).isEqualTo(10.0);
        // from the end of the refractory period the membrane decays from reset
        assertThat(k.potentialAt(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 23_000))
                .isCloseTo(10.0 * Math.exp(-1), within(1e-12));
        assertThat(k.onInput(s.vMv, s.lastUpdateMicros, s.refractoryUntilMicros, 0, 3_000, 10.0)).isTrue();
    }

    @Test
    void rejectsATableSpanBelowOneTimeConstant() {
        assertThatThrownBy(() -> new TabulatedLifKernel(LifParams.brunel2000(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tableSpanTau");
    }
}
