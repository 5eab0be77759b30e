package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cAER AEDAT 3.1. {@code #} text header ({@code #!AER-DAT3.1} first, {@code #!END-HEADER} last), then packets
 * with a 28-byte little-endian header: int16 eventType, int16 eventSource, int32 eventSize, int32 eventTSOffset,
 * int32 eventTSOverflow, int32 eventCapacity, int32 eventNumber, int32 eventValid; then eventCapacity × eventSize
 * bytes. Polarity packets (type 1, 8-byte events): uint32 data (bit 0 valid, bit 1 polarity, bits 16–2 y,
 * bits 31–17 x), int32 timestamp; t = eventTSOverflow &lt;&lt; 31 | timestamp. Invalid events and other packet types
 * are skipped. Geometry from {@code sizeX}/{@code sizeY} or a DAVIS/DVS chip name in the header, unless overridden.
 *
 * <p>No real AEDAT 3.1 sample exists in the shared data; tested against files written per the spec.
 */
public final class Aedat31Reader extends BufferedEventFileReader {
    static final int PACKET_HEADER_BYTES = 28;
    static final int POLARITY_EVENT = 1;

    private final SensorGeometry geometry;
    private final List<String> header;
    /** Remaining polarity events in the current packet, and its time overflow. */
    private int remaining;
    private long overflowMicros;

    public Aedat31Reader(Path path) throws IOException {
        this(path, null);
    }

    public Aedat31Reader(Path path, SensorGeometry geometryOverride) throws IOException {
        super(path, DEFAULT_BUFFER_BYTES);
        this.header = readTextHeader((byte) '#', "#!END-HEADER");
        if (header.isEmpty() || !header.get(0).startsWith("#!AER-DAT3")) {
            throw error(0, "not an AEDAT 3.1 file (no #!AER-DAT3.1 line)");
        }
        this.geometry = geometryOverride != null && geometryOverride.isKnown() ? geometryOverride : geometryOf(header);
    }

    private static SensorGeometry geometryOf(List<String> header) {
        String all = String.join("\n", header);
        Matcher x = Pattern.compile("sizeX\\D{0,20}?(\\d{1,5})").matcher(all);
        Matcher y = Pattern.compile("sizeY\\D{0,20}?(\\d{1,5})").matcher(all);
        try {
            if (x.find() && y.find()) {
                return new SensorGeometry(Integer.parseInt(x.group(1)), Integer.parseInt(y.group(1)));
            }
        } catch (IllegalArgumentException ignored) {
            // fall back to the chip name
        }
        String upper = all.toUpperCase(java.util.Locale.ROOT);
        if (upper.contains("DAVIS346")) {
            return new SensorGeometry(346, 260);
        }
        if (upper.contains("DAVIS240")) {
            return new SensorGeometry(240, 180);
        }
        if (upper.contains("DVS128") || upper.contains("DAVIS128")) {
            return new SensorGeometry(128, 128);
        }
        return SensorGeometry.UNKNOWN;
    }

    @Override
    public EventFormat format() {
        return EventFormat.AEDAT31;
    }

    @Override
    public SensorGeometry geometry() {
        return geometry;
    }

    @Override
    public int read(EventBuffer into) throws IOException {
        final long[] ts = into.tMicros;
        final int[] xs = into.x;
        final int[] ys = into.y;
        final boolean[] ons = into.on;
        final int cap = ts.length;
        int n = 0;
        while (n < cap) {
            if (remaining == 0 && !nextPolarityPacket()) {
                break;
            }
            if (limit - pos < 8 && !ensure(8)) {
                throw error(offsetOf(pos), "file ends inside a polarity packet");
            }
            final byte[] b = buf;
            int p = pos;
            int take = Math.min(Math.min(remaining, cap - n), (limit - p) >>> 3);
            final int end = p + take * 8;
            for (; p < end; p += 8) {
                int data = i32le(b, p);
                if ((data & 1) == 0) {
                    continue;
                }
                ts[n] = overflowMicros | (i32le(b, p + 4) & 0x7FFF_FFFFL);
                xs[n] = data >>> 17;
                ys[n] = (data >>> 2) & 0x7FFF;
                ons[n] = (data & 2) != 0;
                n++;
            }
            remaining -= take;
            pos = end;
        }
        into.size = n;
        return n;
    }

    private boolean nextPolarityPacket() throws IOException {
        while (true) {
            long at = bytePosition();
            if (!ensure(PACKET_HEADER_BYTES)) {
                if (limit > pos) {
                    throw error(at, "truncated packet header: " + (limit - pos) + " of " + PACKET_HEADER_BYTES + " bytes");
                }
                return false;
            }
            int type = u16le(buf, pos);
            int eventSize = i32le(buf, pos + 4);
            int tsOverflow = i32le(buf, pos + 12);
            int capacity = i32le(buf, pos + 16);
            if (eventSize <= 0 || capacity < 0 || tsOverflow < 0) {
                throw error(at, "bad packet header (eventSize " + eventSize + ", capacity " + capacity
                        + ", tsOverflow " + tsOverflow + ")");
            }
            long payload = (long) eventSize * capacity;
            if (payload > sizeBytes - at - PACKET_HEADER_BYTES) {
                throw error(at, "packet of " + payload + " bytes runs past the end of the file");
            }
            pos += PACKET_HEADER_BYTES;
            if (type == POLARITY_EVENT) {
                if (eventSize != 8) {
                    throw error(at, "polarity packet with " + eventSize + "-byte events (8 expected)");
                }
                overflowMicros = (long) tsOverflow << 31;
                remaining = capacity;
                if (remaining > 0) {
                    return true;
                }
            } else if (!skip(payload)) {
                throw error(at, "file ends inside a packet");
            }
        }
    }
}
