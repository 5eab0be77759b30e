package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Prophesee {@code .dat} (CD events, version 2). A {@code %} text header ({@code % Version 2}, {@code % Width},
 * {@code % Height}, ...), then one byte event type and one byte event size (≥ 8), then records of that size:
 * uint32 LE timestamp (µs, unwrapped at 2^32), uint32 LE data with x = bits 13–0, y = bits 27–14,
 * polarity = bits 31–28 (non-zero = ON). Extra bytes of larger records are skipped.
 *
 * <p>No real {@code .dat} sample exists in the shared data; tested against files written per the spec.
 */
public final class DatReader extends PropheseeReader {
    private final int eventType;
    private final int eventSize;
    private long lastRaw = -1;
    private long wrapMicros;

    public DatReader(Path path) throws IOException {
        this(path, null);
    }

    public DatReader(Path path, SensorGeometry geometryOverride) throws IOException {
        super(path, EventFormat.DAT, geometryOverride);
        long at = bytePosition();
        if (!ensure(2)) {
            throw error(at, "file ends before the event type and size bytes");
        }
        eventType = buf[pos] & 0xFF;
        eventSize = buf[pos + 1] & 0xFF;
        pos += 2;
        if (eventSize < 8) {
            throw error(at + 1, "event size " + eventSize + " (at least 8 expected)");
        }
    }

    /** The type byte after the header (0x0C for CD events). */
    public int eventType() {
        return eventType;
    }

    @Override
    int decode(long[] ts, int[] xs, int[] ys, boolean[] ons) throws IOException {
        final byte[] b = buf;
        final int size = eventSize;
        int n = 0;
        while (n < ts.length && (limit - pos >= size || more(size, "record"))) {
            int p = pos;
            for (final int end = runEnd(ts.length - n, size); p < end; p += size) {
                long raw = i32le(b, p) & 0xFFFF_FFFFL;
                if (raw < lastRaw) {
                    wrapMicros += 1L << 32;
                }
                lastRaw = raw;
                int data = i32le(b, p + 4);
                ts[n] = wrapMicros + raw;
                xs[n] = data & 0x3FFF;
                ys[n] = (data >>> 14) & 0x3FFF;
                ons[n] = (data >>> 28) != 0;
                n++;
            }
            pos = p;
        }
        return n;
    }
}
