package io.neurostream.connectors.spikes;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Malformed spike input whose position is known: the message reads {@code <file> at byte <offset>: <reason>},
 * the same form as the event-file readers' errors. Thrown by {@link SpikeFormats} and
 * {@link SpikeRecordingSummary} where a reader's {@link SpikeFileException} tells (or implies) the byte
 * offset: a truncated file (the offset is its size: the first byte missing) or an HDF5 read that failed at an address.
 */
public final class CorruptSpikeFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long byteOffset;

    public CorruptSpikeFileException(Path file, long byteOffset, String reason, Throwable cause) {
        super(file + " at byte " + byteOffset + ": " + reason, cause);
        this.file = file;
        this.byteOffset = byteOffset;
    }

    /** The offending file (for a phy folder, the file inside it). */
    public Path file() {
        return file;
    }

    /** Offset from the start of {@link #file()} where reading failed. */
    public long byteOffset() {
        return byteOffset;
    }
}
