package io.neurostream.connectors.events;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one exception a reader throws for bytes that do not follow its format: truncated files, bad magic,
 * impossible sizes, unknown word types, corrupt compressed data. The message names the file and the byte
 * offset (from the start of the file) where decoding failed; both are also available as fields.
 * Plain I/O failures stay {@link IOException}s.
 */
public final class EventFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long byteOffset;

    public EventFormatException(Path file, long byteOffset, String reason) {
        super(file + " at byte " + byteOffset + ": " + reason);
        this.file = file;
        this.byteOffset = byteOffset;
    }

    public EventFormatException(Path file, long byteOffset, String reason, Throwable cause) {
        this(file, byteOffset, reason);
        initCause(cause);
    }

    /** The file being decoded. */
    public Path file() {
        return file;
    }

    /** Offset from the start of the file of the first byte that could not be decoded. */
    public long byteOffset() {
        return byteOffset;
    }
}
