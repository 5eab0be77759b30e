package io.neurostream.schemas.codec;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
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

    private final Class<T> recordClass;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

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
     * Decodes one message.
     *
     * @throws IOException with a reason a person can act on (bad magic, unknown schema
     *     fingerprint, truncated body)
     */
    public T decode(byte[] message) throws IOException {
        if (message == null) {
            throw new IOException("null message (a tombstone?) where a " + recordClass.getSimpleName() + " was expected");
        }
        if (message.length < 10 || message[0] != (byte) 0xC3 || message[1] != 0x01) {
            throw new IOException(String.format(
                    "not Avro single-object encoding: expected magic C3 01 and a 10-byte header, got %d bytes starting %s",
                    message.length, hexPrefix(message)));
        }
        try {
            return decoder().decode(message);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode " + recordClass.getSimpleName() + " (" + message.length + " bytes): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
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

    private BinaryMessageDecoder<T> decoder() {
        if (decoder == null) {
            decoder = new BinaryMessageDecoder<>(SpecificData.getForClass(recordClass), schema());
        }
        return decoder;
    }
}
