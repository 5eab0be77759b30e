package io.neurostream.connectors.replay;

/**
 * What a replay sent so far, the same for every kind of {@link Recording}: "events" are the
 * records of the main stream (camera events or spikes), "packets" the messages carrying them
 * (EventPackets or SpikeBatches).
 *
 * @param events           events (or spikes) sent
 * @param packets          EventPackets (or SpikeBatches) sent
 * @param labels           Labels sent
 * @param recordingSeconds recording time covered so far
 * @param wallSeconds      wall time since the replay started
 * @param totalEvents      events in the whole replay, -1 if unknown (event-camera files are not counted ahead)
 * @param fractionDone     share of the input replayed, in [0, 1]; NaN when looping until stopped
 */
public record ReplayStats(long events, long packets, long labels, double recordingSeconds, double wallSeconds,
                          long totalEvents, double fractionDone) {

    public double eventsPerSecond() {
        return wallSeconds > 0 ? events / wallSeconds : 0;
    }

    /** Seconds left at the current pace; NaN if unknown. */
    public double etaSeconds() {
        if (Double.isNaN(fractionDone) || fractionDone <= 0) {
            return Double.NaN;
        }
        return wallSeconds * (1 - fractionDone) / fractionDone;
    }
}
