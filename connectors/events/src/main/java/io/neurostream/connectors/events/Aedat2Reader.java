package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * jAER AEDAT 2.0 (also reads 1.0-style headers). {@code #} text header lines ({@code #!AER-DAT2.0} first), then
 * big-endian 8-byte records: int32 address, int32 timestamp (µs, wraps at 2^32 and is unwrapped here).
 *
 * <p>Address layouts (jAER's extractors): {@link Layout#DAVIS} — DVS event iff bit 31 = 0 and bit 10 = 0;
 * y = bits 30–22, x = bits 21–12, polarity = bit 11 (1 = ON); APS/IMU/special records are skipped.
 * {@link Layout#DVS128} — x = 127 − bits 7–1, y = bits 14–8, bit 0 = 0 for ON. The layout is chosen from the
 * header ({@code DVS128} anywhere in it selects DVS128, else DAVIS); geometry from the chip name
 * (DAVIS346 346×260, DAVIS240 240×180, DAVIS128 128×128, DVS128 128×128), unless overridden.
 *
 * <p>Coordinates are returned exactly as the address holds them, in jAER's convention (origin at the lower-left
 * pixel, so y grows upwards; some writers, e.g. v2e, also mirror x). Flip downstream if image coordinates are needed.
 *
 * <p>No real AEDAT 2.0 sample exists in the shared data; this reader is tested against files written per the
 * spec by the tests.
 */
public final class Aedat2Reader extends BufferedEventFileReader {
    /** How a 32-bit address splits into x, y and polarity. */
    public enum Layout { DAVIS, DVS128 }

    private final Layout layout;
    private long lastRaw = -1;
    private long wrapMicros;

    public Aedat2Reader(Path path) throws IOException {
        this(path, null);
    }

    public Aedat2Reader(Path path, SensorGeometry geometryOverride) throws IOException {
        super(path, DEFAULT_BUFFER_BYTES, EventFormat.AEDAT2, geometryOverride);
        String header = String.join("\n", readTextHeader((byte) '#', null, "#!AER-DAT",
                "not an AEDAT 2.0 file (no #!AER-DAT line)"));
        this.layout = header.toUpperCase(Locale.ROOT).contains("DVS128") ? Layout.DVS128 : Layout.DAVIS;
        fileGeometry(SensorGeometry.ofChipName(header));
    }

    public Layout layout() {
        return layout;
    }

    @Override
    int decode(long[] ts, int[] xs, int[] ys, boolean[] ons) throws IOException {
        final byte[] b = buf;
        final boolean davis = layout == Layout.DAVIS;
        int n = 0;
        while (n < ts.length && (limit - pos >= 8 || more(8, "record"))) {
            int p = pos;
            for (final int end = runEnd(ts.length - n, 8); p < end; p += 8) {
                int addr = i32be(b, p);
                long raw = i32be(b, p + 4) & 0xFFFF_FFFFL;
                if (raw < lastRaw) {
                    wrapMicros += 1L << 32;
                }
                lastRaw = raw;
                if (davis) {
                    if ((addr & 0x8000_0400) != 0) {
                        continue;
                    }
                    xs[n] = (addr >>> 12) & 0x3FF;
                    ys[n] = (addr >>> 22) & 0x1FF;
                    ons[n] = (addr & 0x800) != 0;
                } else {
                    xs[n] = 127 - ((addr >>> 1) & 0x7F);
                    ys[n] = (addr >>> 8) & 0x7F;
                    ons[n] = (addr & 1) == 0;
                }
                ts[n] = wrapMicros + raw;
                n++;
            }
            pos = p;
        }
        return n;
    }
}
