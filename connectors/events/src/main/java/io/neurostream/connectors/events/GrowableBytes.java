package io.neurostream.connectors.events;

import java.util.Arrays;

/** A byte array that only grows (reused across packets), with a hard cap. */
final class GrowableBytes {
    byte[] data;
    private final int maxBytes;

    GrowableBytes(int initial, int maxBytes) {
        this.data = new byte[initial];
        this.maxBytes = maxBytes;
    }

    /** Makes {@code data.length >= needed}, keeping the first {@code keep} bytes. */
    byte[] ensure(long needed, int keep) {
        if (needed > maxBytes) {
            throw new CorruptDataException("needs " + needed + " bytes, more than the limit of " + maxBytes);
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(maxBytes, Math.max(needed, (long) data.length * 2)));
        }
        return data;
    }
}
