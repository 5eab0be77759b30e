package io.neurostream.core.reservoir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Golden equivalence: the row-gather {@link Esn} (default: bit for bit; with {@code FastMath.tanh}: see below) against the previous
 * implementation kept as {@link EsnReference}: same weights, and states equal to 1e-12 relative
 * over thousands of steps (the recurrent sums are formed in the same order; only tanh differs, by
 * at most 1e-14 relative, and the echo-state property keeps such differences from growing).
 */
class EsnGoldenTest {

    @Test
    void smallReservoirMatchesTheReference() {
        compare(EsnParams.mackeyGlass(100, 3), 5000);
    }

    @Test
    void largeReservoirMatchesTheReference() {
        compare(EsnParams.mackeyGlass(1000, 4), 600);
    }

    @Test
    void oddSizeSeveralInputsAndFullLeakMatchTheReference() {
        compare(new EsnParams(37, 3, 0.9, 1.0, 0.5, 0.2, 0.3, 0.5, 5), 3000);
    }

    @Test
    void defaultKernelIsBitForBitThePrevious() {
        EsnParams params = EsnParams.mackeyGlass(200, 6);
        Esn now = new Esn(params);
        EsnReference ref = new EsnReference(params);
        double[] u = new double[1];
        for (int t = 0; t < 2000; t++) {
            u[0] = Math.sin(0.07 * t) + 0.5 * Math.sin(0.013 * t);
            assertThat(now.step(u)).as("state at step %d", t).isEqualTo(ref.step(u));
        }
    }

    @Test
    void defaultKernelIsBitForBitThePreviousAtAnOddSizeWithSeveralInputs() {
        // 37 units: the last slice of eight rows is part dummy; three inputs take the general input loop
        EsnParams params = new EsnParams(37, 3, 0.9, 0.7, 0.5, 0.2, 0.3, 0.5, 5);
        Esn now = new Esn(params);
        EsnReference ref = new EsnReference(params);
        double[] u = new double[3];
        for (int t = 0; t < 1500; t++) {
            for (int k = 0; k < u.length; k++) {
                u[k] = Math.sin(0.07 * t * (k + 1)) + 0.5 * Math.sin(0.013 * t + k);
            }
            assertThat(now.step(u)).as("state at step %d", t).isEqualTo(ref.step(u));
        }
    }

    private static void compare(EsnParams params, int steps) {
        Esn fast = new Esn(params, true);
        EsnReference ref = new EsnReference(params);
        assertThat(fast.recurrent().weight).isEqualTo(ref.recurrent().weight);
        double[] u = new double[params.inputs()];
        double worst = 0;
        double scale = 0;
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < u.length; k++) {
                u[k] = Math.sin(0.07 * t * (k + 1)) + 0.5 * Math.sin(0.013 * t + k); // bounded, non-periodic in the window
            }
            double[] a = fast.step(u);
            double[] b = ref.step(u);
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
                scale = Math.max(scale, Math.abs(b[i]));
            }
        }
        assertThat(scale).as("the reservoir must be driven").isGreaterThan(0.1);
        assertThat(worst / scale).isLessThan(1e-12);
    }
}
