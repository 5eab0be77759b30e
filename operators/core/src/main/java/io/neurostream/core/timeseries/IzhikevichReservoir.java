package io.neurostream.core.timeseries;

import io.neurostream.core.neuron.IzhikevichKernel;
import io.neurostream.core.neuron.IzhikevichParams;
import io.neurostream.core.neuron.IzhikevichState;
import java.util.SplittableRandom;

/**
 * A network of regular-spiking Izhikevich neurons ({@link IzhikevichKernel}) for FORCE learning of
 * spiking networks (Nicola &amp; Clopath 2017, "Supervised learning in spiking neural networks with
 * FORCE training", Nat. Commun. 8:2208): sparse random recurrent weights (density p, N(0, 1)
 * scaled by {@code gain / sqrt(p N)}), synaptic currents filtered with a double exponential
 * (rise {@code tauRiseMs}, decay {@code tauDecayMs}); each input (for FORCE: the fed-back readout
 * output) reaches every neuron through a fixed random weight in {@code [-inputGain, inputGain]}.
 * One sample advances {@code stepsPerSample} clock steps; the features are the filtered synaptic
 * activities r (what the readout and the recurrent weights see).
 */
public final class IzhikevichReservoir implements Reservoir {
    /**
     * @param neurons network size
     * @param inputs input length (sample values plus fed-back outputs)
     * @param density recurrent connection probability
     * @param gain recurrent gain G
     * @param inputGain input / feedback gain Q
     * @param biasCurrent constant drive (the kernel's current units; about 3.8 is rheobase for RS cells)
     * @param dtMicros clock step
     * @param stepsPerSample clock steps per sample
     * @param tauRiseMs synaptic rise
     * @param tauDecayMs synaptic decay
     */
    public record Setup(int neurons, int inputs, double density, double gain, double inputGain, double biasCurrent,
                        long dtMicros, int stepsPerSample, double tauRiseMs, double tauDecayMs, long seed) {
        public Setup {
            if (neurons < 2 || inputs < 1 || !(density > 0 && density <= 1) || dtMicros <= 0 || stepsPerSample < 1
                    || !(tauRiseMs > 0) || !(tauDecayMs > 0)) {
                throw new IllegalArgumentException("invalid Izhikevich reservoir setup");
            }
        }

        public static Setup defaults(int neurons, int inputs, long seed) {
            // G and Q tuned for FORCE on a 5 Hz sine with 300-500 cells (larger G: the autonomous output drifts)
            return new Setup(neurons, inputs, 0.1, 30.0, 20.0, 5.0, 500, 2, 2.0, 20.0, seed);
        }

        public Setup with(double g, double q, double bias) {
            return new Setup(neurons, inputs, density, g, q, bias, dtMicros, stepsPerSample, tauRiseMs, tauDecayMs,
                    seed);
        }
    }

    private final Setup s;
    private final IzhikevichKernel kernel;
    private final IzhikevichParams params = IzhikevichParams.regularSpiking();
    private final int[] rowStart;
    private final int[] cols;
    private final double[] weights;
    private final double[] eta;
    // state
    private IzhikevichState cells;
    private final double[] r;   // filtered activity (decay)
    private final double[] h;   // its rise variable
    // scratch
    private final double[] current;
    private final int[] spiked;

    public IzhikevichReservoir(Setup setup) {
        this.s = setup;
        this.kernel = new IzhikevichKernel(params);
        int n = setup.neurons();
        SplittableRandom random = new SplittableRandom(setup.seed());
        rowStart = new int[n + 1];
        java.util.List<Integer> c = new java.util.ArrayList<>();
        java.util.List<Double> w = new java.util.ArrayList<>();
        double scale = setup.gain() / Math.sqrt(setup.density() * n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (random.nextDouble() < setup.density()) {
                    c.add(j);
                    w.add(random.nextGaussian() * scale);
                }
            }
            rowStart[i + 1] = c.size();
        }
        cols = c.stream().mapToInt(Integer::intValue).toArray();
        weights = w.stream().mapToDouble(Double::doubleValue).toArray();
        eta = new double[n * setup.inputs()];
        for (int k = 0; k < eta.length; k++) {
            eta[k] = (random.nextDouble() * 2 - 1) * setup.inputGain();
        }
        cells = new IzhikevichState(n, params);
        // desynchronised start: random membrane potentials
        for (int i = 0; i < n; i++) {
            cells.vMv[i] = -65.0 + 30.0 * random.nextDouble();
        }
        r = new double[n];
        h = new double[n];
        current = new double[n];
        spiked = new int[n];
    }

    @Override
    public Reservoir fresh() {
        return new IzhikevichReservoir(s);
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
        double dtMs = s.dtMicros() / 1000.0;
        double rise = Math.exp(-dtMs / s.tauRiseMs());
        double decay = Math.exp(-dtMs / s.tauDecayMs());
        double jump = 1.0 / (s.tauRiseMs() * s.tauDecayMs());
        for (int k = 0; k < s.stepsPerSample(); k++) {
            for (int i = 0; i < n; i++) {
                double in = s.biasCurrent();
                for (int q = rowStart[i]; q < rowStart[i + 1]; q++) {
                    in += weights[q] * r[cols[q]];
                }
                for (int j = 0; j < m; j++) {
                    in += eta[i * m + j] * u[j];
                }
                current[i] = in;
            }
            int count = kernel.step(cells, s.dtMicros(), current, spiked);
            // double exponential: r' = -r/td + h, h' = -h/tr + sum of spikes / (tr td)
            for (int i = 0; i < n; i++) {
                r[i] = r[i] * decay + h[i] * dtMs;
                h[i] *= rise;
            }
            for (int q = 0; q < count; q++) {
                h[spiked[q]] += jump;
            }
        }
        return r;
    }

    @Override
    public double[] saveState() {
        int n = s.neurons();
        double[] out = new double[4 * n];
        System.arraycopy(cells.vMv, 0, out, 0, n);
        System.arraycopy(cells.u, 0, out, n, n);
        System.arraycopy(r, 0, out, 2 * n, n);
        System.arraycopy(h, 0, out, 3 * n, n);
        return out;
    }

    @Override
    public void restoreState(double[] state) {
        int n = s.neurons();
        if (state.length != 4 * n) {
            throw new IllegalArgumentException("state has length " + state.length + ", expected " + 4 * n);
        }
        System.arraycopy(state, 0, cells.vMv, 0, n);
        System.arraycopy(state, n, cells.u, 0, n);
        System.arraycopy(state, 2 * n, r, 0, n);
        System.arraycopy(state, 3 * n, h, 0, n);
    }
}
