package io.neurostream.core.neuron;

/**
 * Leaky integrate-and-fire kernel ({@link LifParams}), integrated exactly: between events the
 * membrane relaxes as {@code vInf + (v - vInf) exp(-t/tauMem)} and a threshold crossing inside a
 * clock step is located analytically, so the rate under constant drive equals the analytic value
 * for any step size (exact integration in the sense of Rotter &amp; Diesmann 1999).
 *
 * <p>Two modes share one {@link LifState}:
 * <ul>
 *   <li>clock-driven {@link #step}: dense input, every neuron advanced by {@code dtMicros};</li>
 *   <li>event-driven {@link #onInput}: sparse input without drive, a neuron is touched only when
 *       an input spike reaches it, decaying lazily from its {@code lastUpdateMicros}.</li>
 * </ul>
 * {@link TabulatedLifKernel} is the event-driven mode for unbounded streams: the same neuron with
 * a decay table instead of {@code Math.exp}, accepting input that arrives out of order.
 * Neither allocates. Not thread-safe (caches the step's decay factor).
 */
public final class LifKernel {
    private final LifParams p;
    private long cachedDtMicros = -1;
    private double cachedDecay;

    public LifKernel(LifParams params) {
        this.p = params;
    }

    public LifParams params() {
        return p;
    }

    /**
     * Advances every neuron from {@code tMicros} to {@code tMicros + dtMicros}. Input jumps are
     * applied at the start of the step (ignored during refractoriness); the drive is constant
     * over the step.
     *
     * @param s state (modified)
     * @param tMicros time at the start of the step
     * @param dtMicros step length, &gt; 0
     * @param driveMv steady drive per neuron, mV above rest (not modified); null = none
     * @param jumpMv instantaneous input per neuron at the start of the step (not modified); null = none
     * @param spikedOut receives the index of every neuron that spiked in this step, once each
     *                  (modified, length &gt;= size)
     * @return number of indices written to {@code spikedOut}
     */
    public int step(LifState s, long tMicros, long dtMicros, double[] driveMv, double[] jumpMv, int[] spikedOut) {
        if (dtMicros <= 0) {
            throw new IllegalArgumentException("dtMicros must be > 0, got " + dtMicros);
        }
        final int n = s.vMv.length;
        if (dtMicros != cachedDtMicros) {
            cachedDtMicros = dtMicros;
            cachedDecay = Math.exp(-dtMicros / 1000.0 / p.tauMemMs());
        }
        final double dtMs = dtMicros / 1000.0;
        final double decay = cachedDecay;
        final double vRest = p.vRestMv();
        final double vThresh = p.vThreshMv();
        final double vReset = p.vResetMv();
        final double tau = p.tauMemMs();
        final double tRef = p.refractoryMs();
        final double[] v = s.vMv;
        final double[] refLeft = s.refractoryLeftMs;
        int written = 0;
        for (int i = 0; i < n; i++) {
            double drive = driveMv == null ? 0.0 : driveMv[i];
            double vInf = vRest + drive;
            double vi = v[i];
            double ref = refLeft[i];
            if (ref <= 0.0) {
                if (jumpMv != null) {
                    vi += jumpMv[i];
                }
                if (vi < vThresh) {
                    // fast path: v moves monotonically toward vInf, so it cannot have crossed the
                    // threshold during the step if it ends below it
                    double vEnd = vInf + (vi - vInf) * decay;
                    if (vEnd < vThresh) {
                        v[i] = vEnd;
                        continue;
                    }
                }
            }
            double rem = dtMs;
            int spikes = 0;
            double firstSpikeMs = 0;
            while (true) {
                if (ref > 0.0) {
                    if (ref >= rem) {
                        ref -= rem;
                        if (ref < 1e-9) {
                            ref = 0.0; // rounding residue of repeated subtraction: the period is over
                        }
                        break;
                    }
                    rem -= ref;
                    ref = 0.0;
                }
                if (vi >= vThresh) {
                    if (spikes == 0) {
                        firstSpikeMs = dtMs - rem;
                    }
                    spikes++;
                    vi = vReset;
                    ref = tRef;
                    continue;
                }
                if (vInf > vThresh) {
                    double tCrossMs = tau * Math.log((vi - vInf) / (vThresh - vInf));
                    if (tCrossMs < rem) {
                        rem -= tCrossMs;
                        vi = vThresh;
                        continue;
                    }
                }
                vi = vInf + (vi - vInf) * (rem == dtMs ? decay : Math.exp(-rem / tau));
                break;
            }
            v[i] = vi;
            refLeft[i] = ref;
            if (spikes > 0) {
                s.spikeCount[i] += spikes;
                s.lastSpikeMicros[i] = tMicros + Math.round(firstSpikeMs * 1000.0);
                spikedOut[written++] = i;
            }
        }
        return written;
    }

    /**
     * Event-driven update: neuron {@code i} receives an input of {@code jumpMv} at {@code tMicros}
     * (no steady drive). The membrane decays lazily since the neuron's last update.
     *
     * @param s state (modified)
     * @param tMicros time of the input, not before the neuron's last update
     * @return true if the neuron spiked
     */
    public boolean onInput(LifState s, int i, long tMicros, double jumpMv) {
        long last = s.lastUpdateMicros[i];
        if (tMicros < last) {
            throw new IllegalArgumentException("input at " + tMicros + " us precedes neuron " + i
                    + "'s last update at " + last + " us");
        }
        double v = potentialAt(s, i, tMicros);
        s.lastUpdateMicros[i] = tMicros;
        if (tMicros < s.refractoryUntilMicros[i]) {
            // refractory: clamped at reset, input ignored
            s.vMv[i] = p.vResetMv();
            return false;
        }
        v += jumpMv;
        if (v >= p.vThreshMv()) {
            s.vMv[i] = p.vResetMv();
            s.refractoryUntilMicros[i] = tMicros + Math.round(p.refractoryMs() * 1000.0);
            s.lastSpikeMicros[i] = tMicros;
            s.spikeCount[i]++;
            return true;
        }
        s.vMv[i] = v;
        return false;
    }

    /**
     * Membrane potential of neuron {@code i} at {@code tMicros} in the event-driven mode, without
     * modifying the state.
     */
    public double potentialAt(LifState s, int i, long tMicros) {
        if (tMicros < s.refractoryUntilMicros[i]) {
            return p.vResetMv();
        }
        double vRest = p.vRestMv();
        long from = Math.max(s.lastUpdateMicros[i], s.refractoryUntilMicros[i]);
        double v0 = s.lastUpdateMicros[i] < s.refractoryUntilMicros[i] ? p.vResetMv() : s.vMv[i];
        return vRest + (v0 - vRest) * Math.exp(-(tMicros - from) / 1000.0 / p.tauMemMs());
    }
}
