package io.neurostream.connectors.events;

/**
 * Just enough of the flatbuffers binary format to read AEDAT 4 (tables, scalars, vectors, strings), every
 * access bounds-checked against {@code [start, end)} so corrupt offsets become {@link CorruptDataException}s.
 */
final class FlatBuffers {
    private FlatBuffers() {}

    static int u16(byte[] b, int i, int start, int end) {
        check(i, 2, start, end);
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    static int i32(byte[] b, int i, int start, int end) {
        check(i, 4, start, end);
        return Lz4Frames.le32(b, i);
    }

    static long i64(byte[] b, int i, int start, int end) {
        check(i, 8, start, end);
        return (Lz4Frames.le32(b, i) & 0xFFFF_FFFFL) | (long) Lz4Frames.le32(b, i + 4) << 32;
    }

    /** Position of the root table of a buffer starting at {@code start}. */
    static int root(byte[] b, int start, int end) {
        long root = start + (i32(b, start, start, end) & 0xFFFF_FFFFL);
        check(root, 4, start, end);
        return (int) root;
    }

    /** Position of field {@code index} of the table at {@code table}, or -1 if absent. */
    static int field(byte[] b, int table, int index, int start, int end) {
        long vtable = (long) table - i32(b, table, start, end);
        check(vtable, 4, start, end);
        int vtableLen = u16(b, (int) vtable, start, end);
        int entry = 4 + 2 * index;
        if (entry + 2 > vtableLen) {
            return -1;
        }
        int off = u16(b, (int) vtable + entry, start, end);
        return off == 0 ? -1 : table + off;
    }

    /** Follows the uoffset stored at {@code at} (to a vector, string or table). */
    static int indirect(byte[] b, int at, int start, int end) {
        long target = at + (i32(b, at, start, end) & 0xFFFF_FFFFL);
        check(target, 4, start, end);
        return (int) target;
    }

    static void check(long pos, long len, int start, int end) {
        if (pos < start || pos + len > end) {
            throw new CorruptDataException("flatbuffer offset " + pos + " (+" + len + ") outside [" + start + ", " + end + ")");
        }
    }
}
