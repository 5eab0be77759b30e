package io.neurostream.connectors.spikes;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A time-ordered stream of sorted spikes from one recording, read as a cursor so no object is
 * allocated per spike.
 *
 * <pre>{@code
 * try (SpikeSource source = SpikeSources.open(Path.of("data/spikes/kilosort"))) {
 *     while (source.next()) {
 *         long tMicros = source.timeMicros();
 *         int unit = source.unitIndex();      // in [0, source.unitCount())
 *     }
 * }
 * }</pre>
 *
 * <p>Contract: {@link #timeMicros()} never decreases from one {@link #next()} to the next; every
 * unit index is in {@code [0, unitCount())} and names {@code units().get(index)}. A source
 * that finds malformed input throws {@link SpikeFileException} naming the file and the problem.
 */
public interface SpikeSource extends Closeable {

    /** What this source reads (a file or folder path, or a simulator description). */
    String name();

    /** Units in index order; {@code units().get(i).index() == i}. */
    List<SpikeUnit> units();

    /** Number of units; every unit index is in {@code [0, unitCount())}. */
    default int unitCount() {
        return units().size();
    }

    /**
     * Advances to the next spike.
     *
     * @return false when the recording is exhausted
     * @throws SpikeFileException if the input turns out to be malformed at this point
     */
    boolean next() throws IOException;

    /** Time of the current spike, µs on the recording clock. Valid after {@link #next()} returned true. */
    long timeMicros();

    /** Unit index of the current spike. Valid after {@link #next()} returned true. */
    int unitIndex();

    /** Behavioural time series stored with the spikes (e.g. position, velocity); empty if none. */
    default List<BehaviorSeries> behavior() {
        return List.of();
    }

    @Override
    default void close() throws IOException {
    }
}
