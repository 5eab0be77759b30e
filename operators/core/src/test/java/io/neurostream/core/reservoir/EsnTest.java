package io.neurostream.core.reservoir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.core.synapse.CsrSynapses;
import org.junit.jupiter.api.Test;

class EsnTest {

    @Test
    void powerIterationFindsTheModulusOfAComplexDominantPair() {
        // block diagonal: a rotation scaled by 0.9 (eigenvalues 0.9 e^{+-i 1}) and a real 0.5
        double c = 0.9 * Math.cos(1.0);
        double s = 0.9 * Math.sin(1.0);
        int[] rowStart = {0, 2, 4, 5};
        int[] post = {0, 1, 0, 1, 2};
        double[] w = {c, s, -s, c, 0.5};
        CsrSynapses m = new CsrSynapses(3, 3, rowStart, post, w, null);
        assertThat(Esn.spectralRadius(m, 1000, 7)).isCloseTo(0.9, within(1e-3));
    }

    @Test
    void reservoirIsScaledToTheRequestedSpectralRadius() {
        Esn esn = new Esn(new EsnParams(200, 1, 0.95, 0.5, 1, 0, 0.05, 1, 11));
        assertThat(Esn.spectralRadius(esn.recurrent(), 4000, 99)).isCloseTo(0.95, within(0.02));
    }

    @Test
    void sameSeedSameTrajectoryDifferentSeedDifferent() {
        Esn a = new Esn(EsnParams.mackeyGlass(50, 3));
        Esn b = new Esn(EsnParams.mackeyGlass(50, 3));
        Esn c = new Esn(EsnParams.mackeyGlass(50, 4));
        double[] u = {0.3};
        for (int t = 0; t < 20; t++) {
            a.step(u);
            b.step(u);
            c.step(u);
        }
        assertThat(a.state()).containsExactly(b.state());
        assertThat(a.state()).isNotEqualTo(c.state());
    }
}
