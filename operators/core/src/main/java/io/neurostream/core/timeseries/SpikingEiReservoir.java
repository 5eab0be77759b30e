package io.neurostream.core.timeseries;

import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.plasticity.InhibitoryRatePlasticity;
import io.neurostream.core.synapse.CsrSynapses;
import io.neurostream.core.synapse.Topologies;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A spiking E/I reservoir (LIF, Brunel 2000 parameters, fixed in-degree, 80% excitatory), moved
 * here from bench's SpikingMemoryCapacity so a job can run it one sample at a time: each sample
 * is held for {@code binMs}; it modulates each neuron's drive through a random input weight; the
 * features are the spike trains filtered with {@code tauFilterMs}, read at the end of the bin.
 * Spikes reach their targets one clock step later.
 *
 * <p>With adaptation on, the homeostatic E/I rule of {@link InhibitoryRatePlasticity} updates the
 * inhibitory weights onto each neuron toward {@code targetRateHz} after every {@code adaptWindowMs}
 * during the first {@code adaptSamples} samples of the stream, then stops (the adapted weights stay
 * in the state).
 */
public final class SpikingEiReservoir implements Reservoir {
    /**
     * @param neurons network size (80% excitatory)
     * @param inputs input vector length
     * @param inDegree recurrent inputs per neuron
     * @param jExcMv excitatory weight, mV; inhibitory = -g jExc
     * @param biasLowMv lower end of the per-neuron drive, mV (upper: biasHighMv)
     * @param inputScaleMv drive modulation by the input, mV
     * @param binMs time one sample is held
     * @param tauFilterMs filter of the read-out spike trains
     * @param dtMicros clock step
     * @param targetRateHz adaptation's target rate
     * @param etaMvPerHz adaptation's step per Hz of rate error
     * @param wMaxMv largest inhibitory magnitude under adaptation
     * @param adaptWindowMs window over which rates are counted for one adaptation update
     * @param adaptSamples adaptation runs during this many first samples
     */
    public record Setup(int neurons, int inputs, int inDegree, double jExcMv, double g, double biasLowMv,
                        double biasHighMv, double inputScaleMv, double binMs, double tauFilterMs, long dtMicros,
                        double targetRateHz, double etaMvPerHz, double wMaxMv, double adaptWindowMs, int adaptSamples,
                        long seed) {
        public Setup {
            if (neurons < 10 || inputs < 1 || inDegree < 1 || binMs <= 0 || tauFilterMs <= 0 || dtMicros <= 0
                    || adaptWindowMs <= 0 || adaptSamples < 0) {
                throw new IllegalArgumentException("invalid spiking reservoir setup: " + neurons + " neurons, "
                        + inputs + " inputs, inDegree " + inDegree + ", binMs " + binMs);
            }
        }

        /**
         * bench's SpikingMemoryCapacity network with relative inhibition g = 3 instead of 5: excitation-heavy, the
         * fixed network fires at about 30 Hz; adaptation steers every neuron toward 10 Hz (eta 0.05 mV/Hz per
         * 100 ms window, inhibitory magnitude up to 40 mV) during the first 2,000 samples. With g = 5 (already
         * balanced) adaptation gains far less memory capacity: see the README.
         */
        public static Setup defaults(int neurons, int inputs, long seed) {
            return new Setup(neurons, inputs, 20, 1.0, 3.0, 15.0, 25.0, 15.0, 10.0, 20.0, 500, 10.0, 0.05, 40.0,
                    100.0, 2000, seed);
        }

        public Setup withAdaptation(double targetHz, double eta, double wMax, double windowMs, int samples) {
            return new Setup(neurons, inputs, inDegree, jExcMv, g, biasLowMv, biasHighMv, inputScaleMv, binMs,
                    tauFilterMs, dtMicros, targetHz, eta, wMax, windowMs, samples, seed);
        }

        public Setup withDrive(double lowMv, double highMv, double inputMv, double gInh) {
            return new Setup(neurons, inputs, inDegree, jExcMv, gInh, lowMv, highMv, inputMv, binMs, tauFilterMs,
                    dtMicros, targetRateHz, etaMvPerHz, wMaxMv, adaptWindowMs, adaptSamples, seed);
        }
    }

    private final Setup s;
    private final boolean adaptation;
    private final CsrSynapses syn;
    private final double[] initialWeights;
    private final double[] bias;
    private final double[] win;
    private final int nExc;
    private final LifParams lif = LifParams.brunel2000();
    private final InhibitoryRatePlasticity rule;
    // state
    private final double[] v;
    private final double[] refractoryMs;
    private final double[] trace;
    private final double[] inputNext;   // synaptic jumps arriving next step
    private final long[] windowCounts;
    private long samples;
    private long stepsInWindow;
    // scratch
    private final double[] drive;
    private final int[] spiked;

