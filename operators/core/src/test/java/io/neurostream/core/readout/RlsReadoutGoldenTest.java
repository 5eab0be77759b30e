package io.neurostream.core.readout;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import org.junit.jupiter.api.Test;

/**
 * Golden equivalence: the one-pass {@link RlsReadout} (rank-1 step of an update applied during the
 * next update's pass over P) against the previous implementation kept as
 * {@link RlsReadoutReference}, on ESN states of a one-step-ahead forecast: identical weights and P,
 * with and without
 * forgetting (which symmetrises P every 64 updates), and a checkpoint taken between updates
 * restores to the same numbers.
 *
 * <p>Bit for bit: every element of P gets the same operations in the same order, and so do the
 * sums of P x (four rows at a time, each summed in ascending order).
 */
class RlsReadoutGoldenTest {

    @Test
    void noForgettingMatchesTheReference() {
        compare(100, 2, 1.0, 1e6, 3000);
    }

    @Test
    void forgettingWithPeriodicSymmetrisationMatchesTheReference() {
        compare(60, 3, 0.995, 1e2, 1000);
    }

    @Test
    void checkpointBetweenUpdatesRestoresTheSameNumbers() {
        int n = 41;
        RlsReadout live = new RlsReadout(n, 1, 0.999, 1e3);
        RlsReadoutReference ref = new RlsReadoutReference(n, 1, 0.999, 1e3);
        Esn esn = new Esn(EsnParams.mackeyGlass(n - 1, 9));
        double[] x = new double[n];
        double[] y = new double[1];
        RlsReadout restored = null;
        for (int t = 0; t < 400; t++) {
            features(esn, t, x, y);
            live.update(x, y);
            ref.update(x, y);
            if (t == 127) { // the checkpoint sees the pending rank-1 step applied (and the 128th symmetrisation)
                restored = RlsReadout.restore(n, 1, live.lambda(), live.weights().clone(),
                        live.inverseCorrelation().clone(), live.updates());
                assertThat(restored).isEqualTo(live);
            }
            if (restored != null && t > 127) {
                restored.update(x, y);
            }
        }
        assertThat(restored.weights()).isEqualTo(live.weights());
        assertThat(restored.inverseCorrelation()).isEqualTo(live.inverseCorrelation());
        assertThat(live.weights()).isEqualTo(ref.weights());
        assertThat(live.inverseCorrelation()).isEqualTo(ref.inverseCorrelation());
    }

    private static void compare(int units, int outputs, double lambda, double delta, int updates) {
        int n = units + 1;
        RlsReadout fast = new RlsReadout(n, outputs, lambda, delta);
        RlsReadoutReference ref = new RlsReadoutReference(n, outputs, lambda, delta);
        Esn esn = new Esn(EsnParams.mackeyGlass(units, 1));
        double[] x = new double[n];
        double[] y = new double[1];
        double[] target = new double[outputs];
        double[] out = new double[outputs];
        double err = 0;
        for (int t = 0; t < updates; t++) {
            features(esn, t, x, y);
            for (int o = 0; o < outputs; o++) {
                target[o] = y[0] * (o + 1) - 0.1 * o;
            }
            fast.update(x, target);
            ref.update(x, target);
            if (t > updates / 2) {
                fast.predict(x, out);
                err = Math.max(err, Math.abs(out[0] - target[0]));
            }
        }
        assertThat(fast.updates()).isEqualTo(ref.updates());
        assertThat(fast.weights()).isEqualTo(ref.weights());
        assertThat(fast.inverseCorrelation()).isEqualTo(ref.inverseCorrelation());
        assertThat(err).as("the readout must have learned the forecast").isLessThan(0.05);
    }

    /** Features [1, ESN state] of a sine-driven reservoir; target: the next input. */
    private static void features(Esn esn, int t, double[] x, double[] y) {
        double[] s = esn.step(new double[] {input(t)});
        x[0] = 1.0;
        System.arraycopy(s, 0, x, 1, s.length);
        y[0] = input(t + 1);
    }

    private static double input(int t) {
        return Math.sin(0.2 * t) * Math.cos(0.031 * t);
    }

}
