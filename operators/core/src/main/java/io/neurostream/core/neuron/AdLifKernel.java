package io.neurostream.core.neuron;

/**
 * Clock-driven adaptive LIF kernel ({@link AdLifParams}). Over a step the adaptation current is
 * held at its value at the start of the step and the membrane is integrated exactly for that
 * constant input (exponential Euler); the adaptation then decays exactly. With
 * {@code jumpAdaptMv = 0} it reduces to {@link LifKernel} with spikes at step boundaries.
 * Allocates nothing.
 */
public final class AdLifKernel {
    private final AdLifParams p;
    private long cachedDtMicros = -1;
    private double decayMem;
    private double decayAdapt;

    public AdLifKernel(AdLifParams params) {
        this.p = params;
    }

    /**
     * Advances every neuron by {@code dtMicros}; a neuron whose membrane ends the step at or above
     * threshold spikes at the end of the step.
     *
     * @param driveMv steady drive per neuron (not modified); null = none
     * @param jumpMv input at the start of the step (not modified); null = none
     * @param spikedOut indices of neurons that spiked (modified)
     * @return number of indices written
     */
    public int step(AdLifState s, long tMicros, long dtMicros, double[] driveMv, double[] jumpMv, int[] spikedOut) {
        if (dtMicros <= 0) {
            throw new IllegalArgumentException("dtMicros must be > 0, got " + dtMicros);
        }
        LifParams lif = p.lif();
        if (dtMicros != cachedDtMicros) {
            cachedDtMicros = dtMicros;
            decayMem = Math.exp(-dtMicros / 1000.0 / lif.tauMemMs());
            decayAdapt = Math.exp(-dtMicros / 1000.0 / p.tauAdaptMs());
        }
        final double dtMs = dtMicros / 1000.0;
        final int n = s.vMv.length;
        int written = 0;
        for (int i = 0; i < n; i++) {
            double w = s.adaptMv[i];
            double ref = s.refractoryLeftMs[i];
            if (ref > 0) {
                s.refractoryLeftMs[i] = Math.max(0.0, ref - dtMs);
                s.adaptMv[i] = w * decayAdapt;
                continue;
            }
            double v = s.vMv[i] + (jumpMv == null ? 0.0 : jumpMv[i]);
            double vInf = lif.vRestMv() + (driveMv == null ? 0.0 : driveMv[i]) - w;
            v = vInf + (v - vInf) * decayMem;
            w *= decayAdapt;
            if (v >= lif.vThreshMv()) {
                v = lif.vResetMv();
                w += p.jumpAdaptMv();
                s.refractoryLeftMs[i] = lif.refractoryMs();
                s.spikeCount[i]++;
                s.lastSpikeMicros[i] = tMicros + dtMicros;
                spikedOut[written++] = i;
            }
            s.vMv[i] = v;
            s.adaptMv[i] = w;
        }
        return written;
    }
}
