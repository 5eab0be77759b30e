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

    /** Remaining polarity events in the current packet, and its time overflow. */
    private int remaining;
    private long overflowMicros;

    public Aedat31Reader(Path path) throws IOException {
        this(path, null);
    }

    public Aedat31Reader(Path path, SensorGeometry geometryOverride) throws IOException {
        super(path, DEFAULT_BUFFER_BYTES, EventFormat.AEDAT31, geometryOverride);
        fileGeometry(geometryOf(readTextHeader((byte) '#', "#!END-HEADER", "#!AER-DAT3",
                "not an AEDAT 3.1 file (no #!AER-DAT3.1 line)")));
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
        return SensorGeometry.ofChipName(all);
    }

    @Override
    int decode(long[] ts, int[] xs, int[] ys, boolean[] ons) throws IOException {
        final int cap = ts.length;
        int n = 0;
        while (n < cap && (remaining > 0 || nextPolarityPacket())) {
            if (limit - pos < 8 && !ensure(8)) {
                throw error(offsetOf(pos), "file ends inside a polarity packet");
            }
            final byte[] b = buf;
            int p = pos;
            int take = Math.min(Math.min(remaining, cap - n), (limit - p) >>> 3);
            for (final int end = p + take * 8; p < end; p += 8) {
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
            pos = p;
        }
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
