package io.neurostream.core.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.timeseries.OnlineReadout.ReadoutKind;
import io.neurostream.core.timeseries.OnlineReadout.ReadoutParams;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class TimeSeriesReservoirsTest {
    @Test
    void sparseEsnHasExactCountsAndTheExactSpectralRadius() {
        SparseEsn.Topology t = SparseEsn.build(SparseEsn.Spec.mackeyGlass(100, 1, 11));
        assertThat(t.weights()).hasSize(1000); // exactly 10% of 100 x 100
        assertThat(java.util.Arrays.stream(t.win()).filter(v -> v != 0).count()).isEqualTo(10);
        assertThat(java.util.Arrays.stream(t.bias()).filter(v -> v != 0).count()).isEqualTo(10);
        assertThat(java.util.Arrays.stream(t.win()).filter(v -> v != 0).allMatch(v -> Math.abs(v) == 1.0)).isTrue();
        double[][] dense = new double[100][100];
        for (int i = 0; i < 100; i++) {
            for (int q = t.rowStart()[i]; q < t.rowStart()[i + 1]; q++) {
                dense[i][t.cols()[q]] = t.weights()[q];
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(dense));
        double radius = 0;
        for (int i = 0; i < 100; i++) {
            radius = Math.max(radius, Math.hypot(eig.getRealEigenvalues()[i], eig.getImagEigenvalues()[i]));
        }
        assertThat(radius).isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-9));
        // the same seed gives the same network, b independent of Win
        SparseEsn.Topology again = SparseEsn.build(SparseEsn.Spec.mackeyGlass(100, 1, 11));
        assertThat(again.weights()).containsExactly(t.weights());
        assertThat(again.bias()).containsExactly(t.bias());
    }

    @Test
    void everyReservoirContinuesIdenticallyFromItsSavedState() {
        for (ReservoirSpec spec : List.of(new ReservoirSpec(ReservoirSpec.Kind.ESN, 30, 1, 3, false),
                new ReservoirSpec(ReservoirSpec.Kind.SPIKING_EI, 40, 1, 3, true),
                new ReservoirSpec(ReservoirSpec.Kind.IZHIKEVICH, 40, 2, 3, false))) {
            Reservoir a = spec.build();
            double[] u = new double[spec.inputs()];
            for (int t = 0; t < 50; t++) {
                u[0] = Math.sin(t * 0.3);
                a.step(u);
            }
            Reservoir b = spec.build().fresh();
            b.restoreState(a.saveState());
            for (int t = 50; t < 100; t++) {
                u[0] = Math.sin(t * 0.3);
                double[] xa = a.step(u).clone();
                assertThat(b.step(u)).as(spec.kind() + " step " + t).containsExactly(xa);
            }
        }
    }

    @Test
    void everyReadoutContinuesIdenticallyFromItsSnapshot() {
        ReadoutParams p = ReadoutParams.defaults().withRidge(1e-4).withThreeFactor(1e-3, 0.1, 5);
        for (ReadoutKind kind : ReadoutKind.values()) {
            OnlineReadout a = kind.create(5, 1, p, 1);
            double[] x = new double[5];
            double[] y = new double[1];
            for (int t = 0; t < 60; t++) {
                for (int j = 0; j < 5; j++) {
                    x[j] = Math.sin(t * 0.1 * (j + 1));
                }
                y[0] = x[0] + 0.5 * x[3];
                a.learn(x, y);
            }
            OnlineReadout b = kind.restore(5, 1, p, 1, a.snapshot(), a.updates());
            double[] ya = new double[1];
            double[] yb = new double[1];
            for (int t = 60; t < 90; t++) {
                for (int j = 0; j < 5; j++) {
                    x[j] = Math.sin(t * 0.1 * (j + 1));
                }
                y[0] = x[0] + 0.5 * x[3];
                a.learn(x, y);
                b.learn(x, y);
                a.predict(x, ya);
                b.predict(x, yb);
                assertThat(yb[0]).as(kind + " at " + t).isEqualTo(ya[0]);
            }
        }
    }

    @Test
    void spikingAdaptationChangesOnlyTheAdaptingReservoirsInhibition() {
        SpikingEiReservoir.Setup s = SpikingEiReservoir.Setup.defaults(60, 1, 5).withAdaptation(10, 0.05, 40, 100, 50);
        SpikingEiReservoir fixed = new SpikingEiReservoir(s, false);
        SpikingEiReservoir adapted = new SpikingEiReservoir(s, true);
        double[] u = {0};
        for (int t = 0; t < 100; t++) {
            u[0] = Math.sin(t);
            fixed.step(u);
            adapted.step(u);
        }
        assertThat(fixed.weights()).containsExactly(fixed.initialWeights());
        assertThat(adapted.weights()).isNotEqualTo(adapted.initialWeights());
    }
}
