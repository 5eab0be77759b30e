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

    @Test
    void arrayTanhIsWithinTwoUnitsInTheFifteenthDigitOfMathTanh() {
        int n = 1_000_003; // not a multiple of any vector length
        double[] v = new double[n];
        double[] scratch = new double[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) { // [-25, 25] and magnitudes down to 1e-12, where e / (e + 2) must not cancel
            v[i] = i % 2 == 0 ? random.nextDouble() * 50 - 25
                    : (random.nextDouble() * 2 - 1) * Math.pow(10, -random.nextInt(13));
        }
        double[] x = v.clone();
        FastMath.tanh(v, scratch, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double ref = Math.tanh(x[i]);
            worst = Math.max(worst, ref == 0 ? Math.abs(v[i]) : Math.abs(v[i] - ref) / Math.abs(ref));
        }
        assertThat(worst).isLessThan(2e-15);
    }

    @Test
    void arrayTanhSpecialValues() {
        double[] v = {0.0, -0.0, 1e300, -1e300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e-300,
            19.5, -20.0, 7.0};
        double[] x = v.clone();
        FastMath.tanh(v, new double[v.length], v.length - 1); // the last element is beyond n: untouched
        assertThat(Double.doubleToRawLongBits(v[0])).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(Double.doubleToRawLongBits(v[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(v[2]).isEqualTo(1.0);
        assertThat(v[3]).isEqualTo(-1.0);
        assertThat(v[4]).isEqualTo(1.0);
        assertThat(v[5]).isEqualTo(-1.0);
        assertThat(v[6]).isNaN();
        assertThat(v[7]).isEqualTo(1e-300);
        assertThat(v[8]).isEqualTo(Math.tanh(x[8]));
        assertThat(v[9]).isEqualTo(-1.0);
        assertThat(v[10]).isEqualTo(7.0);
    }
}
