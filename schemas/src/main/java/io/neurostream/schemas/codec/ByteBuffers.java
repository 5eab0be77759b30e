package io.neurostream.schemas.codec;

import java.nio.ByteBuffer;

/** Avro {@code bytes} fields arrive as ByteBuffers; these read them without moving their position. */
public final class ByteBuffers {
    private ByteBuffers() {}

    /** A copy of the remaining bytes of {@code buffer} (its position is left as it is); null for null. */
    public static byte[] remaining(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
