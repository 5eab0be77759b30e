package io.neurostream.schemas.codec;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro single-object encoding (magic {@code C3 01}, 8-byte CRC-64-AVRO schema fingerprint, then
 * the binary record) for one record class: the wire format of every Neurostream topic.
 *
 * <pre>{@code
 * SingleObjectCodec<EventPacket> codec = SingleObjectCodec.of(EventPacket.class);
 * byte[] wire = codec.encode(packet);
 * EventPacket back = codec.decode(wire);
 * }</pre>
 *
 * Serializable (only the class is kept) so Flink functions can hold one.
 */
public final class SingleObjectCodec<T extends SpecificRecordBase> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Magic (2 bytes) and schema fingerprint (8 bytes) before the record. */
    private static final int HEADER_BYTES = 10;

    private final Class<T> recordClass;
    private transient BinaryMessageEncoder<T> encoder;
    private transient SpecificDatumReader<T> reader;
    private transient long fingerprint;
    private transient boolean fingerprinted;

    private SingleObjectCodec(Class<T> recordClass) {
        this.recordClass = recordClass;
    }

    public static <T extends SpecificRecordBase> SingleObjectCodec<T> of(Class<T> recordClass) {
        return new SingleObjectCodec<>(recordClass);
    }

    public Class<T> recordClass() {
        return recordClass;
    }

    public Schema schema() {
        return SpecificData.get().getSchema(recordClass);
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder().encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + recordClass.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one message: exactly one record, nothing after it.
     *
     * <p>The record is walked by its schema before Avro reads it ({@link BinaryScan}): a length or
     * count larger than the bytes left is refused before anything is allocated for it.
     *
     * @throws IOException with a reason a person can act on (bad magic, unknown schema
     *     fingerprint, truncated body, a length larger than the message, trailing bytes)
     */
    public T decode(byte[] message) throws IOException {
        if (message == null) {
            throw new IOException("null message (a tombstone?) where a " + recordClass.getSimpleName() + " was expected");
        }
        if (message.length < HEADER_BYTES || message[0] != (byte) 0xC3 || message[1] != 0x01) {
            throw new IOException(String.format(
                    "not Avro single-object encoding: expected magic C3 01 and a 10-byte header, got %d bytes starting %s",
                    message.length, hexPrefix(message)));
        }
        long sent = 0;
        for (int i = HEADER_BYTES - 1; i >= 2; i--) {
            sent = sent << 8 | (message[i] & 0xFF);
        }
        if (sent != fingerprint()) {
            throw new IOException("unknown schema fingerprint " + fingerprintHex(sent) + " ("
                    + recordClass.getSimpleName() + " is " + fingerprintHex(fingerprint()) + ")");
        }
        String cannot = "cannot decode " + recordClass.getSimpleName() + " (" + message.length + " bytes): ";
        int end;
        try {
            end = BinaryScan.end(schema(), message, HEADER_BYTES);
        } catch (BinaryScan.MalformedException e) {
            throw new IOException(cannot + e.getMessage(), e);
        }
        if (end != message.length) {
            int trailing = message.length - end;
            throw new IOException(cannot + trailing + (trailing == 1 ? " trailing byte" : " trailing bytes")
                    + " after the record");
        }
        try {
            return reader().read(null, DecoderFactory.get().binaryDecoder(message, HEADER_BYTES,
                    end - HEADER_BYTES, null));
        } catch (IOException | RuntimeException e) {
            throw new IOException(cannot + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fingerprint as schemas/README.md writes it: {@code 0x} and the 8 bytes in the order they are
     * sent (little-endian CRC-64-AVRO), e.g. {@code 0x727E05E344C58D5B} for EventPacket.
     */
    private static String fingerprintHex(long fingerprint) {
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02X", (fingerprint >>> (8 * i)) & 0xFF));
        }
        return sb.toString();
    }

    private static String hexPrefix(byte[] message) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, message.length); i++) {
            sb.append(String.format("%02X", message[i]));
        }
        return sb.length() == 0 ? "(empty)" : "0x" + sb;
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(recordClass), schema());
        }
        return encoder;
    }

    private SpecificDatumReader<T> reader() {
        if (reader == null) {
            reader = new SpecificDatumReader<>(schema(), schema(), SpecificData.getForClass(recordClass));
        }
        return reader;
    }

    /** CRC-64-AVRO of the schema's Parsing Canonical Form, what the header carries (little-endian). */
    private long fingerprint() {
        if (!fingerprinted) {
            fingerprint = SchemaNormalization.parsingFingerprint64(schema());
            fingerprinted = true;
        }
        return fingerprint;
    }
}
