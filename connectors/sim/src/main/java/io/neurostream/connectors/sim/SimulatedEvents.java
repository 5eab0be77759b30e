package io.neurostream.connectors.sim;

import java.util.Arrays;

/** A growable, time-sorted list of DVS events in primitive arrays (times in µs). */
public final class SimulatedEvents {
    private long[] tMicros = new long[4096];
    private short[] x = new short[4096];
    private short[] y = new short[4096];
    private boolean[] on = new boolean[4096];
    private int size;

    public void clear() {
        size = 0;
    }

    public void add(long t, int px, int py, boolean polarityOn) {
        if (size == tMicros.length) {
            int capacity = size * 2;
            tMicros = Arrays.copyOf(tMicros, capacity);
            x = Arrays.copyOf(x, capacity);
            y = Arrays.copyOf(y, capacity);
            on = Arrays.copyOf(on, capacity);
        }
        tMicros[size] = t;
        x[size] = (short) px;
        y[size] = (short) py;
        on[size] = polarityOn;
        size++;
    }

    public int size() {
        return size;
    }

    public long t(int i) {
        return tMicros[i];
    }

    public int x(int i) {
        return x[i];
    }

    public int y(int i) {
        return y[i];
    }

    public boolean on(int i) {
        return on[i];
    }

    public int onCount() {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (on[i]) {
                count++;
            }
        }
        return count;
    }

    /** Sorts by time (stable for equal times), so the list can be packed. */
    void sortByTime() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(tMicros[a], tMicros[b]));
        long[] t2 = new long[tMicros.length];
        short[] x2 = new short[x.length];
        short[] y2 = new short[y.length];
        boolean[] on2 = new boolean[on.length];
        for (int i = 0; i < size; i++) {
            int j = order[i];
            t2[i] = tMicros[j];
            x2[i] = x[j];
            y2[i] = y[j];
            on2[i] = on[j];
        }
        tMicros = t2;
        x = x2;
        y = y2;
        on = on2;
    }
}
