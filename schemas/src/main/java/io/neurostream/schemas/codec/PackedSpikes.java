package io.neurostream.schemas.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The packed spike array inside {@code SpikeBatch.spikes}: 8 bytes per spike, little-endian,
 * {@code uint32 dtMicros, uint32 unitIndex} (schemas/README.md).
 */
public final class PackedSpikes {
    /** Bytes per packed spike. */
    public static final int BYTES_PER_SPIKE = 8;

    private PackedSpikes() {}

    public static void put(ByteBuffer out, long dtMicros, int unitIndex) {
        if (dtMicros < 0 || dtMicros > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("dtMicros " + dtMicros + " outside [0, 2^32): split the batch");
        }
        if (unitIndex < 0) {
            throw new IllegalArgumentException("unitIndex " + unitIndex + " is negative");
        }
        out.putInt((int) dtMicros).putInt(unitIndex);
    }

    public static ByteBuffer view(ByteBuffer spikes) {
        return spikes.duplicate().order(ByteOrder.LITTLE_ENDIAN).rewind();
    }

    public static ByteBuffer allocate(int count) {
        return ByteBuffer.allocate(count * BYTES_PER_SPIKE).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static long dtMicros(ByteBuffer view, int index) {
        return view.getInt(index * BYTES_PER_SPIKE) & 0xFFFF_FFFFL;
    }

    public static int unitIndex(ByteBuffer view, int index) {
        return view.getInt(index * BYTES_PER_SPIKE + 4);
    }

    public static int countOf(int byteLength) {
        return byteLength % BYTES_PER_SPIKE == 0 ? byteLength / BYTES_PER_SPIKE : -1;
    }
}