    public SpikingEiReservoir(Setup setup, boolean adaptation) {
        this.s = setup;
        this.adaptation = adaptation;
        SplittableRandom random = new SplittableRandom(setup.seed());
        int n = setup.neurons();
        nExc = (int) Math.round(n * 0.8);
        syn = Topologies.fixedInDegree(n, n, setup.inDegree(), true,
                Topologies.excitatoryInhibitory(nExc, setup.jExcMv(), setup.g()), 1, 1, random.nextLong());
        initialWeights = syn.weight.clone();
        bias = new double[n];
        win = new double[n * setup.inputs()];
        for (int i = 0; i < n; i++) {
            bias[i] = setup.biasLowMv() + (setup.biasHighMv() - setup.biasLowMv()) * random.nextDouble();
            for (int k = 0; k < setup.inputs(); k++) {
                win[i * setup.inputs() + k] = (random.nextDouble() * 2 - 1) * setup.inputScaleMv();
            }
        }
        rule = new InhibitoryRatePlasticity(setup.targetRateHz(), setup.etaMvPerHz(), setup.wMaxMv());
        v = new double[n];
        refractoryMs = new double[n];
        trace = new double[n];
        inputNext = new double[n];
        windowCounts = new long[n];
        drive = new double[n];
        spiked = new int[n];
    }

    @Override
    public Reservoir fresh() {
        return new SpikingEiReservoir(s, adaptation); // cheap: no eigenvalues here
    }

    public Setup setup() {
        return s;
    }

    public boolean adaptation() {
        return adaptation;
    }

    @Override
    public int inputCount() {
        return s.inputs();
    }

    @Override
    public int featureCount() {
        return s.neurons();
    }

    @Override
    public double[] step(double[] u) {
        int n = s.neurons();
        int m = s.inputs();
        if (u.length != m) {
            throw new IllegalArgumentException("input has length " + u.length + ", the reservoir takes " + m);
        }
        for (int i = 0; i < n; i++) {
            double d = bias[i];
            for (int k = 0; k < m; k++) {
                d += win[i * m + k] * u[k];
            }
            drive[i] = d;
        }
        double dtMs = s.dtMicros() / 1000.0;
        int steps = (int) Math.round(s.binMs() * 1000 / s.dtMicros());
        double decay = Math.exp(-dtMs / s.tauFilterMs());
        double leak = Math.exp(-dtMs / lif.tauMemMs());
        int windowSteps = (int) Math.round(s.adaptWindowMs() * 1000 / s.dtMicros());
        boolean adapting = adaptation && samples < s.adaptSamples();
        for (int k = 0; k < steps; k++) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                trace[i] *= decay;
                double jump = inputNext[i];
                inputNext[i] = 0;
                if (refractoryMs[i] > 0) {
                    refractoryMs[i] -= dtMs;
                    continue;
                }
                // exact integration toward rest + drive, then the synaptic jumps of last step's spikes
                double target = lif.vRestMv() + drive[i];
                v[i] = target + (v[i] - target) * leak + jump;
                if (v[i] >= lif.vThreshMv()) {
                    v[i] = lif.vResetMv();
                    refractoryMs[i] = lif.refractoryMs();
                    trace[i] += 1.0;
                    spiked[count++] = i;
                }
            }
            for (int q = 0; q < count; q++) {
                int pre = spiked[q];
                windowCounts[pre]++;
                for (int syi = syn.rowStart[pre]; syi < syn.rowStart[pre + 1]; syi++) {
                    inputNext[syn.post[syi]] += syn.weight[syi];
                }
            }
            if (adapting && ++stepsInWindow == windowSteps) {
                rule.update(syn, windowCounts, s.adaptWindowMs(), nExc);
                Arrays.fill(windowCounts, 0);
                stepsInWindow = 0;
            }
        }
        if (!adapting) {
            Arrays.fill(windowCounts, 0);
        }
        samples++;
        return trace;
    }

    /** Current recurrent weights (adapted ones included); do not modify. */
    public double[] weights() {
        return syn.weight;
    }

    @Override
    public double[] saveState() {
        int n = s.neurons();
        int w = syn.weight.length;
        double[] out = new double[5 * n + 2 + w];
        System.arraycopy(v, 0, out, 0, n);
        System.arraycopy(refractoryMs, 0, out, n, n);
        System.arraycopy(trace, 0, out, 2 * n, n);
        System.arraycopy(inputNext, 0, out, 3 * n, n);
        for (int i = 0; i < n; i++) {
            out[4 * n + i] = windowCounts[i];
        }
        out[5 * n] = samples;
        out[5 * n + 1] = stepsInWindow;
        System.arraycopy(syn.weight, 0, out, 5 * n + 2, w);
        return out;
    }

    @Override
    public void restoreState(double[] state) {
        int n = s.neurons();
        int w = syn.weight.length;
        if (state.length != 5 * n + 2 + w) {
            throw new IllegalArgumentException("state has length " + state.length + ", expected " + (5 * n + 2 + w));
        }
        System.arraycopy(state, 0, v, 0, n);
        System.arraycopy(state, n, refractoryMs, 0, n);
        System.arraycopy(state, 2 * n, trace, 0, n);
        System.arraycopy(state, 3 * n, inputNext, 0, n);
        for (int i = 0; i < n; i++) {
            windowCounts[i] = (long) state[4 * n + i];
        }
        samples = (long) state[5 * n];
        stepsInWindow = (long) state[5 * n + 1];
        System.arraycopy(state, 5 * n + 2, syn.weight, 0, w);
    }

    /** The weights the topology started with (before adaptation). */
    double[] initialWeights() {
        return initialWeights;
    }
}
