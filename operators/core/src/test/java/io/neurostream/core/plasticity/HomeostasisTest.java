package io.neurostream.core.plasticity;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.network.LifNetwork;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HomeostasisTest {

    private static double spread(long[] counts, double seconds, double targetHz) {
        double s = 0;
        for (long c : counts) {
            s += Math.abs(c / seconds - targetHz);
        }
        return s / counts.length;
    }

    @Test
    void intrinsicThresholdAdaptationBringsEveryNeuronToTheTargetRate() {
        LifParams p = LifParams.brunel2000();
        int n = 50;
        SplittableRandom r = new SplittableRandom(1);
        double[] baseDrive = new double[n];
        for (int i = 0; i < n; i++) {
            baseDrive[i] = 21 + 30 * r.nextDouble();
        }
        double[] offset = new double[n];
        double[] drive = baseDrive.clone();
        CsrSynapses none = new CsrSynapses(n, n, new int[n + 1], new int[0], new double[0], null);
        LifNetwork net = new LifNetwork(p, none, drive, 100);
        IntrinsicPlasticity ip = new IntrinsicPlasticity(20.0, 0.05);
        long[] before = new long[n];
        long[] window = new long[n];
        double firstSpread = -1;
        for (int w = 0; w < 100; w++) {
            for (int k = 0; k < 5000; k++) {
                net.step();
            }
            for (int i = 0; i < n; i++) {
                window[i] = net.state().spikeCount[i] - before[i];
                before[i] = net.state().spikeCount[i];
            }
            if (firstSpread < 0) {
                firstSpread = spread(window, 0.5, 20.0);
            }
            ip.update(window, 500, offset);
            for (int i = 0; i < n; i++) {
                drive[i] = baseDrive[i] - offset[i];
            }
        }
        assertThat(firstSpread).isGreaterThan(10.0);
        assertThat(spread(window, 0.5, 20.0)).isLessThan(2.5);
    }

    @Test
    void inhibitoryRatePlasticityPullsOveractiveNeuronsTowardTheTarget() {
        int n = 200;
        CsrSynapses syn = Topologies.fixedInDegree(n, n, 20, true, Topologies.excitatoryInhibitory(160, 0.5, 4), 5, 5, 2);
        SplittableRandom r = new SplittableRandom(2);
        double[] drive = new double[n];
        for (int i = 0; i < n; i++) {
            drive[i] = 22 + 20 * r.nextDouble();
        }
        LifNetwork net = new LifNetwork(LifParams.brunel2000(), syn, drive, 100);
        InhibitoryRatePlasticity rule = new InhibitoryRatePlasticity(15.0, 0.01, 30.0);
        long[] before = new long[n];
        long[] window = new long[n];
        double first = -1;
        for (int w = 0; w < 60; w++) {
            for (int k = 0; k < 5000; k++) {
                net.step();
            }
            for (int i = 0; i < n; i++) {
                window[i] = net.state().spikeCount[i] - before[i];
                before[i] = net.state().spikeCount[i];
            }
            if (first < 0) {
                first = spread(window, 0.5, 15.0);
            }
            rule.update(syn, window, 500, 160);
        }
        assertThat(spread(window, 0.5, 15.0)).isLessThan(0.5 * first);
        for (int s = 0; s < syn.synapseCount(); s++) {
            if (syn.pre[s] >= 160) {
                assertThat(syn.weight[s]).isBetween(-30.0, 0.0);
            } else {
                assertThat(syn.weight[s]).isEqualTo(0.5);
            }
        }
    }
}
