package io.neurostream.connectors.spikes;

import java.io.IOException;
import java.nio.file.Path;

/** Malformed spike input: the message starts with the file and says what is wrong. */
public final class SpikeFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public SpikeFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public SpikeFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file (or folder). */
    public Path file() {
        return file;
    }
}
