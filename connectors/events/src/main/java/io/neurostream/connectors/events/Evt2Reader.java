package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Prophesee EVT 2.0 {@code .raw}. A {@code %} text header, then little-endian 32-bit words, type in bits 31–28:
 * 0x0 CD OFF / 0x1 CD ON (bits 27–22 the time's 6 low bits, 21–11 x, 10–0 y), 0x8 TIME_HIGH (bits 27–0 the time's
 * upper 28 bits), 0xA external trigger, 0xE other, 0xF continued (skipped). Any other type is an
 * {@link EventFormatException}. CD events before the first TIME_HIGH have no time and are dropped; a TIME_HIGH
 * that goes backwards counts a 2^34 µs wrap.
 */
public final class Evt2Reader extends PropheseeReader {
    private long timeHigh = -1;
    private long wrapMicros;

    public Evt2Reader(Path path) throws IOException {
        this(path, null);
    }

    /** @param geometryOverride null/UNKNOWN: from the header, else from the camera generation */
    public Evt2Reader(Path path, SensorGeometry geometryOverride) throws IOException {
        super(path, EventFormat.EVT2, geometryOverride);
    }

    @Override
    int decode(long[] ts, int[] xs, int[] ys, boolean[] ons) throws IOException {
        final byte[] b = buf;
        long base = timeHigh < 0 ? -1 : wrapMicros + (timeHigh << 6);
        int n = 0;
        while (n < ts.length && (limit - pos >= 4 || more(4, "word"))) {
            int p = pos;
            for (final int end = runEnd(ts.length - n, 4); p < end; p += 4) {
                int w = (int) INT_LE.get(b, p);
                int type = w >>> 28;
                if (type <= 1) {
                    if (base >= 0) {
                        ts[n] = base | ((w >>> 22) & 0x3F);
                        xs[n] = (w >>> 11) & 0x7FF;
                        ys[n] = w & 0x7FF;
                        ons[n] = type == 1;
                        n++;
                    }
                } else if (type == 0x8) {
                    long th = w & 0x0FFF_FFFFL;
                    if (th < timeHigh) {
                        wrapMicros += 1L << 34;
                    }
                    timeHigh = th;
                    base = wrapMicros + (th << 6);
                } else if (type != 0xA && type != 0xE && type != 0xF) {
                    pos = p;
                    throw error(offsetOf(p), "unknown EVT 2.0 word type 0x" + Integer.toHexString(type));
                }
            }
            pos = p;
        }
        return n;
    }
}
