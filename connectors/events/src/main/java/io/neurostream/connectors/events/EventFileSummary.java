package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code neurostream inspect} shows about a file: format, geometry, counts, time span, mean and peak event
 * rate, ON/OFF balance and the coordinate ranges actually seen. Computed in one streaming pass.
 *
 * <pre>{@code
 * EventFileSummary s = EventFileSummary.of(Path.of("rec.raw"));
 * System.out.println(s.describe());
 * }</pre>
 *
 * @param path              the file
 * @param format            detected (or given) format
 * @param geometry          the reader's geometry (override, header, or format default; may be UNKNOWN)
 * @param sizeBytes         file size
 * @param events            number of events
 * @param onEvents          ON events
 * @param firstTMicros      time of the first event (µs), 0 if none
 * @param lastTMicros       time of the last event (µs), 0 if none
 * @param minX              smallest x seen (0 if no events), likewise the others
 * @param maxX              largest x seen
 * @param minY              smallest y seen
 * @param maxY              largest y seen
 * @param timeDecreases     how many events have a time before their predecessor's (0 for a well-formed file)
 * @param peakWindowMicros  window over which the peak rate is counted
 * @param peakWindowEvents  most events in one window (windows aligned at the first event)
 */
public record EventFileSummary(
        Path path, EventFormat format, SensorGeometry geometry, long sizeBytes, long events, long onEvents,
        long firstTMicros, long lastTMicros, int minX, int maxX, int minY, int maxY, long timeDecreases,
        long peakWindowMicros, long peakWindowEvents) {

    /** Default window of the peak rate: 1 ms. */
    public static final long DEFAULT_PEAK_WINDOW_MICROS = 1_000;

    public static EventFileSummary of(Path path) throws IOException {
        try (EventFileReader reader = EventFormats.open(path)) {
            return of(reader, DEFAULT_PEAK_WINDOW_MICROS);
        }
    }

    /** Reads {@code reader} to its end. */
    public static EventFileSummary of(EventFileReader reader, long peakWindowMicros) throws IOException {
        if (peakWindowMicros <= 0) {
            throw new IllegalArgumentException("peakWindowMicros " + peakWindowMicros + " must be > 0");
        }
        EventBuffer buf = new EventBuffer(8192);
        long events = 0;
        long on = 0;
        long first = 0;
        long last = 0;
        long decreases = 0;
        int minX = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxY = Integer.MIN_VALUE;
        long windowIndex = Long.MIN_VALUE;
        long windowCount = 0;
        long peak = 0;
        int n;
        while ((n = reader.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                long t = buf.tMicros[i];
                if (events == 0) {
                    first = t;
                } else if (t < last) {
                    decreases++;
                }
                last = t;
                events++;
                if (buf.on[i]) {
                    on++;
                }
                int x = buf.x[i];
                int y = buf.y[i];
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                long w = Math.floorDiv(t - first, peakWindowMicros);
                if (w != windowIndex) {
                    peak = Math.max(peak, windowCount);
                    windowIndex = w;
                    windowCount = 0;
                }
                windowCount++;
            }
        }
        peak = Math.max(peak, windowCount);
        if (events == 0) {
            minX = maxX = minY = maxY = 0;
        }
        return new EventFileSummary(reader.path(), reader.format(), reader.geometry(), reader.sizeBytes(), events, on,
                first, last, minX, maxX, minY, maxY, decreases, peakWindowMicros, peak);
    }

    public long offEvents() {
        return events - onEvents;
    }

    /** Last minus first event time (µs). */
    public long durationMicros() {
        return lastTMicros - firstTMicros;
    }

    /** Events per second over the whole span (0 if the span is 0). */
    public double meanRateHz() {
        long d = durationMicros();
        return d > 0 ? events * 1e6 / d : 0;
    }

    /** Most events in one {@link #peakWindowMicros} window, per second. */
    public double peakRateHz() {
        return peakWindowEvents * 1e6 / peakWindowMicros;
    }

    /** ON events / all events (0.5 = balanced; 0 if empty). */
    public double onFraction() {
        return events == 0 ? 0 : (double) onEvents / events;
    }

    /** The geometry to draw with: the reader's, or the seen coordinate range if the file gave none. */
    public SensorGeometry effectiveGeometry() {
        if (geometry.isKnown()) {
            return geometry;
        }
        return new SensorGeometry(Math.max(1, Math.min(65535, maxX + 1)), Math.max(1, Math.min(65535, maxY + 1)));
    }

    /** A multi-line human-readable description. */
    public String describe() {
        return String.format(Locale.ROOT,
                "file       %s (%,d bytes)%n"
                        + "format     %s%n"
                        + "geometry   %s%n"
                        + "events     %,d (ON %,d, OFF %,d, ON fraction %.3f)%n"
                        + "time       %,d -> %,d us (duration %,d us)%n"
                        + "rate       mean %,.0f ev/s, peak %,.0f ev/s (%,d us windows)%n"
                        + "x, y       %d-%d, %d-%d%s",
                path, sizeBytes, format, geometry, events, onEvents, offEvents(), onFraction(), firstTMicros,
                lastTMicros, durationMicros(), meanRateHz(), peakRateHz(), peakWindowMicros, minX, maxX, minY, maxY,
                timeDecreases > 0 ? String.format(Locale.ROOT, "%ntime goes back %,d times", timeDecreases) : "");
    }
}
