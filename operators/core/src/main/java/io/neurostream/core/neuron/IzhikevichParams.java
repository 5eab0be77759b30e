package io.neurostream.core.neuron;

/**
 * Izhikevich (2003) "Simple model of spiking neurons", IEEE TNN 14(6):
 * {@code v' = 0.04 v^2 + 5 v + 140 - u + I}, {@code u' = a (b v - u)}; if {@code v >= 30 mV}:
 * {@code v = c}, {@code u += d}. Time in ms, v in mV. Presets follow Fig. 2 of the paper.
 *
 * @param a recovery rate, 1/ms, &gt; 0
 * @param b sensitivity of u to v
 * @param cMv reset potential, mV, &lt; 30
 * @param d after-spike increment of u
 */
public record IzhikevichParams(double a, double b, double cMv, double d) {
    /** Spike cut-off of the model, mV. */
    public static final double V_PEAK_MV = 30.0;

    public IzhikevichParams {
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("a must be in (0, inf), got " + a);
        }
        if (!Double.isFinite(b) || !Double.isFinite(d)) {
            throw new IllegalArgumentException("b and d must be finite, got b=" + b + " d=" + d);
        }
        if (!(cMv < V_PEAK_MV)) {
            throw new IllegalArgumentException("cMv must be < 30 mV, got " + cMv);
        }
    }

    /** Regular spiking (RS) excitatory cortical neuron: tonic spiking with adaptation. */
    public static IzhikevichParams regularSpiking() {
        return new IzhikevichParams(0.02, 0.2, -65, 8);
    }

    /** Intrinsically bursting (IB): an initial burst, then tonic single spikes. */
    public static IzhikevichParams intrinsicallyBursting() {
        return new IzhikevichParams(0.02, 0.2, -55, 4);
    }

    /** Chattering (CH): repetitive high-frequency bursts. */
    public static IzhikevichParams chattering() {
        return new IzhikevichParams(0.02, 0.2, -50, 2);
    }

    /** Fast spiking (FS) inhibitory interneuron: high rate, little adaptation. */
    public static IzhikevichParams fastSpiking() {
        return new IzhikevichParams(0.1, 0.2, -65, 2);
    }

    /** Low-threshold spiking (LTS) inhibitory interneuron. */
    public static IzhikevichParams lowThresholdSpiking() {
        return new IzhikevichParams(0.02, 0.25, -65, 2);
    }
}
