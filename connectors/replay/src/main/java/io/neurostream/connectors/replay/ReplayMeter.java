package io.neurostream.connectors.replay;

/** Counts what a replay sent and hands a {@link ReplayStats} to its progress callback about once a second. */
final class ReplayMeter {
    private static final long REPORT_NANOS = 1_000_000_000L;

    private final ReplayProgress progress;
    private final long totalEvents;
    private final long startNanos = System.nanoTime();
    private long nextReportNanos = startNanos + REPORT_NANOS;
    private long events;
    private long packets;
    private long labels;

    /** @param progress null for none */
    ReplayMeter(ReplayProgress progress, long totalEvents) {
        this.progress = progress;
        this.totalEvents = totalEvents;
    }

    void packet(long eventCount) {
        packets++;
        events += eventCount;
    }

    void label() {
        labels++;
    }

    long events() {
        return events;
    }

    /** Reports if a second has passed since the last report; {@code fraction} is only asked then. */
    void tick(double recordingSeconds, java.util.function.DoubleSupplier fraction) {
        long now = System.nanoTime();
        if (progress != null && now >= nextReportNanos) {
            nextReportNanos = now + REPORT_NANOS;
            progress.update(stats(recordingSeconds, fraction.getAsDouble()));
        }
    }

    /** The final stats, also reported. */
    ReplayStats done(double recordingSeconds, double fraction) {
        ReplayStats done = stats(recordingSeconds, fraction);
        if (progress != null) {
            progress.update(done);
        }
        return done;
    }

    private ReplayStats stats(double recordingSeconds, double fraction) {
        return new ReplayStats(events, packets, labels, recordingSeconds, (System.nanoTime() - startNanos) / 1e9,
                totalEvents, fraction);
    }
}
