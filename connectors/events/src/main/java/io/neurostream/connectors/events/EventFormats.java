package io.neurostream.connectors.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Format detection and the single entry point to open any supported file.
 *
 * <pre>{@code
 * try (EventFileReader r = EventFormats.open(path)) { ... }                          // detected, geometry from the file
 * try (EventFileReader r = EventFormats.open(path, SensorGeometry.parse("1280x720"))) { ... }  // geometry forced
 * }</pre>
 *
 * Detection reads the first bytes: {@code #!AER-DAT4.0}, {@code #!AER-DAT3.1}, {@code #!AER-DAT2.0}; a
 * {@code %} header with {@code % evt 2.0/3.0} or {@code % format EVT2/EVT3} (EVT), or {@code % Version} /
 * {@code % Width}/{@code % Height} (.dat); headerless files are N-MNIST if their extension is {@code .bin} or
 * {@code .bs2} or if their first records look like N-MNIST (size a multiple of 5, small coordinates, time
 * not decreasing). Anything else is an {@link EventFormatException} at offset 0.
 */
public final class EventFormats {
    private static final int PROBE_BYTES = 64 * 1024;

    private EventFormats() {}

    public static EventFileReader open(Path path) throws IOException {
        return open(path, null);
    }

    /** @param geometryOverride null or UNKNOWN to use what the file (or format) says */
    public static EventFileReader open(Path path, SensorGeometry geometryOverride) throws IOException {
        return open(path, detect(path), geometryOverride);
    }

    /** Opens with a known format (no detection). */
    public static EventFileReader open(Path path, EventFormat format, SensorGeometry geometryOverride) throws IOException {
        switch (format) {
            case NMNIST:
                return new NmnistReader(path, geometryOverride);
            case AEDAT2:
                return new Aedat2Reader(path, geometryOverride);
            case AEDAT31:
                return new Aedat31Reader(path, geometryOverride);
            case AEDAT4:
                return new Aedat4Reader(path, geometryOverride);
            case EVT2:
                return new Evt2Reader(path, geometryOverride);
            case EVT3:
                return new Evt3Reader(path, geometryOverride);
            case DAT:
                return new DatReader(path, geometryOverride);
            default:
                throw new IllegalArgumentException("unsupported format " + format);
        }
    }

    /** Tells the format from the file's first bytes (and, for headerless N-MNIST, its name). */
    public static EventFormat detect(Path path) throws IOException {
        byte[] head;
        long size = Files.size(path);
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(PROBE_BYTES);
        }
        String start = new String(head, 0, Math.min(head.length, 16), StandardCharsets.ISO_8859_1);
        if (start.startsWith("#!AER-DAT4")) {
            return EventFormat.AEDAT4;
        }
        if (start.startsWith("#!AER-DAT3")) {
            return EventFormat.AEDAT31;
        }
        if (start.startsWith("#!AER-DAT2") || start.startsWith("#!AER-DAT1")) {
            return EventFormat.AEDAT2;
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (head.length > 0 && head[0] == '%') {
            PropheseeHeader header = new PropheseeHeader(headerLines(head));
            EventFormat evt = header.evtFormat().orElse(null);
            if (evt != null) {
                return evt;
            }
            if (name.endsWith(".dat") || header.looksLikeDat()) {
                return EventFormat.DAT;
            }
            throw new EventFormatException(path, 0,
                    "Prophesee header without '% evt' or '% format' line: cannot tell EVT 2.0 from EVT 3.0");
        }
        if (name.endsWith(".bin") || name.endsWith(".bs2") || looksLikeNmnist(head, size)) {
            return EventFormat.NMNIST;
        }
        throw new EventFormatException(path, 0, "unknown event-file format (no AEDAT, Prophesee or N-MNIST signature)");
    }

    private static List<String> headerLines(byte[] head) {
        List<String> lines = new ArrayList<>();
        int p = 0;
        while (p < head.length && head[p] == '%') {
            int end = p;
            while (end < head.length && head[end] != '\n') {
                end++;
            }
            int stop = end > p && head[end - 1] == '\r' ? end - 1 : end;
            lines.add(new String(head, p, stop - p, StandardCharsets.ISO_8859_1));
            p = end + 1;
        }
        return lines;
    }

    private static boolean looksLikeNmnist(byte[] head, long size) {
        if (size == 0 || size % NmnistReader.RECORD_BYTES != 0 || head.length < NmnistReader.RECORD_BYTES) {
            return false;
        }
        int records = Math.min(head.length / NmnistReader.RECORD_BYTES, 200);
        int last = -1;
        for (int i = 0; i < records; i++) {
            int p = i * NmnistReader.RECORD_BYTES;
            int x = head[p] & 0xFF;
            int y = head[p + 1] & 0xFF;
            int t = (head[p + 2] & 0x7F) << 16 | (head[p + 3] & 0xFF) << 8 | (head[p + 4] & 0xFF);
            if (y == NmnistReader.OVERFLOW_Y) {
                continue;
            }
            if (x > 239 || y > 239 || t < last) {
                return false;
            }
            last = t;
        }
        return true;
    }
}
