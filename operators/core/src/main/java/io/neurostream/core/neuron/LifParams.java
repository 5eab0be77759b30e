package io.neurostream.core.neuron;

/**
 * Parameters of a leaky integrate-and-fire neuron with an absolute refractory period
 * (Lapicque 1907; the form used by Brunel 2000 and Gerstner et al., <i>Neuronal Dynamics</i>, ch. 1):
 * {@code tauMem dv/dt = -(v - vRest) + driveMv}, spike when {@code v >= vThresh}, then
 * {@code v = vReset} for {@code refractoryMs}. Inputs are delta synapses: an input spike of
 * weight {@code w} mV makes {@code v += w}.
 *
 * <p>Under a constant drive {@code D > vThresh - vRest} the analytic rate is
 * {@code 1 / (refractory + tauMem ln((vRest + D - vReset) / (vRest + D - vThresh)))}
 * ({@link #analyticRateHz(double)}).
 *
 * @param tauMemMs membrane time constant, ms, &gt; 0
 * @param vRestMv resting potential, mV
 * @param vResetMv reset potential, mV, &lt; vThreshMv
 * @param vThreshMv threshold, mV
 * @param refractoryMs absolute refractory period, ms, &gt;= 0
 */
public record LifParams(double tauMemMs, double vRestMv, double vResetMv, double vThreshMv, double refractoryMs) {

    public LifParams {
        if (!(tauMemMs > 0) || Double.isInfinite(tauMemMs)) {
            throw new IllegalArgumentException("tauMemMs must be in (0, inf), got " + tauMemMs);
        }
        if (!(vResetMv < vThreshMv)) {
            throw new IllegalArgumentException("vResetMv must be < vThreshMv, got vResetMv=" + vResetMv
                    + " vThreshMv=" + vThreshMv);
        }
        if (!Double.isFinite(vRestMv) || !Double.isFinite(vResetMv) || !Double.isFinite(vThreshMv)) {
            throw new IllegalArgumentException("potentials must be finite, got vRestMv=" + vRestMv
                    + " vResetMv=" + vResetMv + " vThreshMv=" + vThreshMv);
        }
        if (!(refractoryMs >= 0) || Double.isInfinite(refractoryMs)) {
            throw new IllegalArgumentException("refractoryMs must be in [0, inf), got " + refractoryMs);
        }
    }

    /** Brunel (2000) network neuron: tau 20 ms, rest 0, reset 10, threshold 20 mV, refractory 2 ms. */
    public static LifParams brunel2000() {
        return new LifParams(20.0, 0.0, 10.0, 20.0, 2.0);
    }

    /**
     * Analytic firing rate under a constant drive (mV of steady depolarisation above rest).
     *
     * @return rate in Hz; 0 if the drive never reaches threshold
     */
    public double analyticRateHz(double driveMv) {
        double vInf = vRestMv + driveMv;
        if (vInf <= vThreshMv) {
            return 0.0;
        }
        double isiMs = refractoryMs + tauMemMs * Math.log((vInf - vResetMv) / (vInf - vThreshMv));
        return 1000.0 / isiMs;
    }
}
