package io.neurostream.core.neuron;

/**
 * Clock-driven Izhikevich (2003) kernel ({@link IzhikevichParams}). The membrane equation is
 * integrated with forward Euler on sub-steps of at most 0.25 ms (the paper used two 0.5 ms
 * half-steps for v; the quadratic term needs small steps near the spike), the recovery variable
 * once per sub-step. Allocates nothing.
 */
public final class IzhikevichKernel {
    private static final double MAX_SUBSTEP_MS = 0.25;
    private final IzhikevichParams p;

    public IzhikevichKernel(IzhikevichParams params) {
        this.p = params;
    }

    /**
     * Advances every neuron by {@code dtMicros} under input current {@code currentPa} (in the
     * model's dimensionless current units, as in the paper).
     *
     * @param current input per neuron, constant over the step (not modified)
     * @param spikedOut indices of neurons that spiked (modified)
     * @return number of indices written (a neuron is listed once even if it spiked twice)
     */
    public int step(IzhikevichState s, long dtMicros, double[] current, int[] spikedOut) {
        if (dtMicros <= 0) {
            throw new IllegalArgumentException("dtMicros must be > 0, got " + dtMicros);
        }
        final double dtMs = dtMicros / 1000.0;
        final int sub = Math.max(1, (int) Math.ceil(dtMs / MAX_SUBSTEP_MS - 1e-9));
        final double h = dtMs / sub;
        final double a = p.a();
        final double b = p.b();
        final double c = p.cMv();
        final double d = p.d();
        final int n = s.vMv.length;
        int written = 0;
        for (int i = 0; i < n; i++) {
            double v = s.vMv[i];
            double u = s.u[i];
            double in = current[i];
            boolean spiked = false;
            for (int k = 0; k < sub; k++) {
                double dv = 0.04 * v * v + 5.0 * v + 140.0 - u + in;
                double du = a * (b * v - u);
                v += h * dv;
                u += h * du;
                if (v >= IzhikevichParams.V_PEAK_MV) {
                    v = c;
                    u += d;
                    s.spikeCount[i]++;
                    spiked = true;
                }
            }
            s.vMv[i] = v;
            s.u[i] = u;
            if (spiked) {
                spikedOut[written++] = i;
            }
        }
        return written;
    }
}
