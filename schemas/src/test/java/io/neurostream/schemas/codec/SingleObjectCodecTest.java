package io.neurostream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * What {@link SingleObjectCodec#decode} refuses, and how it says so: bytes after the record, a
 * fingerprint it does not know, and lengths or counts that claim more than the message holds
 * (refused before anything is allocated for them).
 */
class SingleObjectCodecTest {
    private static final SingleObjectCodec<EventPacket> PACKETS = SingleObjectCodec.of(EventPacket.class);
    private static final SingleObjectCodec<Label> LABELS = SingleObjectCodec.of(Label.class);

    /** The example message of schemas/README.md (one event). */
    private static final byte[] README_EXAMPLE = bytes(
            0xC3, 0x01, 0x72, 0x7E, 0x05, 0xE3, 0x44, 0xC5, 0x8D, 0x5B,
            0x02, 0x73, 0x00, 0x44, 0x44, 0xD0, 0x0F, 0xA0, 0x1F, 0x02, 0x12,
            0x0A, 0x00, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x01,
            0x00);

    @Test
    void trailingBytesAfterAValidRecordAreRejected() throws IOException {
        assertThat(PACKETS.decode(README_EXAMPLE).getEventCount()).isEqualTo(1);
        byte[] three = Arrays.copyOf(README_EXAMPLE, README_EXAMPLE.length + 3);
        assertThatThrownBy(() -> PACKETS.decode(three)).isInstanceOf(IOException.class)
                .hasMessage("cannot decode EventPacket (34 bytes): 3 trailing bytes after the record");
        byte[] one = Arrays.copyOf(README_EXAMPLE, README_EXAMPLE.length + 1);
        one[one.length - 1] = 0x7F;
        assertThatThrownBy(() -> PACKETS.decode(one)).isInstanceOf(IOException.class)
                .hasMessageContaining("1 trailing byte after the record");
        // two records back to back are not one record
        byte[] label = LABELS.encode(new Label("s", 1L, 0L, 10L, 3, List.of()));
        byte[] twice = Arrays.copyOf(label, 2 * label.length);
        System.arraycopy(label, 0, twice, label.length, label.length);
        assertThatThrownBy(() -> LABELS.decode(twice)).isInstanceOf(IOException.class)
                .hasMessageContaining(label.length + " trailing bytes after the record");
    }

    @Test
    void anUnknownFingerprintIsNamedInHexAsSent() {
        byte[] otherSchema = README_EXAMPLE.clone();
        otherSchema[9] = 0x5A;
        assertThatThrownBy(() -> PACKETS.decode(otherSchema)).isInstanceOf(IOException.class)
                .hasMessage("unknown schema fingerprint 0x727E05E344C58D5A (EventPacket is 0x727E05E344C58D5B)");
        // a Label sent where EventPackets are expected: its fingerprint is the README's Label row
        byte[] label = LABELS.encode(new Label("s", 1L, 0L, 10L, 3, List.of()));
        assertThatThrownBy(() -> PACKETS.decode(label)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("unknown schema fingerprint 0x85E9E63843A88B7F ");
    }

    @Test
    void aBytesFieldClaimingMoreThanTheMessageIsRejectedBeforeAllocatingIt() throws IOException {
        // EventPacket whose `events` claims 2,147,483,547 bytes and holds 3
        byte[] message = message(PACKETS, e -> {
            packetBeforeEvents(e);
            e.writeLong(Integer.MAX_VALUE - 100);
            e.writeFixed(new byte[] {1, 2, 3});
        });
        assertRejectedWithoutAllocating(PACKETS, message, "field events: length 2147483547 > 3 bytes left");
    }

    @Test
    void aStringClaimingMoreThanTheMessageIsRejectedBeforeAllocatingIt() throws IOException {
        byte[] message = message(PACKETS, e -> {
            e.writeLong(1_500_000_000L); // sensorId length
            e.writeFixed(new byte[] {'s'});
        });
        assertRejectedWithoutAllocating(PACKETS, message, "field sensorId: length 1500000000 > 1 bytes left");
    }

    @Test
    void negativeLengthsAndCountsAreRejected() throws IOException {
        byte[] negativeLength = message(PACKETS, e -> {
            packetBeforeEvents(e);
            e.writeLong(-5);
            e.writeIndex(0);
        });
        assertRejectedWithoutAllocating(PACKETS, negativeLength, "field events: negative length -5");
    }

    @Test
    void anArrayClaimingMoreItemsThanTheMessageHoldsIsRejectedBeforeAllocatingIt() throws IOException {
        // Label whose `target` claims 268,435,000 doubles and holds 3 bytes: Avro would allocate the list first
        byte[] message = message(LABELS, e -> {
            labelBeforeClassIndex(e);
            e.writeIndex(1);
            e.writeInt(3);
            e.writeLong(268_435_000L);
            e.writeFixed(new byte[] {1, 2, 3});
        });
        assertRejectedWithoutAllocating(LABELS, message, "field target: 268435000 items of >= 8 bytes > 3 bytes left");
        // the same with Avro's negative block count (count, then the block's size in bytes)
        byte[] sized = message(LABELS, e -> {
            labelBeforeClassIndex(e);
            e.writeIndex(0);
            e.writeLong(-268_435_000L);
            e.writeLong(8);
            e.writeDouble(1.0);
        });
        assertRejectedWithoutAllocating(LABELS, sized, "field target: 268435000 items of >= 8 bytes > 8 bytes left");
    }

    @Test
    void aMapClaimingMoreEntriesThanTheMessageHoldsIsRejectedBeforeAllocatingIt() throws IOException {
        SingleObjectCodec<ModelSnapshot> snapshots = SingleObjectCodec.of(ModelSnapshot.class);
        byte[] message = message(snapshots, e -> {
            e.writeString("job");
            e.writeString("s");
            e.writeString("rls-readout");
            e.writeLong(1);
            e.writeLong(1);
            e.writeLong(0); // shape: empty array
            e.writeLong(0); // parameters: no bytes
            e.writeLong(1_000_000_000L); // metadata: a billion entries
            e.writeString("k");
        });
        assertRejectedWithoutAllocating(snapshots, message, "field metadata: 1000000000 items of >= 2 bytes");
    }

    @Test
    void anIntThatDoesNotFitAnIntIsRejected() throws IOException {
        byte[] message = message(PACKETS, e -> {
            e.writeString("s");
            e.writeLong(0);
            e.writeLong(1L << 40); // width: a long where an int belongs
        });
        assertThatThrownBy(() -> PACKETS.decode(message)).isInstanceOf(IOException.class)
                .hasMessageContaining("field width: varint does not fit an int");
    }

    @Test
    void validRecordsStillDecodeWhole() throws IOException {
        ModelSnapshot snapshot = new ModelSnapshot("dvs-classify", "cam", "rls-readout", 3L, 99L, List.of(2, 2),
                ByteBuffer.wrap(new byte[32]), Map.of("seed", "42", "liquid", "x"));
        SingleObjectCodec<ModelSnapshot> snapshots = SingleObjectCodec.of(ModelSnapshot.class);
        assertThat(snapshots.decode(snapshots.encode(snapshot))).isEqualTo(snapshot);
        Label regression = new Label("rat", 1L, 0L, 20_000L, null, List.of(0.5, -1.5, 3.0));
        assertThat(LABELS.decode(LABELS.encode(regression))).isEqualTo(regression);
    }

    /** EventPacket fields up to {@code events}: sensor "s", sequence 0, 34x34, [1000, 2000) µs, eventCount 0. */
    private static void packetBeforeEvents(BinaryEncoder e) throws IOException {
        e.writeString("s");
        e.writeLong(0);
        e.writeInt(34);
        e.writeInt(34);
        e.writeLong(1000);
        e.writeLong(2000);
        e.writeInt(0);
    }

    /** Label fields up to {@code classIndex}: stream "s", sequence 0, [0, 10) µs. */
    private static void labelBeforeClassIndex(BinaryEncoder e) throws IOException {
        e.writeString("s");
        e.writeLong(0);
        e.writeLong(0);
        e.writeLong(10);
    }

    private static void assertRejectedWithoutAllocating(SingleObjectCodec<?> codec, byte[] message, String reason) {
        try {
            codec.decode(validFor(codec)); // warm up: class loading, caches
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        Throwable thrown = null;
        try {
            codec.decode(message);
        } catch (Throwable t) {
            thrown = t;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated while rejecting the message").isLessThan(1 << 20);
        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(thrown.getMessage()).contains("cannot decode " + codec.recordClass().getSimpleName() + " ("
                + message.length + " bytes): " + reason);
    }

    private static byte[] validFor(SingleObjectCodec<?> codec) {
        if (codec.recordClass() == Label.class) {
            return LABELS.encode(new Label("s", 1L, 0L, 10L, 3, List.of()));
        }
        if (codec.recordClass() == ModelSnapshot.class) {
            return SingleObjectCodec.of(ModelSnapshot.class).encode(new ModelSnapshot("j", "s", "k", 1L, 1L, List.of(),
                    ByteBuffer.allocate(0), Map.of()));
        }
        return README_EXAMPLE;
    }

    /** Schema fingerprints as sent (schemas/README.md, the table). */
    private static final Map<Class<?>, String> FINGERPRINTS = Map.of(
            EventPacket.class, "727E05E344C58D5B",
            Label.class, "85E9E63843A88B7F",
            ModelSnapshot.class, "A87D35D2058806B6");

    @FunctionalInterface
    private interface Fields {
        void write(BinaryEncoder e) throws IOException;
    }

    /** The codec's header followed by hand-written Avro fields. */
    private static byte[] message(SingleObjectCodec<?> codec, Fields fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        String hex = FINGERPRINTS.get(codec.recordClass());
        for (int i = 0; i < 8; i++) {
            out.write(Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16));
        }
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        fields.write(e);
        e.flush();
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
