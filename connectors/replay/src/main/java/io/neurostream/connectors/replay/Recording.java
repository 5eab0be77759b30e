package io.neurostream.connectors.replay;

import java.io.IOException;

/**
 * A recorded file that {@code neurostream replay} streams onto Kafka with its original timing.
 * Spike recordings are {@link SpikeFileReplay}; other kinds (event-camera files) plug in as
 * further implementations, chosen in {@link Recordings#open}.
 */
public interface Recording {
    /** One line: what it is, how much it holds and over how long. */
    String describe();

    /** Records of the main stream (spikes, events), for progress and ETA; -1 if unknown. */
    long totalRecords();

    /**
     * Streams the recording into {@code target}, waiting on {@code pacer} so that each batch is
     * sent when its window has ended on the recording clock (scaled by the speed).
     *
     * @param progress called about once a second (and at the end)
     */
    ReplayStats replay(ReplayTarget target, Pacer pacer, ReplayProgress progress) throws IOException, InterruptedException;

    /** Progress callback. */
    @FunctionalInterface
    interface ReplayProgress {
        void update(ReplayStats soFar);
    }

    /**
     * What a replay sent.
     *
     * @param records spikes (or events) sent
     * @param batches SpikeBatch (or packet) messages sent
     * @param labels Label messages sent
     * @param recordingSeconds recording time covered so far
     * @param wallSeconds wall time since the start
     * @param totalRecords records in the recording, -1 if unknown
     */
    record ReplayStats(long records, long batches, long labels, double recordingSeconds, double wallSeconds,
                       long totalRecords) {
        public double recordsPerSecond() {
            return wallSeconds > 0 ? records / wallSeconds : 0;
        }

        /** Seconds left, from the records still to send at the current rate; NaN if unknown. */
        public double etaSeconds() {
            if (totalRecords < 0 || records == 0) {
                return Double.NaN;
            }
            return wallSeconds * (totalRecords - records) / records;
        }
    }
}
