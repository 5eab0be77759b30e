package io.neurostream.connectors.spikes;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a spike recording's format from its content and opens it, whatever its name.
 *
 * <pre>{@code
 * Optional<SpikeFormat> f = SpikeFormats.detect(path);     // empty: not a spike recording
 * try (SpikeSource s = SpikeFormats.open(path)) { ... }     // detected by content
 * }</pre>
 *
 * <p>Detection: a folder holding {@code spike_times.npy} is {@link SpikeFormat#PHY}; a file with the HDF5
 * signature {@code \x89HDF\r\n\x1a\n} (at byte 0, or at 512, 1024, 2048, ... after a user block) is
 * {@link SpikeFormat#NWB}; a text file (no NUL or control bytes in its first 64 KiB) whose first data line has
 * at least two columns and starts with a number, or is a header naming a time column, is {@link SpikeFormat#CSV}.
 * {@link SpikeSources#open} chooses by the name instead.
 *
 * <p>Errors: the readers' {@link SpikeFileException}s pass through, except where the position of the damage is
 * known: then a {@link CorruptSpikeFileException} says {@code <file> at byte <offset>: <reason>}. That is the case
 * for a truncated file (an HDF5 file shorter than its superblock's end-of-file address, a {@code .npy} shorter than
 * its header says: the offset is the file's size) and for an HDF5 read that jHDF reports as failing at an address
 * (taken from its message, the only place it gives one).
 */
public final class SpikeFormats {
    private static final int PROBE_BYTES = 64 * 1024;
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** jHDF names the failing position as {@code address '123'} or {@code address: 123} ... */
    private static final Pattern ADDRESS = Pattern.compile("address\\W{1,3}(\\d{1,18})");
    /** ... and, for file reads, the position in the file (after a user block) as {@code raw address '123'}. */
    private static final Pattern RAW_ADDRESS = Pattern.compile("raw address\\W{1,3}(\\d{1,18})");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SpikeFormats() {}

    /** The formats read, separated by "; ", for messages about unrecognised input. */
    public static String supportedText() {
        StringBuilder b = new StringBuilder();
        for (SpikeFormat f : SpikeFormat.values()) {
            b.append(b.length() == 0 ? "" : "; ").append(f.description());
        }
        return b.toString();
    }

    /** The format of {@code path} by its content; empty when it is no spike recording this package reads. */
    public static Optional<SpikeFormat> detect(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve(PhyFolderReader.SPIKE_TIMES))
                    ? Optional.of(SpikeFormat.PHY) : Optional.empty();
        }
        if (!Files.isRegularFile(path)) {
            throw new SpikeFileException(path, "no such file or folder");
        }
        if (hdf5SuperblockOffset(path) >= 0) {
            return Optional.of(SpikeFormat.NWB);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(PROBE_BYTES);
        }
        return looksLikeSpikeTable(head) ? Optional.of(SpikeFormat.CSV) : Optional.empty();
    }

    /**
     * Opens {@code path} with the reader of its detected format.
     *
     * @throws SpikeFileException naming the supported formats if it is none of them
     */
    public static SpikeSource open(Path path) throws IOException {
        SpikeFormat format = detect(path).orElseThrow(() -> new SpikeFileException(path,
                "not a spike recording this reads (" + supportedText() + ")"));
        return open(path, format);
    }

    /** Opens {@code path} as {@code format} (no detection); phy folders with all clusters, CSV times in seconds. */
    public static SpikeSource open(Path path, SpikeFormat format) throws IOException {
        try {
            switch (format) {
                case NWB:
                    requireWholeHdf5(path);
                    return NwbUnitsReader.open(path);
                case PHY:
                    return PhyFolderReader.open(path);
                case CSV:
                    return SpikeCsvReader.builder(path).open();
                default:
                    throw new IllegalArgumentException("unsupported format " + format);
            }
        } catch (SpikeFileException e) {
            throw withByteOffset(e);
        }
    }

    /**
     * {@code e} as a {@link CorruptSpikeFileException} when the byte offset of the problem is known (truncation:
     * the file's size; an HDF5 read failure: the address jHDF names), else {@code e} itself.
     */
    public static IOException withByteOffset(SpikeFileException e) {
        Path file = e.file();
        String prefix = file + ": ";
        String message = e.getMessage();
        String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        if (reason.startsWith("truncated") && file != null && Files.isRegularFile(file)) {
            try {
                return new CorruptSpikeFileException(file, Files.size(file), reason, e);
            } catch (IOException ignored) {
                return e;
            }
        }
        Throwable deepest = null;
        long address = -1;
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() == null || !c.getClass().getName().startsWith("io.jhdf.")) {
                continue;
            }
            Matcher raw = RAW_ADDRESS.matcher(c.getMessage());
            Matcher m = raw.find() ? raw : ADDRESS.matcher(c.getMessage());
            if (m == raw || m.find()) {
                address = Long.parseLong(m.group(1));
                deepest = c;
            }
        }
        if (deepest != null && deepest.getCause() != null && deepest.getCause().getMessage() != null) {
            // e.g. "Failed to read from file at address '6384'" caused by "Trying to read more bytes than available"
            return new CorruptSpikeFileException(file, address, reason + " (" + deepest.getCause().getMessage() + ")", e);
        }
        return deepest != null ? new CorruptSpikeFileException(file, address, reason, e) : e;
    }

    /** Offset of the HDF5 superblock (0, 512, 1024, 2048, ...), or -1 if the file has no HDF5 signature. */
    static long hdf5SuperblockOffset(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] sig = new byte[HDF5_SIGNATURE.length];
            for (long at = 0; at + sig.length <= f.length(); at = at == 0 ? 512 : at * 2) {
                f.seek(at);
                f.readFully(sig);
                if (Arrays.equals(sig, HDF5_SIGNATURE)) {
                    return at;
                }
            }
            return -1;
        }
    }

    /**
     * Refuses an HDF5 file shorter than the end-of-file address its superblock states (a cut download or copy),
     * naming the first missing byte; jHDF would otherwise fail at some later read with a less direct message.
     */
    static void requireWholeHdf5(Path file) throws IOException {
        long superblock = hdf5SuperblockOffset(file);
        if (superblock < 0) {
            throw new CorruptSpikeFileException(file, 0, "no HDF5 signature (\\x89HDF\\r\\n\\x1a\\n): not an NWB file", null);
        }
        long size;
        ByteBuffer b;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            size = f.length();
            byte[] head = new byte[(int) Math.min(64, size - superblock)];
            f.seek(superblock);
            f.readFully(head);
            b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (b.limit() < 12) {
            throw new CorruptSpikeFileException(file, size, "truncated inside the HDF5 superblock at byte " + superblock,
                    null);
        }
        int version = b.get(8) & 0xFF;
        int offsetSize;
        int baseAt;
        if (version == 0 || version == 1) {
            offsetSize = b.get(13) & 0xFF;
            baseAt = version == 0 ? 24 : 28;
        } else if (version == 2 || version == 3) {
            offsetSize = b.get(9) & 0xFF;
            baseAt = 12;
        } else {
            return; // a newer superblock: leave it to jHDF
        }
        if (offsetSize != 8 && offsetSize != 4) {
            return;
        }
        int eofAt = baseAt + 2 * offsetSize; // after the base and the free-space (v0/1) or extension (v2/3) address
        if (b.limit() < eofAt + offsetSize) {
            throw new CorruptSpikeFileException(file, size, "truncated inside the HDF5 superblock at byte " + superblock,
                    null);
        }
        long base = address(b, baseAt, offsetSize);
        long eof = address(b, eofAt, offsetSize);
        if (base < 0 || eof < 0) {
            return; // undefined (all ones)
        }
        long end = base + eof;
        if (size < end) {
            throw new CorruptSpikeFileException(file, size, String.format(Locale.ROOT,
                    "truncated: the HDF5 superblock says the file ends at byte %,d but it has %,d bytes", end, size), null);
        }
    }

    /** An address of {@code size} bytes; -1 when undefined (all bits set). */
    private static long address(ByteBuffer b, int at, int size) {
        if (size == 4) {
            int v = b.getInt(at);
            return v == -1 ? -1 : v & 0xFFFF_FFFFL;
        }
        return b.getLong(at);
    }

    /**
     * Text (no NUL, no control bytes but tab, CR, LF, FF) whose first line that is not blank, a {@code #} comment
     * or an event-file header ({@code %}, {@code #!AER}) has two or more columns: numeric first column, or a header
     * with a time column. {@link SpikeCsvReader} then validates the whole file.
     */
    static boolean looksLikeSpikeTable(byte[] head) {
        if (head.length == 0) {
            return false;
        }
        for (byte x : head) {
            int c = x & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f') {
                return false;
            }
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("%") || text.startsWith("#!AER")) {
            return false;
        }
        for (String line : text.split("\n", -1)) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            char sep = s.indexOf('\t') >= 0 ? '\t' : s.indexOf(',') >= 0 ? ',' : s.indexOf(';') >= 0 ? ';' : ' ';
            String[] cols = sep == ' ' ? SPACES.split(s) : s.split(Pattern.quote(String.valueOf(sep)), -1);
            if (cols.length < 2) {
                return false;
            }
            try {
                Double.parseDouble(cols[0].strip());
                return true;
            } catch (NumberFormatException notANumber) {
                for (String col : cols) {
                    String name = col.strip().replace("\"", "").toLowerCase(Locale.ROOT);
                    if (name.equals("t") || name.contains("time")) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }
}
