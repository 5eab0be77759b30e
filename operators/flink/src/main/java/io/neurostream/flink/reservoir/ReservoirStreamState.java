package io.neurostream.flink.reservoir;

import io.neurostream.core.timeseries.OnlineReadout;
import io.neurostream.core.timeseries.Reservoir;
import io.neurostream.core.timeseries.ReservoirSpec;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keyed state of one stream in one reservoir operator: the reservoir (rebuilt from its spec,
 * plus its evolving state), the readout, the fed-back output, the samples waiting for their label
 * (or for the labels' watermark), labels waiting for their sample, and the FREEZE / UNFREEZE
 * switches by stream time. Live objects: the heap backend keeps them as they are between records;
 * {@link ReservoirStateSerializer} writes the spec and the vectors.
 */
public final class ReservoirStreamState {
    /** A sample waiting to be stepped. */
    public record Pending(long sequence, long startMicros, long endMicros, double[] values, long ingestMillis) {
    }

    ReservoirSpec spec;
    Reservoir reservoir;
    OnlineReadout readout;
    OnlineReadout.ReadoutParams params;
    double[] lastOutput;
    long steps;
    long lastSequence = -1;
    /** Start (µs) of the last sample stepped; labels at or before it come too late. */
    long lastSteppedStart = Long.MIN_VALUE;
    /** Stream time from which learning is on (true) or off (false). */
    final TreeMap<Long, Boolean> switches = new TreeMap<>();
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Labels by their start time (µs). */
    final TreeMap<Long, double[]> labels = new TreeMap<>();
    /** Whether the readout was learning at the last step (to call frozen() once per switch). */
    boolean wasLearning = true;

    boolean learningAt(long micros) {
        Map.Entry<Long, Boolean> e = switches.floorEntry(micros);
        return e == null || e.getValue();
    }

    /** Drops switches no sample will look at any more (keeps the one in force). */
    void pruneSwitches(long beforeMicros) {
        Long floor = switches.floorKey(beforeMicros);
        if (floor != null) {
            switches.headMap(floor, false).clear();
        }
    }

    public ReservoirSpec spec() {
        return spec;
    }

    public OnlineReadout readout() {
        return readout;
    }

    public long steps() {
        return steps;
    }
}
