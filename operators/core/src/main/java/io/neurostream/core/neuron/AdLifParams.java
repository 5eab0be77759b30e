package io.neurostream.core.neuron;

/**
 * Adaptive LIF with a spike-triggered adaptation current (Gerstner et al., <i>Neuronal Dynamics</i>,
 * ch. 6.1; the AdLIF of Bittar &amp; Garner 2022 with {@code a = 0}):
 * {@code tauMem dv/dt = -(v - vRest) - wMv + driveMv}, {@code tauAdapt dw/dt = -w}; on a spike
 * {@code v = vReset} for {@code refractoryMs} and {@code w += jumpAdaptMv}.
 *
 * @param lif the membrane part
 * @param tauAdaptMs adaptation time constant, ms, &gt; 0
 * @param jumpAdaptMv adaptation increment per spike, mV, &gt;= 0 (0 = plain LIF)
 */
public record AdLifParams(LifParams lif, double tauAdaptMs, double jumpAdaptMv) {
    public AdLifParams {
        if (lif == null) {
            throw new IllegalArgumentException("lif must not be null");
        }
        if (!(tauAdaptMs > 0) || Double.isInfinite(tauAdaptMs)) {
            throw new IllegalArgumentException("tauAdaptMs must be in (0, inf), got " + tauAdaptMs);
        }
        if (!(jumpAdaptMv >= 0) || Double.isInfinite(jumpAdaptMv)) {
            throw new IllegalArgumentException("jumpAdaptMv must be in [0, inf), got " + jumpAdaptMv);
        }
    }
}
