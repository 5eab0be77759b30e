package io.neurostream.core.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The live analyses of one session's spike stream: {@link PopulationStats} (sliding-window unit
 * statistics), {@link Connectivity} (cross-correlogram connectivity graph) and {@link BrainStates}
 * (online HMM and early-warning indicators), fed the same spikes in time order.
 *
 * <pre>{@code
 * SpikeAnalytics a = new SpikeAnalytics(AnalyticsParams.defaults(), unitCount);
 * a.spike(unit, tMicros, listener);         // each spike, in time order
 * a.advanceTo(batchEndMicros, listener);     // a batch says: nothing earlier will come
 * }</pre>
 */
public final class SpikeAnalytics {
    /** Receives everything the three kernels emit. */
    public interface Listener extends PopulationStats.Listener, Connectivity.Listener, BrainStates.Listener {
    }

    private final AnalyticsParams params;
    private final PopulationStats stats;
    private final Connectivity connectivity;
    private final BrainStates states;
    private boolean started;
    private long clockMicros;
    private long lateSpikes;

    public SpikeAnalytics(AnalyticsParams params, int unitCount) {
        this(params, new PopulationStats(params.stats(), unitCount), new Connectivity(params.connectivity(), unitCount),
                new BrainStates(params.states(), unitCount));
    }

    private SpikeAnalytics(AnalyticsParams params, PopulationStats stats, Connectivity connectivity, BrainStates states) {
        this.params = params;
        this.stats = stats;
        this.connectivity = connectivity;
        this.states = states;
    }

    public int unitCount() {
        return stats.unitCount();
    }

    public AnalyticsParams params() {
        return params;
    }

    public PopulationStats stats() {
        return stats;
    }

    public Connectivity connectivity() {
        return connectivity;
    }

    public BrainStates states() {
        return states;
    }

    /** Spikes refused because they were earlier than the clock (one already seen, or a batch's end). */
    public long lateSpikes() {
        return lateSpikes;
    }

    /** The recording clock: no spike before it is accepted. */
    public long clockMicros() {
        return clockMicros;
    }

    /** Feeds a spike to the three kernels; false (and counted late) if it is earlier than the clock. */
    public boolean spike(int unit, long tMicros, Listener listener) {
        if (unit < 0 || unit >= unitCount()) {
            throw new IllegalArgumentException("unit " + unit + " outside 0.." + (unitCount() - 1));
        }
        if (started && tMicros < clockMicros) {
            lateSpikes++;
            return false;
        }
        advanceTo(tMicros, listener);
        stats.spike(unit, tMicros, listener);
        connectivity.spike(unit, tMicros, listener);
        states.spike(unit, tMicros, listener);
        return true;
    }

    /** The recording clock reached {@code tMicros}: closes windows and bins, evaluates the graph when due. */
    public void advanceTo(long tMicros, Listener listener) {
        if (started && tMicros <= clockMicros) {
            return;
        }
        started = true;
        clockMicros = tMicros;
        stats.advanceTo(tMicros, listener);
        connectivity.advanceTo(tMicros, listener);
        states.advanceTo(tMicros, listener);
    }

    /** End of the recording: evaluates the graph once more at the clock; a state model still warming up is fitted on what it has. */
    public void finish(Listener listener) {
        if (started) {
            connectivity.evaluateNow(clockMicros, listener);
            states.finish(listener);
        }
    }

    /** Approximate bytes of state of the three kernels. */
    public long stateBytes() {
        return stats.stateBytes() + connectivity.stateBytes() + states.stateBytes();
    }

    /** Writes the parameters and the state of the three kernels. */
    public void writeTo(DataOutput out) throws IOException {
        params.writeTo(out);
        out.writeBoolean(started);
        out.writeLong(clockMicros);
        out.writeLong(lateSpikes);
        stats.writeTo(out);
        connectivity.writeTo(out);
        states.writeTo(out);
    }

    /** Reads what {@link #writeTo} wrote. */
    public static SpikeAnalytics readFrom(DataInput in) throws IOException {
        AnalyticsParams params = AnalyticsParams.readFrom(in);
        boolean started = in.readBoolean();
        long clock = in.readLong();
        long late = in.readLong();
        SpikeAnalytics a = new SpikeAnalytics(params, PopulationStats.readFrom(params.stats(), in),
                Connectivity.readFrom(params.connectivity(), in), BrainStates.readFrom(params.states(), in));
        a.started = started;
        a.clockMicros = clock;
        a.lateSpikes = late;
        return a;
    }
}
