package io.neurostream.connectors.events;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes N-MNIST binary (the layout {@link NmnistReader} reads): 5 bytes per event, x and y in [0, 255] with
 * y ≠ 240, time in µs. Times beyond the 23-bit field are written with overflow markers (y = 240, +2^13 µs each),
 * as the original data set does, so any non-decreasing time fits; a time that falls back behind the last marker
 * is refused.
 *
 * <pre>{@code
 * try (NmnistWriter w = new NmnistWriter(Path.of("out.bin"))) {
 *     w.write(654, 10, 12, true);
 * }
 * }</pre>
 */
public final class NmnistWriter implements Closeable {
    static final long MAX_RAW_MICROS = (1L << 23) - 1;

    private final OutputStream out;
    private final byte[] record = new byte[NmnistReader.RECORD_BYTES];
    private long overflowMicros;
    private long written;

    public NmnistWriter(Path path) throws IOException {
        this(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
    }

    /** Takes ownership of {@code out} (closed by {@link #close()}). */
    public NmnistWriter(OutputStream out) {
        this.out = out;
    }

    public void write(long tMicros, int x, int y, boolean on) throws IOException {
        if (x < 0 || x > 255 || y < 0 || y > 255 || y == NmnistReader.OVERFLOW_Y) {
            throw new IllegalArgumentException("x " + x + " / y " + y + " not writable in N-MNIST (0-255, y != 240)");
        }
        if (tMicros < overflowMicros) {
            throw new IllegalArgumentException("tMicros " + tMicros + " is before the last overflow marker ("
                    + overflowMicros + " us): N-MNIST time cannot go back that far");
        }
        while (tMicros - overflowMicros > MAX_RAW_MICROS) {
            put(0, NmnistReader.OVERFLOW_Y, false, 0);
            overflowMicros += NmnistReader.OVERFLOW_MICROS;
        }
        put(x, y, on, tMicros - overflowMicros);
        written++;
    }

    /** Writes {@code events[0, size)}. */
    public void write(EventBuffer events) throws IOException {
        for (int i = 0; i < events.size; i++) {
            write(events.tMicros[i], events.x[i], events.y[i], events.on[i]);
        }
    }

    /** Events written (markers not counted). */
    public long eventsWritten() {
        return written;
    }

    private void put(int x, int y, boolean on, long raw) throws IOException {
        record[0] = (byte) x;
        record[1] = (byte) y;
        record[2] = (byte) ((on ? 0x80 : 0) | (raw >>> 16) & 0x7F);
        record[3] = (byte) (raw >>> 8);
        record[4] = (byte) raw;
        out.write(record);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
