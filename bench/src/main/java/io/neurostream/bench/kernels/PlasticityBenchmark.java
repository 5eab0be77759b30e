package io.neurostream.bench.kernels;

import io.neurostream.core.continual.Hlop;
import io.neurostream.core.plasticity.PairStdpRule;
import io.neurostream.core.plasticity.SpikePlasticityRule;
import io.neurostream.core.plasticity.TripletStdpRule;
import io.neurostream.core.readout.RidgeReadout;
import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Plasticity and readout updates: one pre and one post spike of STDP on a neuron with 100
 * synapses each way; one RLS / ridge-accumulate update with 100 features; one HLOP projection of
 * a 785-dimensional input onto 200 stored components.
 */
public class PlasticityBenchmark extends KernelBenchmark {
    private CsrSynapses syn;
    private PairStdpRule pair;
    private TripletStdpRule triplet;
    private RlsReadout rls;
    private RidgeReadout ridge;
    private Hlop hlop;
    private double[] x100;
    private final double[] y1 = new double[1];
    private double[] x785;
    private double[] out785;
    private long tMicros;
    private int neuron;

    @Setup
    public void setUp() {
        syn = Topologies.fixedInDegree(1000, 1000, 100, true, (i, j, r) -> 0.5, 1, 1, 3);
        pair = new PairStdpRule(PairStdpRule.Params.song2000(1.0), 1000, 1000);
        triplet = new TripletStdpRule(TripletStdpRule.Params.visualCortexMinimal(1.0), 1000, 1000);
        SplittableRandom r = new SplittableRandom(4);
        x100 = new double[100];
        for (int i = 0; i < 100; i++) {
            x100[i] = r.nextGaussian();
        }
        rls = new RlsReadout(100, 1, 0.999, 100);
        ridge = new RidgeReadout(100, 1);
        hlop = new Hlop(785, 200);
        double[][] samples = new double[300][785];
        for (double[] s : samples) {
            for (int j = 0; j < 785; j++) {
                s[j] = r.nextDouble();
            }
        }
        hlop.learnSubspace(samples, 200, 1, 0.1, 5);
        x785 = samples[0].clone();
        out785 = new double[785];
    }

    @Benchmark
    public double pairStdpPreAndPost() {
        return preAndPost(pair);
    }

    @Benchmark
    public double tripletStdpPreAndPost() {
        return preAndPost(triplet);
    }

    /** A pre spike of the next neuron, then its post spike 0.5 ms later (each JMH fork sees one rule only). */
    private double preAndPost(SpikePlasticityRule rule) {
        tMicros += 1000;
        neuron = neuron == 999 ? 0 : neuron + 1;
        rule.onPreSpike(syn, neuron, tMicros);
        rule.onPostSpike(syn, neuron, tMicros + 500);
        return syn.weight[syn.rowStart[neuron]];
    }

    @Benchmark
    public double rlsUpdate100() {
        y1[0] = x100[0];
        rls.update(x100, y1);
        return rls.weights()[0];
    }

    @Benchmark
    public long ridgeAccumulate100() {
        y1[0] = x100[1];
        ridge.accumulate(x100, y1);
        return ridge.samples();
    }

    @Benchmark
    public double hlopProject785x200() {
        hlop.project(x785, out785);
        return out785[0];
    }
}
