package io.neurostream.connectors.events;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A streaming decoder of one event-camera file. Memory stays bounded whatever the file size: the file is
 * read through a fixed buffer (AEDAT 4: one packet at a time).
 *
 * <pre>{@code
 * try (EventFileReader reader = EventFormats.open(path)) {
 *     EventBuffer buf = new EventBuffer(8192);
 *     while (reader.read(buf) > 0) {
 *         for (int i = 0; i < buf.size; i++) { use(buf.tMicros[i], buf.x[i], buf.y[i], buf.on[i]); }
 *     }
 * }
 * }</pre>
 *
 * Errors in the bytes are {@link EventFormatException}s naming the file and byte offset.
 * Not thread-safe.
 */
public interface EventFileReader extends Closeable {

    EventFormat format();

    Path path();

    /** The configured override, else the size the file states, else the format's fixed size, else UNKNOWN. */
    SensorGeometry geometry();

    /**
     * Decodes the next events into {@code into} (from index 0) and sets {@code into.size}.
     *
     * @return the number of events written; 0 only at the end of the file
     */
    int read(EventBuffer into) throws IOException;

    /** Bytes of the file consumed so far (for progress); {@link #sizeBytes()} at the end. */
    long bytePosition();

    /** Size of the file in bytes. */
    long sizeBytes();

    /** Streams every remaining event to {@code consumer}; returns how many. */
    default long forEach(EventConsumer consumer) throws IOException {
        EventBuffer buf = new EventBuffer(8192);
        long total = 0;
        int n;
        while ((n = read(buf)) > 0) {
            long[] t = buf.tMicros;
            int[] xs = buf.x;
            int[] ys = buf.y;
            boolean[] on = buf.on;
            for (int i = 0; i < n; i++) {
                consumer.accept(t[i], xs[i], ys[i], on[i]);
            }
            total += n;
        }
        return total;
    }
}
