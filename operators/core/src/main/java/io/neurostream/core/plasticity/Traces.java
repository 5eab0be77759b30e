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

    /** Copies every trace's value as of its last update, and that time (µs), into the arrays (length {@link #size()}). */
    public void copyInto(double[] values, long[] lastUpdateMicros) {
        checkLengths(values, lastUpdateMicros);
        System.arraycopy(value, 0, values, 0, value.length);
        System.arraycopy(lastMicros, 0, lastUpdateMicros, 0, lastMicros.length);
    }

    /** Sets every trace to a state {@link #copyInto} took: the traces then decay on exactly as the copied ones. */
    public void restore(double[] values, long[] lastUpdateMicros) {
        checkLengths(values, lastUpdateMicros);
        System.arraycopy(values, 0, value, 0, value.length);
        System.arraycopy(lastUpdateMicros, 0, lastMicros, 0, lastMicros.length);
    }

    private void checkLengths(double[] values, long[] lastUpdateMicros) {
        if (values.length != value.length || lastUpdateMicros.length != value.length) {
            throw new IllegalArgumentException("traces have " + value.length + " values, got arrays of "
                    + values.length + " and " + lastUpdateMicros.length);
        }
    }

    public double tauMs() {
        return tauMs;
    }
}
