package io.neurostream.connectors.events;

/** Receives decoded events one by one, in file order, without boxing. */
@FunctionalInterface
public interface EventConsumer {
    /**
     * @param tMicros sensor time in µs (absolute as the format defines it)
     * @param x       column
     * @param y       row
     * @param on      true for an ON (brightness increase) event
     */
    void accept(long tMicros, int x, int y, boolean on);
}
