package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of the readers: a file channel read through one fixed heap buffer, with the file offset of every
 * buffered byte known so errors can name it; the format and the geometry (the override, else what the file says).
 * Subclasses parse their header in the constructor and fill the event arrays in {@link #decode}.
 */
abstract class BufferedEventFileReader implements EventFileReader {
    /** Default read buffer: 1 MiB. */
    static final int DEFAULT_BUFFER_BYTES = 1 << 20;
    /**
     * Read buffer of EVT 3.0 and AEDAT 4: 64 KiB. Small enough that the bytes are still in the core's cache when
     * decoded, and cheap to allocate per file: against 1 MiB, EVT 3.0 decoded ~3 % and the AEDAT 4 sample (one
     * small file per pass) 10-25 % faster; N-MNIST was ~12 % slower with it, so the other formats keep 1 MiB
     * (bench/README.md, "Event-camera formats"). Also bounds the longest header line accepted.
     */
    static final int SMALL_BUFFER_BYTES = 1 << 16;
    /** Longest text header accepted before the file is declared corrupt. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    protected final Path path;
    protected final long sizeBytes;
    private final EventFormat format;
    private final SensorGeometry geometryOverride;
    private SensorGeometry fileGeometry = SensorGeometry.UNKNOWN;
    private final FileChannel channel;
    protected final byte[] buf;
    private final ByteBuffer window;
    /** Next byte to decode. */
    protected int pos;
    /** End of valid bytes in {@link #buf}. */
    protected int limit;
    /** File offset of {@code buf[0]}. */
    protected long bufStart;
    private boolean eof;

    /** @param geometryOverride null or UNKNOWN: the geometry the subclass reads from the file */
    BufferedEventFileReader(Path path, int bufferBytes, EventFormat format, SensorGeometry geometryOverride)
            throws IOException {
        this.path = path;
        this.format = format;
        this.geometryOverride = geometryOverride;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.sizeBytes = channel.size();
        this.buf = new byte[bufferBytes];
        this.window = ByteBuffer.wrap(buf);
    }

    @Override
    public final Path path() {
        return path;
    }

    @Override
    public final EventFormat format() {
        return format;
    }

    @Override
    public final SensorGeometry geometry() {
        return geometryOverride != null && geometryOverride.isKnown() ? geometryOverride : fileGeometry;
    }

    /** What the file (or the format) says the geometry is; used unless an override was given. */
    protected final void fileGeometry(SensorGeometry fromFile) {
        this.fileGeometry = fromFile;
    }

    @Override
    public final long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public long bytePosition() {
        return bufStart + pos;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** File offset of buffer index {@code index}. */
    protected final long offsetOf(int index) {
        return bufStart + index;
    }

    protected final EventFormatException error(long offset, String reason) {
        return new EventFormatException(path, offset, reason);
    }

    /**
     * Makes at least {@code n} bytes available from {@link #pos} (n ≤ buffer size).
     *
     * @return false if the file ends first; then {@code [pos, limit)} holds all that is left
     */
    protected final boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (eof) {
            return false;
        }
        if (pos > 0) {
            int remaining = limit - pos;
            System.arraycopy(buf, pos, buf, 0, remaining);
            bufStart += pos;
            pos = 0;
            limit = remaining;
        }
        while (limit - pos < n) {
            window.limit(buf.length).position(limit);
            int read = channel.read(window);
            if (read < 0) {
                eof = true;
                return false;
            }
            limit += read;
        }
        return true;
    }

    /**
     * Copies the next {@code len} bytes into {@code dst[off..)}; false (position unchanged only if nothing was
     * buffered) if the file ends first.
     */
    protected final boolean readBytes(byte[] dst, int off, int len) throws IOException {
        if (bufStart + pos + (long) len > sizeBytes) {
            return false;
        }
        int fromBuf = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, dst, off, fromBuf);
        pos += fromBuf;
        int rest = len - fromBuf;
        if (rest == 0) {
            return true;
        }
        if (rest < buf.length / 2) {
            if (!ensure(rest)) {
                return false;
            }
            System.arraycopy(buf, pos, dst, off + fromBuf, rest);
            pos += rest;
            return true;
        }
        long target = bufStart + pos;
        channel.position(target);
        ByteBuffer out = ByteBuffer.wrap(dst, off + fromBuf, rest);
        while (out.hasRemaining()) {
            if (channel.read(out) < 0) {
                return false;
            }
        }
        bufStart = target + rest;
        pos = 0;
        limit = 0;
        eof = false;
        return true;
    }

    /** True when every byte of the file has been decoded. */
    protected final boolean atEnd() throws IOException {
        return !ensure(1);
    }

    /** Skips {@code n} bytes; false (nothing skipped) if fewer remain in the file. */
    protected final boolean skip(long n) throws IOException {
        long target = bufStart + pos + n;
        if (n < 0 || target > sizeBytes) {
            return false;
        }
        if (n <= limit - pos) {
            pos += (int) n;
            return true;
        }
        channel.position(target);
        bufStart = target;
        pos = 0;
        limit = 0;
        eof = false;
        return true;
    }

    /**
     * Reads the text header lines that start with {@code marker} (each ending with LF, CR stripped), stopping
     * before the first line that does not, or after a line equal to {@code endLine} (null: none).
     * Leaves {@link #pos} on the first byte after the header.
     */
    protected final List<String> readTextHeader(byte marker, String endLine) throws IOException {
        List<String> lines = new ArrayList<>();
        while (ensure(1) && buf[pos] == marker) {
            long lineStart = offsetOf(pos);
            int end = -1;
            while (end < 0) {
                for (int i = pos; i < limit; i++) {
                    if (buf[i] == '\n') {
                        end = i;
                        break;
                    }
                }
                if (end < 0) {
                    if (limit - pos >= MAX_HEADER_BYTES || limit - pos >= buf.length) {
                        throw error(lineStart, "header line longer than " + Math.min(MAX_HEADER_BYTES, buf.length) + " bytes");
                    }
                    if (!ensure(limit - pos + 1)) {
                        throw error(offsetOf(limit), "file ends inside the header line starting at byte " + lineStart);
                    }
                }
            }
            int stop = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
            String line = new String(buf, pos, stop - pos, StandardCharsets.ISO_8859_1);
            pos = end + 1;
            lines.add(line);
            if (offsetOf(pos) > MAX_HEADER_BYTES) {
                throw error(offsetOf(pos), "text header longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (endLine != null && line.equals(endLine)) {
                break;
            }
        }
        return lines;
    }

    /**
     * {@link #readTextHeader(byte, String)} of a header whose first line must start with {@code magic}.
     *
     * @throws EventFormatException at offset 0 with {@code notThisFormat} if it does not
     */
    protected final List<String> readTextHeader(byte marker, String endLine, String magic, String notThisFormat)
            throws IOException {
        List<String> lines = readTextHeader(marker, endLine);
        if (lines.isEmpty() || !lines.get(0).startsWith(magic)) {
            throw error(0, notThisFormat);
        }
        return lines;
    }

    @Override
    public final int read(EventBuffer into) throws IOException {
        int n = decode(into.tMicros, into.x, into.y, into.on);
        into.size = n;
        return n;
    }

    /**
     * Decodes the next events into the arrays of an {@link EventBuffer} (all of one length) from index 0, until they
     * are full or the file ends. The batch loop stays in each format's own method, so the JIT compiles each format's
     * loop for that format alone (a shared loop calling a per-format decoder ran 5-15 % slower in a JVM reading two
     * or more formats); stream formats take their runs of records from {@link #runEnd} and {@link #more}.
     *
     * @return the number of events written; 0 only at the end of the file
     */
    abstract int decode(long[] ts, int[] xs, int[] ys, boolean[] ons) throws IOException;

    /**
     * The slow path of the batch loop of a format that is one stream of fixed-size records after the header, when
     * fewer than {@code recordBytes} bytes are buffered at {@link #pos}: refills the buffer.
     *
     * @return false if the file ended after a whole record
     * @throws EventFormatException if the file ends inside a record
     */
    protected final boolean more(int recordBytes, String recordName) throws IOException {
        if (ensure(recordBytes)) {
            return true;
        }
        if (limit > pos) {
            throw error(offsetOf(pos), "truncated " + recordName + ": " + (limit - pos) + " of " + recordBytes
                    + " bytes");
        }
        return false;
    }

    /** End of the next run to decode from {@link #pos}: the buffered whole records, at most {@code records}. */
    protected final int runEnd(int records, int recordBytes) {
        return pos + Math.min((limit - pos) / recordBytes, records) * recordBytes;
    }

    /** Single-load little-endian views of byte arrays (JIT intrinsics; unaligned access is allowed). */
    static final java.lang.invoke.VarHandle INT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    static final java.lang.invoke.VarHandle SHORT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Little-endian uint16 at {@code i}. */
    protected static int u16le(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    /** Little-endian int32 at {@code i}. */
    protected static int i32le(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | b[i + 3] << 24;
    }

    /** Big-endian int32 at {@code i}. */
    protected static int i32be(byte[] b, int i) {
        return b[i] << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    /** Little-endian int64 at {@code i}. */
    protected static long i64le(byte[] b, int i) {
        return (i32le(b, i) & 0xFFFF_FFFFL) | (long) i32le(b, i + 4) << 32;
    }

    static void checkCapacity(EventBuffer into) {
        if (into.capacity() < EventBuffer.MIN_CAPACITY) {
            throw new IllegalArgumentException("buffer capacity below " + EventBuffer.MIN_CAPACITY);
        }
    }
}
