package io.neurostream.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastMathTest {

    @Test
    void tanhIsWithinOneUnitInTheFourteenthDigitOfMathTanh() {
        double worst = 0;
        for (int i = -2_500_000; i <= 2_500_000; i++) {
            double x = i * 1e-5 * (i % 3 == 0 ? 1 : 0.37); // [-25, 25], both branches and the switch at 1/32
            double ref = Math.tanh(x);
            double err = x == 0 ? Math.abs(FastMath.tanh(x)) : Math.abs(FastMath.tanh(x) - ref) / Math.abs(ref);
            worst = Math.max(worst, err);
        }
        assertThat(worst).isLessThan(1e-14);
    }

    @Test
    void tanhSpecialValues() {
        assertThat(FastMath.tanh(0.0)).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(FastMath.tanh(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(FastMath.tanh(1e300)).isEqualTo(1.0);
        assertThat(FastMath.tanh(-1e300)).isEqualTo(-1.0);
        assertThat(FastMath.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(FastMath.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(FastMath.tanh(Double.NaN)).isNaN();
        assertThat(FastMath.tanh(1e-300)).isEqualTo(1e-300);
        assertThat(FastMath.tanh(19.5)).isEqualTo(Math.tanh(19.5));
    }
}
