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
        super(path, SMALL_BUFFER_BYTES, EventFormat.EVT3, geometryOverride);
    }

    @Override
    int decode(long[] ts, int[] xs, int[] ys, boolean[] ons) throws IOException {
        final byte[] b = buf;
        final int stop = ts.length - MAX_EVENTS_PER_WORD;
        int n = 0;
        while (n <= stop && (limit - pos >= 2 || more(2, "word"))) {
            // each word writes at most 12 events: bound the words so the arrays cannot overflow
            final int end = runEnd((stop - n) / MAX_EVENTS_PER_WORD + 1, 2);
            if (timeHigh < 0) {
                pos = untimed(pos, end);
                continue;
            }
            // the state in locals for the run; written back at its end and before an error
            int th = timeHigh;
            int tl = timeLow;
            long wrap = wrapMicros;
            long t = wrap + ((long) th << 12 | tl);
            int row = y;
            int bx = baseX;
            boolean von = vectorOn;
            int p = pos;
            for (; p < end; p += 2) {
                final int w = (char) (short) SHORT_LE.get(b, p);
                final int type = w >>> 12;
                // ADDR_X (one event, type 2) and ADDR_Y (type 0) are ~80 % of the words of real recordings, in an
                // order no branch predictor guesses: both without a branch. Every word writes an event at n (there
                // is room: see end), which only ADDR_X keeps by counting it; ADDR_Y replaces the row.
                ts[n] = t;
                xs[n] = w & 0x7FF;
                ys[n] = row;
                ons[n] = (w & 0x800) != 0;
                n += ((type ^ 0x2) - 1) >>> 31;
                final int isY = (type - 1) >> 31;
                row = (row & ~isY) | (w & 0x7FF & isY);
                if ((type | 0x2) == 0x2) {
                    continue;
                }
                switch (type) {
                    case 0x3:
                        bx = w & 0x7FF;
                        von = (w & 0x800) != 0;
                        break;
                    case 0x4:
                    case 0x5: {
                        int mask = type == 0x4 ? w & 0xFFF : w & 0xFF;
                        while (mask != 0) {
                            ts[n] = t;
                            xs[n] = bx + Integer.numberOfTrailingZeros(mask);
                            ys[n] = row;
                            ons[n] = von;
                            n++;
                            mask &= mask - 1;
                        }
                        bx += type == 0x4 ? 12 : 8;
                        break;
                    }
                    case 0x6:
                        tl = w & 0xFFF;
                        t = wrap + ((long) th << 12 | tl);
                        break;
                    case 0x8: {
                        int high = w & 0xFFF;
                        if (high < th) {
                            wrap += 1L << 24;
                        }
                        th = high;
                        t = wrap + ((long) th << 12 | tl);
                        break;
                    }
                    case 0x7:
                    case 0xA:
                    case 0xE:
                    case 0xF:
                        break;
                    default:
                        pos = p;
                        save(th, tl, wrap, row, bx, von);
                        throw unknownType(p, w);
                }
            }
            pos = p;
            save(th, tl, wrap, row, bx, von);
        }
        return n;
    }

    private void save(int th, int tl, long wrap, int row, int bx, boolean von) {
        timeHigh = th;
        timeLow = tl;
        wrapMicros = wrap;
        y = row;
        baseX = bx;
        vectorOn = von;
    }

    private EventFormatException unknownType(int p, int w) {
        return error(offsetOf(p), "unknown EVT 3.0 word type 0x" + Integer.toHexString(w >>> 12));
    }

    /**
     * Words before the first TIME_HIGH, from {@code p} until that one (included) or {@code end}: their events are
     * dropped, the rest of the state is kept. Returns where it stopped.
     */
    private int untimed(int p, int end) throws EventFormatException {
        final byte[] b = buf;
        for (; p < end; p += 2) {
            int w = (char) (short) SHORT_LE.get(b, p);
            switch (w >>> 12) {
                case 0x0:
                    y = w & 0x7FF;
                    break;
                case 0x3:
                    baseX = w & 0x7FF;
                    vectorOn = (w & 0x800) != 0;
                    break;
                case 0x4:
                    baseX += 12;
                    break;
                case 0x5:
                    baseX += 8;
                    break;
                case 0x6:
                    timeLow = w & 0xFFF;
                    break;
                case 0x8:
                    timeHigh = w & 0xFFF;
                    return p + 2;
                case 0x2:
                case 0x7:
                case 0xA:
                case 0xE:
                case 0xF:
                    break;
                default:
                    pos = p;
                    throw unknownType(p, w);
            }
        }
        return p;
    }
}
