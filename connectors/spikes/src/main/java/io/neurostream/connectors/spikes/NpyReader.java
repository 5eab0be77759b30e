package io.neurostream.connectors.spikes;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of one-column NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0),
 * streaming with a fixed 64 KiB buffer.
 *
 * <pre>{@code
 * try (NpyReader times = NpyReader.open(folder.resolve("spike_times.npy"))) {
 *     times.requireInteger();
 *     while (times.hasNext()) {
 *         long sample = times.nextLong();
 *     }
 * }
 * }</pre>
 *
 * <p>Accepted: dtypes {@code i1..i8}, {@code u1..u8}, {@code f4}, {@code f8} in either byte order,
 * shapes {@code (N,)}, {@code (N, 1)} and {@code (1, N)}. {@code fortran_order: True} is accepted
 * because for a single column the bytes are the same in either order (phy/Kilosort write it).
 * Everything else (structured dtypes, several columns, a truncated file, a bad header) is
 * refused with a {@link SpikeFileException} naming the file and the problem.
 */
public final class NpyReader implements Closeable {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern STRUCTURED = Pattern.compile("'descr'\\s*:\\s*\\[");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern TYPE = Pattern.compile("([<>|=]?)([iuf])(\\d+)");

    private final Path file;
    private final String descr;
    private final char kind;
    private final int itemSize;
    private final boolean fortranOrder;
    private final long[] shape;
    private final long length;
    private final long dataOffset;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long position;

    private NpyReader(Path file, String descr, char kind, int itemSize, ByteOrder order, boolean fortranOrder,
                      long[] shape, long length, long dataOffset, FileChannel channel) {
        this.file = file;
        this.descr = descr;
        this.kind = kind;
        this.itemSize = itemSize;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.length = length;
        this.dataOffset = dataOffset;
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(64 * 1024 - (64 * 1024) % 8).order(order);
        this.buffer.limit(0);
    }

    /** Opens the file and validates its header and size. */
    public static NpyReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new SpikeFileException(file, "no such file");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return openChannel(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static NpyReader openChannel(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, head, 0);
        head.flip();
        if (head.remaining() < 10) {
            throw new SpikeFileException(file, "not an .npy file: only " + fileSize + " bytes");
        }
        byte[] magic = new byte[6];
        head.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new SpikeFileException(file, "not an .npy file: the first 6 bytes are not \\x93NUMPY");
        }
        int major = head.get() & 0xFF;
        int minor = head.get() & 0xFF;
        long headerLength;
        int prefix;
        if (major == 1) {
            headerLength = head.getShort() & 0xFFFF;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            if (head.remaining() < 4) {
                throw new SpikeFileException(file, "truncated .npy header");
            }
            headerLength = head.getInt() & 0xFFFF_FFFFL;
            prefix = 12;
        } else {
            throw new SpikeFileException(file, "unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        if (prefix + headerLength > fileSize || headerLength > 1 << 20) {
            throw new SpikeFileException(file, "truncated .npy header: it claims " + headerLength
                    + " bytes but the file has " + fileSize);
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, prefix);
        String header = new String(headerBytes.array(), 0, headerBytes.position(),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();

        if (STRUCTURED.matcher(header).find()) {
            throw new SpikeFileException(file, "unsupported structured dtype (record array) in header " + header
                    + "; expected one plain numeric column");
        }
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!header.startsWith("{") || !d.find() || !f.find() || !s.find()) {
            throw new SpikeFileException(file, "malformed .npy header (need 'descr', 'fortran_order' and 'shape'): "
                    + header);
        }
        String descr = d.group(1);
        Matcher t = TYPE.matcher(descr);
        if (!t.matches()) {
            throw new SpikeFileException(file, "unsupported dtype '" + descr
                    + "' (supported: signed/unsigned integers and f4/f8, one column)");
        }
        char kind = t.group(2).charAt(0);
        int itemSize = Integer.parseInt(t.group(3));
        boolean sizeOk = kind == 'f' ? itemSize == 4 || itemSize == 8
                : itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
        if (!sizeOk) {
            throw new SpikeFileException(file, "unsupported dtype '" + descr + "'");
        }
        ByteOrder order = ">".equals(t.group(1)) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if ("=".equals(t.group(1))) {
            order = ByteOrder.nativeOrder();
        }
        boolean fortranOrder = "True".equals(f.group(1));

        long[] shape = parseShape(file, s.group(1));
        long length = 1;
        int dimsAboveOne = 0;
        for (long dim : shape) {
            length = Math.multiplyExact(length, dim);
            if (dim > 1) {
                dimsAboveOne++;
            }
        }
        if (shape.length == 0 || shape.length > 2 || dimsAboveOne > 1) {
            throw new SpikeFileException(file, "shape " + shapeText(shape) + " is not one column"
                    + (fortranOrder ? " (fortran_order True is only accepted for one column)" : "")
                    + "; expected (N,), (N, 1) or (1, N)");
        }
        long dataOffset = prefix + headerLength;
        long expected = Math.multiplyExact(length, itemSize);
        if (fileSize - dataOffset != expected) {
            throw new SpikeFileException(file, (fileSize - dataOffset < expected ? "truncated" : "trailing bytes")
                    + ": shape " + shapeText(shape) + " of " + descr + " needs " + expected
                    + " data bytes, the file has " + (fileSize - dataOffset));
        }
        return new NpyReader(file, descr, kind, itemSize, order, fortranOrder, shape, length, dataOffset, channel);
    }

