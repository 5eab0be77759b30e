package io.neurostream.core.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.core.reservoir.Esn;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ESN decoder's LMS readout and Oja plasticity of its input weights, and Esn's step with external weights. */
class EsnAdaptationTest {
    private static final EsnRateDecoder.Params P = EsnRateDecoder.Params.defaults(12, 2, 5L);

    private static double[] rates(SplittableRandom r) {
        double[] u = new double[12];
        for (int i = 0; i < u.length; i++) {
            u[i] = r.nextDouble() * 3;
        }
        return u;
    }

    @Test
    void stepThroughACopyOfTheInputWeightsIsTheSameStep() {
        Esn a = new Esn(P.esn());
        Esn b = new Esn(P.esn());
        double[] own = b.inputWeights().clone();
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 50; t++) {
            double[] u = rates(r);
            assertThat(b.step(u, own)).isEqualTo(a.step(u));
        }
        assertThatThrownBy(() -> a.step(new double[12], new double[3])).hasMessageContaining("inputWeights");
    }

    @Test
    void ojaAdaptsOnlyConnectedInputsAndOnlyWhileAdapting() {
        Esn esn = new Esn(P.esn());
        EsnRateDecoder d = new EsnRateDecoder(P, esn, new EsnRateDecoder.Adaptation(0, 1e-3));
        double[] seeded = esn.inputWeights().clone();
        SplittableRandom r = new SplittableRandom(2);
        double[] out = new double[2];
        for (int t = 0; t < 200; t++) {
            d.decode(rates(r), out);
        }
        assertThat(d.plasticUpdates()).isEqualTo(200);
        assertThat(d.inputWeights()).isNotEqualTo(seeded);
        assertThat(esn.inputWeights()).as("the shared reservoir is untouched").isEqualTo(seeded);
        for (int k = 0; k < seeded.length; k++) {
            if (seeded[k] == 0) {
                assertThat(d.inputWeights()[k]).isZero();
            }
        }
        double[] before = d.inputWeights().clone();
        d.setAdapting(false);
        for (int t = 0; t < 50; t++) {
            d.decode(rates(r), out);
        }
        assertThat(d.inputWeights()).isEqualTo(before);
        assertThat(d.plasticUpdates()).isEqualTo(200);
        EsnRateDecoder copy = d.copy();
        assertThat(copy).isEqualTo(d);
        d.setAdapting(true);
        d.decode(rates(r), out);
        assertThat(d.inputWeights()).isNotEqualTo(before);
        assertThat(copy.inputWeights()).as("the copy is deep").isEqualTo(before);
    }

    @Test
    void lmsReadoutCountsItsUpdatesAndFreezes() {
        EsnRateDecoder d = new EsnRateDecoder(P, new Esn(P.esn()), new EsnRateDecoder.Adaptation(0.05, 0));
        assertThat(d.readout()).isNull();
        assertThat(d.lmsReadout()).isNotNull();
        assertThat(d.isPlastic()).isFalse();
        SplittableRandom r = new SplittableRandom(3);
        double[] out = new double[2];
        for (int t = 0; t < 10; t++) {
            double[] u = rates(r);
            d.decode(u, out);
            d.learn(u, new double[] {u[0], -u[1]});
        }
        assertThat(d.updates()).isEqualTo(10);
        double[] w = d.lmsReadout().weights().clone();
        d.setLearning(false);
        d.learn(new double[12], new double[] {1, 1});
        assertThat(d.updates()).isEqualTo(10);
        assertThat(d.lmsReadout().weights()).isEqualTo(w);
        assertThatThrownBy(() -> new EsnRateDecoder.Adaptation(2.5, 0)).hasMessageContaining("lmsMu");
    }
}
