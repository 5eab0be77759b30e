package io.neurostream.connectors.spikes;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SpikeSource} over spikes held in arrays (simulations, tests).
 *
 * <pre>{@code
 * SpikeSource s = new ArraySpikeSource("sim", 3, new long[] {10, 20}, new int[] {0, 2}, List.of());
 * }</pre>
 */
public final class ArraySpikeSource implements SpikeSource {
    private final String name;
    private final List<SpikeUnit> units;
    private final long[] timesMicros;
    private final int[] unitIndices;
    private final int count;
    private final List<BehaviorSeries> behavior;
    private int position = -1;

    /**
     * @param timesMicros spike times, non-decreasing (not copied; do not modify)
     * @param unitIndices unit of each spike in [0, unitCount) (not copied)
     */
    public ArraySpikeSource(String name, int unitCount, long[] timesMicros, int[] unitIndices,
                            List<BehaviorSeries> behavior) {
        this(name, unitCount, timesMicros, unitIndices, timesMicros.length, behavior);
    }

    /** As above, using the first {@code count} entries of the arrays. */
    public ArraySpikeSource(String name, int unitCount, long[] timesMicros, int[] unitIndices, int count,
                            List<BehaviorSeries> behavior) {
        if (count < 0 || count > timesMicros.length || count > unitIndices.length) {
            throw new IllegalArgumentException("count " + count + " exceeds the arrays (" + timesMicros.length + ", "
                    + unitIndices.length + ")");
        }
        long[] perUnit = new long[unitCount];
        for (int i = 0; i < count; i++) {
            if (i > 0 && timesMicros[i] < timesMicros[i - 1]) {
                throw new IllegalArgumentException(name + ": times not increasing at spike " + i + ": "
                        + timesMicros[i] + " after " + timesMicros[i - 1]);
            }
            int u = unitIndices[i];
            if (u < 0 || u >= unitCount) {
                throw new IllegalArgumentException(name + ": unit index " + u + " at spike " + i + " outside [0, "
                        + unitCount + ")");
            }
            perUnit[u]++;
        }
        List<SpikeUnit> list = new ArrayList<>(unitCount);
        for (int u = 0; u < unitCount; u++) {
            list.add(new SpikeUnit(u, u, "", perUnit[u]));
        }
        this.name = name;
        this.units = List.copyOf(list);
        this.timesMicros = timesMicros;
        this.unitIndices = unitIndices;
        this.count = count;
        this.behavior = List.copyOf(behavior);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<SpikeUnit> units() {
        return units;
    }

    @Override
    public List<BehaviorSeries> behavior() {
        return behavior;
    }

    @Override
    public boolean next() {
        if (position + 1 >= count) {
            position = count;
            return false;
        }
        position++;
        return true;
    }

    @Override
    public long timeMicros() {
        return timesMicros[position];
    }

    @Override
    public int unitIndex() {
        return unitIndices[position];
    }
}