    private static long[] parseShape(Path file, String text) throws SpikeFileException {
        String[] parts = text.split(",");
        long[] dims = new long[parts.length];
        int n = 0;
        for (String part : parts) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            try {
                dims[n] = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw new SpikeFileException(file, "malformed shape (" + text + ") in .npy header");
            }
            if (dims[n] < 0) {
                throw new SpikeFileException(file, "negative dimension in shape (" + text + ")");
            }
            n++;
        }
        return Arrays.copyOf(dims, n);
    }

    private static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(shape[i]).append(i == 0 && shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        return b.append(')').toString();
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long at) throws IOException {
        long pos = at;
        while (into.hasRemaining()) {
            int n = channel.read(into, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The dtype string from the header, e.g. {@code <u8}. */
    public String descr() {
        return descr;
    }

    /** 'i' signed integer, 'u' unsigned integer, 'f' floating point. */
    public char kind() {
        return kind;
    }

    public int itemSize() {
        return itemSize;
    }

    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** The shape from the header (copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long length() {
        return length;
    }

    /** Byte offset of the first element (80 for phy's v1.0 files). */
    public long dataOffset() {
        return dataOffset;
    }

    /** Throws unless the dtype is an integer type. */
    public NpyReader requireInteger() throws SpikeFileException {
        if (kind == 'f') {
            throw new SpikeFileException(file, "wrong dtype '" + descr + "': expected an integer type (e.g. <u8, <i8)");
        }
        return this;
    }

    /** Throws unless the array has exactly {@code expected} elements. */
    public NpyReader requireLength(long expected, String why) throws SpikeFileException {
        if (length != expected) {
            throw new SpikeFileException(file, "has " + length + " elements but " + why + " has " + expected);
        }
        return this;
    }

    /** Elements read so far. */
    public long position() {
        return position;
    }

    public boolean hasNext() {
        return position < length;
    }

    /** Next element as a long; integer dtypes only (see {@link #requireInteger()}). */
    public long nextLong() throws IOException {
        if (kind == 'f') {
            throw new SpikeFileException(file, "wrong dtype '" + descr + "': expected an integer type");
        }
        fill();
        position++;
        switch (itemSize) {
            case 1:
                return kind == 'u' ? buffer.get() & 0xFFL : buffer.get();
            case 2:
                return kind == 'u' ? buffer.getShort() & 0xFFFFL : buffer.getShort();
            case 4:
                return kind == 'u' ? buffer.getInt() & 0xFFFF_FFFFL : buffer.getInt();
            default:
                long v = buffer.getLong();
                if (kind == 'u' && v < 0) {
                    throw new SpikeFileException(file, "element " + (position - 1) + " (" + Long.toUnsignedString(v)
                            + ") does not fit a signed 64-bit value");
                }
                return v;
        }
    }

    /** Next element as a double (any supported dtype). */
    public double nextDouble() throws IOException {
        if (kind != 'f') {
            return nextLong();
        }
        fill();
        position++;
        return itemSize == 4 ? buffer.getFloat() : buffer.getDouble();
    }

    /** Reads all remaining elements as longs (integer dtypes only). */
    public long[] readAllLongs() throws IOException {
        long remaining = length - position;
        if (remaining > Integer.MAX_VALUE - 8) {
            throw new SpikeFileException(file, "too many elements (" + remaining + ") to load at once; stream them");
        }
        long[] out = new long[(int) remaining];
        for (int i = 0; i < out.length; i++) {
            out[i] = nextLong();
        }
        return out;
    }

    private void fill() throws IOException {
        if (position >= length) {
            throw new EOFException(file + ": read past the last of " + length + " elements");
        }
        if (buffer.remaining() >= itemSize) {
            return;
        }
        buffer.clear();
        long byteAt = dataOffset + position * itemSize;
        long left = (length - position) * itemSize;
        if (left < buffer.capacity()) {
            buffer.limit((int) left);
        }
        readFully(channel, buffer, byteAt);
        buffer.flip();
        if (buffer.remaining() < itemSize) {
            throw new SpikeFileException(file, "truncated at element " + position);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
