package io.neurostream.core.neuron;

/**
 * Event-driven leaky integrate-and-fire kernel ({@link LifParams}) for unbounded event streams: the
 * semantics of {@link LifKernel#onInput} and {@link LifKernel#potentialAt} (no steady drive, delta
 * inputs, lazy decay from the neuron's last update, input ignored and membrane held at reset while
 * refractory), with two differences:
 * <ul>
 *   <li>the decay factor {@code exp(-dt / tauMem)} is read from a table per whole microsecond, not
 *       computed per input. The table covers {@code tableSpanTau} time constants; after a longer
 *       silence the membrane is at rest (the neglected deviation is below {@code exp(-tableSpanTau)}
 *       of the deviation from rest it had).</li>
 *   <li>an input earlier than the neuron's last update (out-of-order arrival) is applied at the
 *       neuron's last update time: time never runs backwards for a neuron, there is no negative
 *       decay, and nothing throws. {@link LifKernel#onInput} rejects such input instead.</li>
 * </ul>
 *
 * <p>The state is three arrays indexed by neuron, {@code vMv}, {@code lastUpdateMicros} and
 * {@code refractoryUntilMicros} ({@link Long#MIN_VALUE} = never spiked), owned by the caller's state
 * object ({@link LifState} or another one) and passed to every call. An input ignored during the
 * refractory period leaves them untouched ({@link LifKernel} moves {@code lastUpdateMicros} to it;
 * the potential is the same either way). Allocation-free; immutable, so it may be shared.
 */
public final class TabulatedLifKernel {
    private final LifParams p;
    private final long refractoryMicros;
    private final double vRestMv;
    private final double vResetMv;
    private final double vThreshMv;
    // exp(-dt / tauMem) for dt in whole microseconds; beyond the table the membrane is at rest.
    private final double[] decayByMicros;

    /**
     * @param tableSpanTau time constants the decay table covers, &gt;= 1 (its length is
     *                     {@code ceil(tauMemMs * 1000 * tableSpanTau)} doubles)
     */
    public TabulatedLifKernel(LifParams params, int tableSpanTau) {
        double length = Math.ceil(params.tauMemMs() * 1000 * tableSpanTau);
        if (tableSpanTau < 1 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tableSpanTau must be >= 1 and tauMemMs * 1000 * tableSpanTau fit"
                    + " an array, got tableSpanTau=" + tableSpanTau + " tauMemMs=" + params.tauMemMs());
        }
        this.p = params;
        this.refractoryMicros = Math.round(params.refractoryMs() * 1000.0);
        this.vRestMv = params.vRestMv();
        this.vResetMv = params.vResetMv();
        this.vThreshMv = params.vThreshMv();
        this.decayByMicros = new double[(int) length];
        for (int dt = 0; dt < decayByMicros.length; dt++) {
            decayByMicros[dt] = Math.exp(-dt / (params.tauMemMs() * 1000));
        }
    }

    public LifParams params() {
        return p;
    }

    /** {@code exp(-dtMicros / tauMem)} from the table, 0 beyond it. */
    public double decayFactor(long dtMicros) {
        if (dtMicros < 0) {
            throw new IllegalArgumentException("dtMicros must be >= 0, got " + dtMicros);
        }
        return decay(dtMicros);
    }

    private double decay(long dtMicros) {
        return dtMicros < decayByMicros.length ? decayByMicros[(int) dtMicros] : 0.0;
    }

    /**
     * Membrane potential of neuron {@code i} at {@code tMicros} (at its last update if that is
     * later), without modifying the state.
     */
    public double potentialAt(double[] vMv, long[] lastUpdateMicros, long[] refractoryUntilMicros, int i,
                              long tMicros) {
        long last = lastUpdateMicros[i];
        long t = Math.max(tMicros, last);
        long refractoryUntil = refractoryUntilMicros[i];
        return t < refractoryUntil ? vResetMv : decayed(vMv[i], last, refractoryUntil, t);
    }

    /**
     * Neuron {@code i} receives an input of {@code jumpMv} at {@code tMicros}; an input earlier than
     * its last update is applied at its last update.
     *
     * @return true if the neuron spiked: it is then at reset and refractory until
     *     {@code t + refractoryMs}, {@code t} being the time the input was applied
     */
    public boolean onInput(double[] vMv, long[] lastUpdateMicros, long[] refractoryUntilMicros, int i, long tMicros,
                           double jumpMv) {
        long last = lastUpdateMicros[i];
        long t = Math.max(tMicros, last);
        long refractoryUntil = refractoryUntilMicros[i];
        if (t < refractoryUntil) {
            return false;
        }
        double v = decayed(vMv[i], last, refractoryUntil, t) + jumpMv;
        lastUpdateMicros[i] = t;
        if (v >= vThreshMv) {
            vMv[i] = vResetMv;
            refractoryUntilMicros[i] = t + refractoryMicros;
            return true;
        }
        vMv[i] = v;
        return false;
    }

    /**
     * Potential at {@code t >= max(last, refractoryUntil)} of a neuron last updated at {@code last}
     * to {@code v}: a refractory period that ended since restarts the decay at reset.
     */
    private double decayed(double v, long last, long refractoryUntil, long t) {
        if (last < refractoryUntil) {
            return vRestMv + (vResetMv - vRestMv) * decay(t - refractoryUntil);
        }
        return vRestMv + (v - vRestMv) * decay(t - last);
    }
}
