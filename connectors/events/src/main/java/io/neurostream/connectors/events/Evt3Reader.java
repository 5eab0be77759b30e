package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Prophesee EVT 3.0 {@code .raw}. A {@code %} text header, then little-endian 16-bit words, type in bits 15–12:
 * 0x0 ADDR_Y (y = bits 10–0), 0x2 ADDR_X (polarity bit 11, x bits 10–0; one event), 0x3 VECT_BASE_X (polarity,
 * base x), 0x4 VECT_12 / 0x5 VECT_8 (a mask of 12 / 8 events at base x + k, then base += 12 / 8),
 * 0x6 TIME_LOW and 0x8 TIME_HIGH (t = time_high &lt;&lt; 12 | time_low, 12 bits each), 0x7 / 0xF continued,
 * 0xA trigger, 0xE other (skipped). Other types are an {@link EventFormatException}.
 *
 * <p>Time follows the spec: a 2^24 µs wrap is counted only when TIME_HIGH decreases. A decreasing TIME_LOW is
 * <em>not</em> a wrap (real Gen4.1 files contain lone TIME_LOW words that jump ahead and come back; decoders that
 * treat the return as a wrap add spurious 4096 µs jumps). Events before the first TIME_HIGH are dropped.
 */
public final class Evt3Reader extends PropheseeReader {
    /** Most events one word produces (a VECT_12). */
    private static final int MAX_EVENTS_PER_WORD = 12;

    private int timeHigh = -1;
    private long wrapMicros;
    private int timeLow;
    private int y;
    private int baseX;
    private boolean vectorOn;

    public Evt3Reader(Path path) throws IOException {
        this(path, null);
    }

    /** @param geometryOverride null/UNKNOWN: from the header, else from the camera generation */
    public Evt3Reader(Path path, SensorGeometry geometryOverride) throws IOException {
        super(path, EventFormat.EVT3, geometryOverride);
    }

    @Override
    int decode(long[] ts, int[] xs, int[] ys, boolean[] ons) throws IOException {
        final byte[] b = buf;
        boolean timed = timeHigh >= 0;
        long t = timed ? wrapMicros + ((long) timeHigh << 12 | timeLow) : 0;
        int row = y;
        int bx = baseX;
        boolean von = vectorOn;
        final int stop = ts.length - MAX_EVENTS_PER_WORD;
        int n = 0;
        while (n <= stop && (limit - pos >= 2 || more(2, "word"))) {
            int p = pos;
            // each word writes at most 12 events: bound the words so the arrays cannot overflow
            for (final int end = runEnd((stop - n) / MAX_EVENTS_PER_WORD + 1, 2); p < end; p += 2) {
                int w = (short) SHORT_LE.get(b, p) & 0xFFFF;
                switch (w >>> 12) {
                    case 0x0:
                        row = w & 0x7FF;
                        break;
                    case 0x2:
                        if (timed) {
                            ts[n] = t;
                            xs[n] = w & 0x7FF;
                            ys[n] = row;
                            ons[n] = (w & 0x800) != 0;
                            n++;
                        }
                        break;
                    case 0x3:
                        bx = w & 0x7FF;
                        von = (w & 0x800) != 0;
                        break;
                    case 0x4:
                    case 0x5: {
                        int mask = (w >>> 12) == 0x4 ? w & 0xFFF : w & 0xFF;
                        if (timed) {
                            while (mask != 0) {
                                ts[n] = t;
                                xs[n] = bx + Integer.numberOfTrailingZeros(mask);
                                ys[n] = row;
                                ons[n] = von;
                                n++;
                                mask &= mask - 1;
                            }
                        }
                        bx += (w >>> 12) == 0x4 ? 12 : 8;
                        break;
                    }
                    case 0x6:
                        timeLow = w & 0xFFF;
                        if (timed) {
                            t = wrapMicros + ((long) timeHigh << 12 | timeLow);
                        }
                        break;
                    case 0x8: {
                        int th = w & 0xFFF;
                        if (th < timeHigh) {
                            wrapMicros += 1L << 24;
                        }
                        timeHigh = th;
                        timed = true;
                        t = wrapMicros + ((long) th << 12 | timeLow);
                        break;
                    }
                    case 0x7:
                    case 0xA:
                    case 0xE:
                    case 0xF:
                        break;
                    default:
                        pos = p;
                        y = row;
                        baseX = bx;
                        vectorOn = von;
                        throw error(offsetOf(p), "unknown EVT 3.0 word type 0x" + Integer.toHexString(w >>> 12));
                }
            }
            pos = p;
        }
        y = row;
        baseX = bx;
        vectorOn = von;
        return n;
    }
}
