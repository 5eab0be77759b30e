package io.neurostream.bench.experiments;

import io.neurostream.core.network.LifNetwork;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.plasticity.InhibitoryRatePlasticity;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.SplittableRandom;

/**
 * Memory capacity of a spiking E/I reservoir (LIF, Brunel-style fixed in-degree, delays) with and
 * without the homeostatic E/I adaptation of {@link InhibitoryRatePlasticity}. The input
 * {@code u} is i.i.d. uniform in [-1, 1], held for one bin; it modulates each neuron's drive
 * through a random input weight; the state read out at the end of each bin is each neuron's spike
 * train filtered with {@code tauFilterMs}. Adaptation runs during a separate input sequence
 * before the measurement, then is frozen.
 */
public final class SpikingMemoryCapacity {
    private SpikingMemoryCapacity() {
    }

    /**
     * @param neurons network size (80% excitatory)
     * @param inDegree inputs per neuron
     * @param jExcMv excitatory weight, mV; inhibitory = -g jExc
     * @param g relative inhibition
     * @param biasLowMv lower end of the per-neuron drive, mV
     * @param biasHighMv upper end of the per-neuron drive, mV
     * @param inputScaleMv drive modulation by the input, mV
     * @param binMs bin per input value
     */
    public record Setup(int neurons, int inDegree, double jExcMv, double g, double biasLowMv, double biasHighMv,
                        double inputScaleMv, double binMs, double tauFilterMs, long dtMicros, long seed) {
        public Setup {
            if (neurons < 10 || inDegree < 1 || binMs <= 0 || tauFilterMs <= 0 || dtMicros <= 0) {
                throw new IllegalArgumentException("invalid setup: " + neurons + " neurons, inDegree " + inDegree
                        + ", binMs " + binMs + ", tauFilterMs " + tauFilterMs + ", dtMicros " + dtMicros);
            }
        }

        public static Setup defaults(long seed) {
            return new Setup(200, 20, 1.0, 5.0, 15.0, 25.0, 15.0, 10.0, 20.0, 500, seed);
        }
    }

    /** Result of one measurement: capacity and the firing-rate statistics during measurement. */
    public record Result(MemoryCapacity.Result capacity, double meanRateHz, double rateStdHz, double silentFraction) {
    }

    /**
     * Runs the measurement.
     *
     * @param adaptation null for the fixed reservoir, else the rule run during {@code adaptBins} bins
     */
    public static Result run(Setup s, InhibitoryRatePlasticity adaptation, int adaptBins, double adaptWindowMs,
                             int bins, int maxDelay) {
        SplittableRandom random = new SplittableRandom(s.seed());
        int n = s.neurons();
        int nExc = (int) Math.round(n * 0.8);
        CsrSynapses syn = Topologies.fixedInDegree(n, n, s.inDegree(), true,
                Topologies.excitatoryInhibitory(nExc, s.jExcMv(), s.g()), 3, 3, random.nextLong());
        double[] bias = new double[n];
        double[] win = new double[n];
        for (int i = 0; i < n; i++) {
            bias[i] = s.biasLowMv() + (s.biasHighMv() - s.biasLowMv()) * random.nextDouble();
            win[i] = (random.nextDouble() * 2 - 1) * s.inputScaleMv();
        }
        LifParams lif = LifParams.brunel2000();
        int stepsPerBin = (int) Math.round(s.binMs() * 1000 / s.dtMicros());
        if (adaptation != null) {
            LifNetwork net = new LifNetwork(lif, syn, new double[n], s.dtMicros());
            SplittableRandom adaptInput = new SplittableRandom(s.seed() + 1);
            int stepsPerWindow = (int) Math.round(adaptWindowMs * 1000 / s.dtMicros());
            long[] before = new long[n];
            long[] counts = new long[n];
            int stepInWindow = 0;
            for (int b = 0; b < adaptBins; b++) {
                double u = adaptInput.nextDouble() * 2 - 1;
                for (int i = 0; i < n; i++) {
                    net.driveMv()[i] = bias[i] + win[i] * u;
                }
                for (int k = 0; k < stepsPerBin; k++) {
                    net.step();
                    if (++stepInWindow == stepsPerWindow) {
                        long[] total = net.state().spikeCount;
                        for (int i = 0; i < n; i++) {
                            counts[i] = total[i] - before[i];
                            before[i] = total[i];
                        }
                        adaptation.update(syn, counts, adaptWindowMs, nExc);
                        stepInWindow = 0;
                    }
                }
            }
        }
        LifNetwork net = new LifNetwork(lif, syn, new double[n], s.dtMicros());
        SplittableRandom input = new SplittableRandom(s.seed() + 2);
        double[] u = new double[bins];
        double[][] features = new double[bins][n];
        double[] trace = new double[n];
        double decay = Math.exp(-s.dtMicros() / 1000.0 / s.tauFilterMs());
        for (int b = 0; b < bins; b++) {
            u[b] = input.nextDouble() * 2 - 1;
            for (int i = 0; i < n; i++) {
                net.driveMv()[i] = bias[i] + win[i] * u[b];
            }
            for (int k = 0; k < stepsPerBin; k++) {
                int c = net.step();
                for (int i = 0; i < n; i++) {
                    trace[i] *= decay;
                }
                int[] spiked = net.spiked();
                for (int q = 0; q < c; q++) {
                    trace[spiked[q]] += 1.0;
                }
            }
            System.arraycopy(trace, 0, features[b], 0, n);
        }
        double seconds = bins * s.binMs() / 1000.0;
        double mean = 0;
        double sq = 0;
        int silent = 0;
        for (int i = 0; i < n; i++) {
            double r = net.state().spikeCount[i] / seconds;
            mean += r;
            sq += r * r;
            if (net.state().spikeCount[i] == 0) {
                silent++;
            }
        }
        mean /= n;
        double std = Math.sqrt(Math.max(0, sq / n - mean * mean));
        MemoryCapacity.Result mc = MemoryCapacity.measure(u, features, maxDelay, 50, 0.7, 1e-4);
        return new Result(mc, mean, std, silent / (double) n);
    }
}
