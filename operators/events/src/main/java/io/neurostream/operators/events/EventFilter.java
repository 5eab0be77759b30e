package io.neurostream.operators.events;

/**
 * A per-event pass/drop decision over a {@link PixelTimeState}. Implementations are final, deterministic and
 * allocation-free; the batch form compacts the arrays in place.
 */
public interface EventFilter {

    /** Creates the state this filter needs (sized from its params). */
    PixelTimeState newState();

    /**
     * Decides one event and updates {@code state}. Events must come in non-decreasing time per pixel
     * neighbourhood for the documented semantics; coordinates outside the geometry are dropped.
     *
     * @return true if the event passes
     */
    boolean accept(PixelTimeState state, long tMicros, int x, int y, boolean on);

    /**
     * Filters events {@code [0, count)} of the arrays in place (modified), keeping the order of the passing ones.
     *
     * @return the number of events kept, now at {@code [0, result)}
     */
    default int filter(PixelTimeState state, long[] tMicros, int[] x, int[] y, boolean[] on, int count) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (accept(state, tMicros[i], x[i], y[i], on[i])) {
                tMicros[kept] = tMicros[i];
                x[kept] = x[i];
                y[kept] = y[i];
                on[kept] = on[i];
                kept++;
            }
        }
        return kept;
    }
}
