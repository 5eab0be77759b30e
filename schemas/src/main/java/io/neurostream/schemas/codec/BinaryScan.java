package io.neurostream.schemas.codec;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks the Avro binary encoding of one record by its schema without building anything, so that a
 * message is judged before Avro allocates for it: Avro allocates a {@code bytes} or {@code string}
 * field and an array's or map's items from the length or count the message claims, before reading
 * them (a 30-byte message claiming 2 GB of {@code events} costs 2 GB). Here every length and count is
 * checked against the bytes actually left, and the end of the record is found, so bytes after it
 * can be refused.
 *
 * <p>A count of items whose encoding may be empty (e.g. {@code null}) is bounded by the bytes left as
 * if each took one: no record of ours has such arrays, and a longer one is no message of ours.
 */
final class BinaryScan {
    /** The data does not hold a record of the schema; the message says where and why. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private static final Schema MAP_KEY = Schema.create(Schema.Type.STRING);

    private final byte[] data;
    private final int limit;
    /** Minimum sizes of record schemas met inside arrays and maps (none in most messages: made on demand). */
    private Map<Schema, Integer> minSizes;
    private int position;

    private BinaryScan(byte[] data, int offset) {
        this.data = data;
        this.limit = data.length;
        this.position = offset;
    }

    /**
     * Where the record of {@code schema} that starts at {@code offset} ends (exclusive).
     *
     * @throws MalformedException if a value runs past the end, a length or count is negative or
     *     larger than the bytes left, an int does not fit 32 bits, or a union or enum index is out of range
     */
    static int end(Schema schema, byte[] data, int offset) throws MalformedException {
        BinaryScan scan = new BinaryScan(data, offset);
        scan.value(schema, "");
        return scan.position;
    }

    private void value(Schema schema, String field) throws MalformedException {
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> skip(1, field);
            case INT -> readInt(field);
            case LONG -> readLong(field);
            case FLOAT -> skip(4, field);
            case DOUBLE -> skip(8, field);
            case FIXED -> skip(schema.getFixedSize(), field);
            case STRING, BYTES -> {
                long length = readLong(field);
                if (length < 0) {
                    throw malformed(field, "negative length " + length);
                }
                if (length > left()) {
                    throw malformed(field, "length " + length + " > " + left() + " bytes left");
                }
                position += (int) length;
            }
            case ENUM -> index(schema.getEnumSymbols().size(), "enum symbol", field);
            case UNION -> value(schema.getTypes().get(index(schema.getTypes().size(), "union branch", field)), field);
            case RECORD -> {
                for (Schema.Field f : schema.getFields()) {
                    value(f.schema(), field.isEmpty() ? f.name() : field + "." + f.name());
                }
            }
            case ARRAY -> items(schema.getElementType(), false, field);
            case MAP -> items(schema.getValueType(), true, field);
        }
    }

    /** Blocks of {@code long count} then items, until a count of 0; a negative count is followed by the block's size. */
    private void items(Schema item, boolean map, String field) throws MalformedException {
        long minItem = Math.max(1, minSize(item) + (map ? 1 : 0));
        while (true) {
            long count = readLong(field);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                if (count == Long.MIN_VALUE) {
                    throw malformed(field, "block count " + count);
                }
                count = -count;
                long size = readLong(field);
                if (size < 0 || size > left()) {
                    throw malformed(field, "block of " + count + " items claims " + size + " bytes, " + left()
                            + " bytes left");
                }
            }
            if (count > left() / minItem) {
                throw malformed(field, count + " items of >= " + minItem + " bytes > " + left() + " bytes left");
            }
            for (long i = 0; i < count; i++) {
                if (map) {
                    value(MAP_KEY, field);
                }
                value(item, field);
            }
        }
    }

    /** The fewest bytes a value of {@code schema} takes. */
    private long minSize(Schema schema) {
        return switch (schema.getType()) {
            case NULL -> 0;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case UNION -> {
                long min = Long.MAX_VALUE;
                for (Schema branch : schema.getTypes()) {
                    min = Math.min(min, minSize(branch));
                }
                yield 1 + min;
            }
            case RECORD -> {
                if (minSizes == null) {
                    minSizes = new IdentityHashMap<>();
                }
                Integer known = minSizes.get(schema);
                if (known != null) {
                    yield known;
                }
                minSizes.put(schema, 0); // a recursive record: its nested self may be empty (a null branch)
                long sum = 0;
                for (Schema.Field f : schema.getFields()) {
                    sum += minSize(f.schema());
                }
                int size = (int) Math.min(sum, Integer.MAX_VALUE);
                minSizes.put(schema, size);
                yield size;
            }
            default -> 1; // boolean, int, long, string, bytes, enum, array, map
        };
    }

    private int index(int size, String what, String field) throws MalformedException {
        int index = readInt(field);
        if (index < 0 || index >= size) {
            throw malformed(field, what + " " + index + " outside [0, " + size + ")");
        }
        return index;
    }

    private int readInt(String field) throws MalformedException {
        long raw = readVarint(field, 5);
        if (raw > 0xFFFF_FFFFL) {
            throw malformed(field, "varint does not fit an int");
        }
        return (int) ((raw >>> 1) ^ -(raw & 1));
    }

    private long readLong(String field) throws MalformedException {
        long raw = readVarint(field, 10);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** The unsigned variable-length value (before zig-zag), at most {@code maxBytes} bytes. */
    private long readVarint(String field, int maxBytes) throws MalformedException {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (position >= limit) {
                throw malformed(field, "the message ends inside a number");
            }
            int b = data[position++] & 0xFF;
            raw |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return raw;
            }
        }
        throw malformed(field, maxBytes == 5 ? "varint does not fit an int" : "varint longer than 10 bytes");
    }

    private void skip(int bytes, String field) throws MalformedException {
        if (bytes > left()) {
            throw malformed(field, "needs " + bytes + " bytes, " + left() + " left");
        }
        position += bytes;
    }

    private int left() {
        return limit - position;
    }

    private static MalformedException malformed(String field, String problem) {
        return new MalformedException("field " + field + ": " + problem);
    }
}
