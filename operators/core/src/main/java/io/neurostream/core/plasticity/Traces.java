package io.neurostream.core.plasticity;

/**
 * Exponentially decaying spike traces, one per neuron (or synapse), decayed lazily: the value is
 * stored with the time of its last update and decayed on read. Equal to step-by-step decay.
 */
public final class Traces {
    private final double tauMs;
    private final double[] value;
    private final long[] lastMicros;

    public Traces(int size, double tauMs) {
        if (size < 1 || !(tauMs > 0)) {
            throw new IllegalArgumentException("size must be >= 1 and tauMs > 0, got " + size + ", " + tauMs);
        }
        this.tauMs = tauMs;
        this.value = new double[size];
        this.lastMicros = new long[size];
    }

    /** Value of trace {@code i} at {@code tMicros} (not before its last update). */
    public double valueAt(int i, long tMicros) {
        double v = value[i];
        if (v == 0.0) {
            return 0.0;
        }
        return v * Math.exp(-(tMicros - lastMicros[i]) / 1000.0 / tauMs);
    }

    /** Decays trace {@code i} to {@code tMicros} and adds {@code amount}. */
    public void add(int i, long tMicros, double amount) {
        value[i] = valueAt(i, tMicros) + amount;
        lastMicros[i] = tMicros;
    }

    /** Sets trace {@code i} at {@code tMicros} (nearest-spike variants). */
    public void set(int i, long tMicros, double v) {
        value[i] = v;
        lastMicros[i] = tMicros;
    }

    public int size() {
        return value.length;
    }

    public double tauMs() {
        return tauMs;
    }
}
