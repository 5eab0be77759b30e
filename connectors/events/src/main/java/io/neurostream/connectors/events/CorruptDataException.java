package io.neurostream.connectors.events;

/** Internal: thrown by the in-memory decoders (LZ4 frames, flatbuffers); readers turn it into an {@link EventFormatException}. */
final class CorruptDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptDataException(String message) {
        super(message, null, false, false);
    }
}
