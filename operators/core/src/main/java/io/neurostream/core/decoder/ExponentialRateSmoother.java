package io.neurostream.core.decoder;

import java.util.Arrays;

/**
 * Exponential smoothing of binned rates: {@code s = a s + (1 - a) r} with
 * {@code a = exp(-binMs / tauMs)}; the first bin initialises {@code s = r}.
 */
public final class ExponentialRateSmoother {
    private final double a;
    private final double[] state;
    private boolean primed;

    /**
     * @param size rate vector length
     * @param binMs bin width, > 0
     * @param tauMs smoothing time constant; 0 = no smoothing
     */
    public ExponentialRateSmoother(int size, double binMs, double tauMs) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (!(binMs > 0)) {
            throw new IllegalArgumentException("binMs must be > 0, got " + binMs);
        }
        if (!(tauMs >= 0)) {
            throw new IllegalArgumentException("tauMs must be >= 0, got " + tauMs);
        }
        this.a = tauMs == 0 ? 0 : Math.exp(-binMs / tauMs);
        this.state = new double[size];
    }

    /**
     * Smooths one bin.
     *
     * @param rates this bin's rates (not modified)
     * @param out smoothed rates (modified; may be {@code rates})
     */
    public void smooth(double[] rates, double[] out) {
        if (rates.length != state.length || out.length != state.length) {
            throw new IllegalArgumentException("expected vectors of length " + state.length + ", got "
                    + rates.length + " and " + out.length);
        }
        for (int i = 0; i < state.length; i++) {
            state[i] = primed ? a * state[i] + (1 - a) * rates[i] : rates[i];
            out[i] = state[i];
        }
        primed = true;
    }

    /** The decay per bin, {@code exp(-binMs / tauMs)}. */
    public double decayPerBin() {
        return a;
    }

    public void reset() {
        Arrays.fill(state, 0);
        primed = false;
    }

    /** Whether a bin has been smoothed since construction or {@link #reset()}. */
    public boolean isPrimed() {
        return primed;
    }

    /** Continues from a checkpointed state (copied) and primed flag. */
    public void restore(double[] smoothed, boolean wasPrimed) {
        if (smoothed.length != state.length) {
            throw new IllegalArgumentException("expected a state of length " + state.length + ", got " + smoothed.length);
        }
        System.arraycopy(smoothed, 0, state, 0, state.length);
        primed = wasPrimed;
    }

    /** Live smoothed state (for checkpointing); do not modify. */
    public double[] state() {
        return state;
    }
}
