package io.neurostream.connectors.events;

import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iniVation DV AEDAT 4.0. Layout: {@code #!AER-DAT4.0\r\n}, uint32 LE header length, a flatbuffer
 * {@code IOHeader} (identifier {@code IOHE}: field 0 compression 0 none / 1 LZ4 / 2 LZ4 high / 3 ZSTD /
 * 4 ZSTD high, field 1 data-table position, field 2 the stream description XML), then packets until the data
 * table: int32 stream id, uint32 byte count, payload. A payload (after decompression) is a size-prefixed
 * flatbuffer; for polarity streams ({@code typeIdentifier EVTS}) its table field 0 is a vector of 16-byte
 * structs {@code int64 t (µs), int16 x, int16 y, uint8 on, 3 padding}. Packets of other streams (IMU, frames,
 * triggers) are skipped without decompression.
 *
 * <p>Memory: one packet (compressed and decompressed) at a time. A packet that fits in half the read buffer is
 * decompressed straight from it (no copy); a larger one is read into a packet buffer first. Geometry: {@code sizeX}/{@code sizeY} of the
 * first polarity stream, unless overridden. Errors inside a packet name the file offset of that packet.
 */
public final class Aedat4Reader extends BufferedEventFileReader {
    static final byte[] MAGIC = "#!AER-DAT4.0\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Limit on one decompressed packet. */
    static final int MAX_PACKET_BYTES = 256 << 20;
    private static final Pattern STREAM_NODE = Pattern.compile("<node name=\"(\\d+)\" path=\"[^\"]*outInfo/\\d+/\">");

    /** Compression codes of {@code IOHeader.compression}. */
    public enum Compression { NONE, LZ4, LZ4_HIGH, ZSTD, ZSTD_HIGH }

    private final Compression compression;
    private final long dataEnd;
    private final int[] eventStreams;
    private final String description;
    /** Only for packets larger than half the read buffer: starts empty. */
    private final GrowableBytes packetIn = new GrowableBytes(0, MAX_PACKET_BYTES);
    private final GrowableBytes packetOut = new GrowableBytes(1 << 16, MAX_PACKET_BYTES);
    /** Made on the first ZSTD packet: building it cost ~2 % of decoding the whole LZ4 sample file. */
    private ZstdDecompressor zstd;
    /** Current decoded packet: events [next, count) at {@code elements + 16 * i} of {@link #current}. */
    private byte[] current;
    private int elements;
    private int next;
    private int count;
    private boolean finished;

    public Aedat4Reader(Path path) throws IOException {
        this(path, null);
    }

    /** @param geometryOverride null/UNKNOWN: the polarity stream's sizeX/sizeY */
    public Aedat4Reader(Path path, SensorGeometry geometryOverride) throws IOException {
        super(path, SMALL_BUFFER_BYTES, EventFormat.AEDAT4, geometryOverride);
        if (!ensure(MAGIC.length + 4) || !Arrays.equals(buf, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw error(0, "not an AEDAT 4.0 file (no #!AER-DAT4.0 line)");
        }
        pos = MAGIC.length;
        long headerLen = i32le(buf, pos) & 0xFFFF_FFFFL;
        pos += 4;
        if (headerLen < 12 || headerLen > sizeBytes - MAGIC.length - 4 || headerLen > MAX_HEADER_BYTES) {
            throw error(MAGIC.length, "IOHeader length " + headerLen + " impossible for a file of " + sizeBytes + " bytes");
        }
        byte[] header = new byte[(int) headerLen];
        if (!readBytes(header, 0, header.length)) {
            throw error(MAGIC.length + 4, "file ends inside the IOHeader");
        }
        long dataStart = MAGIC.length + 4 + headerLen;
        int compressionCode;
        long tablePosition;
        try {
            int end = header.length;
            int root = FlatBuffers.root(header, 0, end);
            if (header[4] != 'I' || header[5] != 'O' || header[6] != 'H' || header[7] != 'E') {
                throw new CorruptDataException("IOHeader identifier is not IOHE");
            }
            int f0 = FlatBuffers.field(header, root, 0, 0, end);
            compressionCode = f0 < 0 ? 0 : FlatBuffers.i32(header, f0, 0, end);
            int f1 = FlatBuffers.field(header, root, 1, 0, end);
            tablePosition = f1 < 0 ? -1 : FlatBuffers.i64(header, f1, 0, end);
            int f2 = FlatBuffers.field(header, root, 2, 0, end);
            if (f2 < 0) {
                throw new CorruptDataException("IOHeader has no stream description");
            }
            int str = FlatBuffers.indirect(header, f2, 0, end);
            long strLen = FlatBuffers.i32(header, str, 0, end) & 0xFFFF_FFFFL;
            FlatBuffers.check(str + 4L, strLen, 0, end);
            description = new String(header, str + 4, (int) strLen, StandardCharsets.UTF_8);
        } catch (CorruptDataException e) {
            throw new EventFormatException(path, MAGIC.length + 4, "bad IOHeader: " + e.getMessage(), e);
        }
        if (compressionCode < 0 || compressionCode > 4) {
            throw error(MAGIC.length + 4, "unknown compression code " + compressionCode);
        }
        this.compression = Compression.values()[compressionCode];
        this.dataEnd = tablePosition >= dataStart && tablePosition <= sizeBytes ? tablePosition : sizeBytes;
        List<Integer> streams = new ArrayList<>();
        SensorGeometry fromXml = SensorGeometry.UNKNOWN;
        Matcher m = STREAM_NODE.matcher(description);
        List<int[]> nodes = new ArrayList<>();
        while (m.find()) {
            try {
                nodes.add(new int[] {Integer.parseInt(m.group(1)), m.start()});
            } catch (NumberFormatException e) {
                throw error(MAGIC.length + 4, "bad stream id in the IOHeader description");
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            int from = nodes.get(i)[1];
            int to = i + 1 < nodes.size() ? nodes.get(i + 1)[1] : description.length();
            String node = description.substring(from, to);
            if (node.contains(">EVTS<")) {
                streams.add(nodes.get(i)[0]);
                if (!fromXml.isKnown()) {
                    fromXml = sizeOf(node);
                }
            }
        }
        this.eventStreams = streams.stream().mapToInt(Integer::intValue).toArray();
        fileGeometry(fromXml);
    }

    private static SensorGeometry sizeOf(String node) {
        Matcher x = Pattern.compile("key=\"sizeX\" type=\"int\">(\\d{1,5})<").matcher(node);
        Matcher y = Pattern.compile("key=\"sizeY\" type=\"int\">(\\d{1,5})<").matcher(node);
        if (x.find() && y.find()) {
            try {
                return new SensorGeometry(Integer.parseInt(x.group(1)), Integer.parseInt(y.group(1)));
            } catch (IllegalArgumentException e) {
                return SensorGeometry.UNKNOWN;
            }
        }
        return SensorGeometry.UNKNOWN;
    }

    public Compression compression() {
        return compression;
    }

    /** The IOHeader's stream description (DV XML). */
    public String description() {
        return description;
    }

    /** Ids of the polarity-event ({@code EVTS}) streams; their events are merged in file order. */
    public int[] eventStreamIds() {
        return eventStreams.clone();
    }

    @Override
    int decode(long[] ts, int[] xs, int[] ys, boolean[] ons) throws IOException {
        final int cap = ts.length;
        int n = 0;
        while (n < cap && (next < count || nextPacket())) {
            final byte[] b = current;
            int take = Math.min(cap - n, count - next);
            // the output index is the loop variable (bounds checks of the four arrays hoisted out of the loop)
            final int to = n + take;
            int p = elements + 16 * next;
            for (int i = n; i < to; i++, p += 16) {
                ts[i] = (long) LONG_LE.get(b, p);
                // x, y, on (and the padding) in one load
                long xyOn = (long) LONG_LE.get(b, p + 8);
                xs[i] = (short) xyOn;
                ys[i] = (short) (xyOn >>> 16);
                ons[i] = (xyOn & 0xFF_0000_0000L) != 0;
            }
            n = to;
            next += take;
        }
        return n;
    }

    /** The packet area ends at the data table; once it is consumed, the whole file counts as read. */
    @Override
    public long bytePosition() {
        return finished ? sizeBytes : super.bytePosition();
    }

    private boolean isEventStream(int id) {
        for (int s : eventStreams) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }

    /** Loads the next polarity packet; false at the end of the packet area. */
    private boolean nextPacket() throws IOException {
        while (true) {
            long at = bytePosition();
            if (at >= dataEnd) {
                finished = true;
                return false;
            }
            if (dataEnd - at < 8 || !ensure(8)) {
                throw error(at, "truncated packet header: " + (dataEnd - at) + " of 8 bytes before the end of the packets");
            }
            int stream = i32le(buf, pos);
            long size = i32le(buf, pos + 4) & 0xFFFF_FFFFL;
            pos += 8;
            long payloadAt = at + 8;
            if (size > dataEnd - payloadAt) {
                throw error(at, "packet of stream " + stream + " claims " + size + " bytes, only "
                        + (dataEnd - payloadAt) + " left");
            }
            if (!isEventStream(stream)) {
                if (!skip(size)) {
                    throw error(payloadAt, "file ends inside a packet");
                }
                continue;
            }
            if (size > MAX_PACKET_BYTES) {
                throw error(at, "packet of " + size + " bytes, more than the limit of " + MAX_PACKET_BYTES);
            }
            byte[] in;
            int inOff;
            if (size <= buf.length / 2) {
                // decode in place: the buffer stays untouched until this packet's events are all taken
                if (!ensure((int) size)) {
                    throw error(payloadAt, "file ends inside a packet");
                }
                in = buf;
                inOff = pos;
                pos += (int) size;
            } else {
                in = packetIn.ensure(size, 0);
                inOff = 0;
                if (!readBytes(in, 0, (int) size)) {
                    throw error(payloadAt, "file ends inside a packet");
                }
            }
            try {
                decodePacket(in, inOff, (int) size);
            } catch (CorruptDataException e) {
                throw new EventFormatException(path, payloadAt, "bad " + compression + " packet of stream " + stream
                        + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                // aircompressor's ZSTD decoder reports corrupt input with its own runtime exceptions
                throw new EventFormatException(path, payloadAt, "bad " + compression + " packet of stream " + stream
                        + ": " + e, e);
            }
            if (count > 0) {
                return true;
            }
        }
    }

    /** Decodes the packet payload {@code in[off, off+size)} and points the event cursor at its events. */
    private void decodePacket(byte[] in, int off, int size) {
        byte[] fb;
        int base;
        int len;
        switch (compression) {
            case NONE:
                fb = in;
                base = off;
                len = size;
                break;
            case LZ4:
            case LZ4_HIGH:
                len = Lz4Frames.decode(in, off, size, packetOut);
                fb = packetOut.data;
                base = 0;
                break;
            default: {
                long expected = ZstdDecompressor.getDecompressedSize(in, off, size);
                if (expected < 0 || expected > MAX_PACKET_BYTES) {
                    throw new CorruptDataException("ZSTD frame without a usable content size (" + expected + ")");
                }
                fb = packetOut.ensure(expected, 0);
                if (zstd == null) {
                    zstd = new ZstdDecompressor();
                }
                len = zstd.decompress(in, off, size, fb, 0, (int) expected);
                base = 0;
                break;
            }
        }
        // size-prefixed flatbuffer at fb[base]: uint32 size, then the buffer (root offset, 4-byte identifier, ...)
        long fbSize = FlatBuffers.i32(fb, base, base, base + len) & 0xFFFF_FFFFL;
        if (fbSize + 4 > len) {
            throw new CorruptDataException("flatbuffer size " + fbSize + " exceeds the " + len + " decoded bytes");
        }
        int start = base + 4;
        int end = start + (int) fbSize;
        int root = FlatBuffers.root(fb, start, end);
        int f0 = FlatBuffers.field(fb, root, 0, start, end);
        current = fb;
        next = 0;
        if (f0 < 0) {
            count = 0;
            return;
        }
        int vector = FlatBuffers.indirect(fb, f0, start, end);
        long n = FlatBuffers.i32(fb, vector, start, end) & 0xFFFF_FFFFL;
        FlatBuffers.check(vector + 4L, n * 16, start, end);
        elements = vector + 4;
        count = (int) n;
    }
}
