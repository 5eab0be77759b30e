package io.neurostream.bench.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.plasticity.InhibitoryRatePlasticity;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MemoryCapacityTest {

    @Test
    void nearLinearEsnRemembersManyStepsButNoMoreThanItsSize() {
        int n = 50;
        Esn esn = new Esn(new EsnParams(n, 1, 0.95, 1.0, 0.01, 0.0, 0.2, 1.0, 3));
        SplittableRandom r = new SplittableRandom(4);
        int steps = 4000;
        double[] u = new double[steps];
        double[][] x = new double[steps][];
        double[] in = new double[1];
        for (int t = 0; t < steps; t++) {
            u[t] = r.nextDouble() - 0.5;
            in[0] = u[t];
            x[t] = esn.step(in).clone();
        }
        MemoryCapacity.Result mc = MemoryCapacity.measure(u, x, 80, 100, 0.7, 1e-10);
        assertThat(mc.total()).isBetween(15.0, (double) n);
        assertThat(mc.perDelay()[0]).isGreaterThan(0.95);
        assertThat(mc.perDelay()[79]).isLessThan(0.1);
    }

    @Test
    void iidInputIsNotRememberedByAMemorylessState() {
        SplittableRandom r = new SplittableRandom(5);
        int steps = 3000;
        double[] u = new double[steps];
        double[][] x = new double[steps][1];
        for (int t = 0; t < steps; t++) {
            u[t] = r.nextDouble();
            x[t][0] = u[t]; // the state holds only the current input
        }
        assertThat(MemoryCapacity.measure(u, x, 10, 10, 0.7, 1e-6).total()).isLessThan(0.05);
    }

    @Test
    void spikingReservoirRemembersPastInputsAndAdaptationEvensOutRates() {
        SpikingMemoryCapacity.Setup s = SpikingMemoryCapacity.Setup.defaults(1);
        SpikingMemoryCapacity.Result fixed = SpikingMemoryCapacity.run(s, null, 0, 0, 2000, 20);
        SpikingMemoryCapacity.Result adapted = SpikingMemoryCapacity.run(s,
                new InhibitoryRatePlasticity(10.0, 0.02, 20.0), 1000, 500, 2000, 20);
        assertThat(fixed.capacity().total()).isBetween(0.5, 200.0);
        assertThat(adapted.capacity().total()).isBetween(0.5, 200.0);
        assertThat(fixed.capacity().perDelay()[0]).isGreaterThan(0.3);
        assertThat(adapted.rateStdHz()).isLessThan(0.7 * fixed.rateStdHz());
        assertThat(Math.abs(adapted.meanRateHz() - 10.0)).isLessThan(Math.abs(fixed.meanRateHz() - 10.0));
    }
}
