package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Base of the Prophesee readers (EVT 2.0 / 3.0 {@code .raw}, {@code .dat}): the {@code %} text header, and the
 * geometry it gives (a geometry line, else the camera generation).
 */
abstract class PropheseeReader extends BufferedEventFileReader {
    private final PropheseeHeader header;

    PropheseeReader(Path path, EventFormat format, SensorGeometry geometryOverride) throws IOException {
        this(path, DEFAULT_BUFFER_BYTES, format, geometryOverride);
    }

    PropheseeReader(Path path, int bufferBytes, EventFormat format, SensorGeometry geometryOverride)
            throws IOException {
        super(path, bufferBytes, format, geometryOverride);
        this.header = new PropheseeHeader(readTextHeader((byte) '%', "% end"));
        fileGeometry(header.geometry());
    }

    /** Header lines, {@code %} included. */
    public final List<String> headerLines() {
        return header.lines();
    }
}
