package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;

/**
 * N-MNIST / N-Caltech101 binary ({@code .bin}, {@code .bs2}; Orchard et al. 2015). No header; 5-byte records:
 * byte 0 = x, byte 1 = y, bit 7 of byte 2 = polarity (1 = ON), time in µs = the other 23 bits of bytes 2–4,
 * big-endian. A record with y = 240 is a timestamp-overflow marker, as in the data set's {@code Read_Ndataset.m}:
 * it is not an event and adds 2^13 µs to every later timestamp. Geometry 34 × 34 unless overridden.
 */
public final class NmnistReader extends BufferedEventFileReader {
    public static final SensorGeometry NMNIST_GEOMETRY = new SensorGeometry(34, 34);
    static final int RECORD_BYTES = 5;
    static final int OVERFLOW_Y = 240;
    static final long OVERFLOW_MICROS = 1L << 13;

    private long overflowMicros;

    public NmnistReader(Path path) throws IOException {
        this(path, null);
    }

    /** @param geometryOverride null or UNKNOWN to use 34 × 34 */
    public NmnistReader(Path path, SensorGeometry geometryOverride) throws IOException {
        super(path, DEFAULT_BUFFER_BYTES - DEFAULT_BUFFER_BYTES % RECORD_BYTES, EventFormat.NMNIST, geometryOverride);
        fileGeometry(NMNIST_GEOMETRY);
    }

    @Override
    int decode(long[] ts, int[] xs, int[] ys, boolean[] ons) throws IOException {
        final byte[] b = buf;
        int n = 0;
        while (n < ts.length && (limit - pos >= RECORD_BYTES || more(RECORD_BYTES, "record"))) {
            long overflow = overflowMicros;
            int p = pos;
            for (final int end = runEnd(ts.length - n, RECORD_BYTES); p < end; p += RECORD_BYTES) {
                int y = b[p + 1] & 0xFF;
                int b2 = b[p + 2] & 0xFF;
                if (y == OVERFLOW_Y) {
                    overflow += OVERFLOW_MICROS;
                    continue;
                }
                ts[n] = overflow + ((b2 & 0x7F) << 16 | (b[p + 3] & 0xFF) << 8 | (b[p + 4] & 0xFF));
                xs[n] = b[p] & 0xFF;
                ys[n] = y;
                ons[n] = b2 >= 0x80;
                n++;
            }
            overflowMicros = overflow;
            pos = p;
        }
        return n;
    }
}
