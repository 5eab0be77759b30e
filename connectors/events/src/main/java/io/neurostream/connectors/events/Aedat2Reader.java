package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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

    private final SensorGeometry geometry;
    private final Layout layout;
    private final List<String> header;
    private long lastRaw = -1;
    private long wrapMicros;

    public Aedat2Reader(Path path) throws IOException {
        this(path, null);
    }

    public Aedat2Reader(Path path, SensorGeometry geometryOverride) throws IOException {
        super(path, DEFAULT_BUFFER_BYTES);
        this.header = readTextHeader((byte) '#', null);
        if (header.isEmpty() || !header.get(0).startsWith("#!AER-DAT")) {
            throw error(0, "not an AEDAT 2.0 file (no #!AER-DAT line)");
        }
        String all = String.join("\n", header).toUpperCase(Locale.ROOT);
        this.layout = all.contains("DVS128") ? Layout.DVS128 : Layout.DAVIS;
        SensorGeometry fromHeader = SensorGeometry.UNKNOWN;
        if (all.contains("DAVIS346")) {
            fromHeader = new SensorGeometry(346, 260);
        } else if (all.contains("DAVIS240")) {
            fromHeader = new SensorGeometry(240, 180);
        } else if (all.contains("DAVIS128") || all.contains("DVS128")) {
            fromHeader = new SensorGeometry(128, 128);
        }
        this.geometry = geometryOverride != null && geometryOverride.isKnown() ? geometryOverride : fromHeader;
    }

    @Override
    public EventFormat format() {
        return EventFormat.AEDAT2;
    }

    @Override
    public SensorGeometry geometry() {
        return geometry;
    }

    public Layout layout() {
        return layout;
    }

    @Override
    public int read(EventBuffer into) throws IOException {
        final long[] ts = into.tMicros;
        final int[] xs = into.x;
        final int[] ys = into.y;
        final boolean[] ons = into.on;
        final int cap = ts.length;
        final byte[] b = buf;
        final boolean davis = layout == Layout.DAVIS;
        int n = 0;
        while (n < cap) {
            if (limit - pos < 8 && !ensure(8)) {
                if (limit > pos) {
                    throw error(offsetOf(pos), "truncated record: " + (limit - pos) + " of 8 bytes");
                }
                break;
            }
            int p = pos;
            final int end = p + Math.min((limit - p) >>> 3, cap - n) * 8;
            for (; p < end; p += 8) {
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
            pos = end;
        }
        into.size = n;
        return n;
    }
}
