package io.neurostream.connectors.kafka.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.internal.KafkaPosition;
import io.neurostream.schemas.internal.SourcedEventPacket;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The serializer of decoded records on their way to a keyed operator: Flink's serializer contract
 * (copy, snapshot/restore, duplicates; {@link SerializerTestBase}), and the Kafka position survives
 * (Avro's equality ignores it, so it is checked by itself).
 */
class SourcedSerializerTest extends SerializerTestBase<EventPacket> {
    private static EventPacket packet(String sensor, long sequence) {
        return new EventPacket(sensor, sequence, 34, 34, 100L, 200L, 1,
                ByteBuffer.wrap(new byte[] {10, 0, 0, 0, 3, 0, 4, 0, 1}), 1234L);
    }

    @Override
    protected TypeSerializer<EventPacket> createSerializer() {
        return SourcedTypeInfo.eventPackets().createSerializer(new SerializerConfigImpl());
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<EventPacket> getTypeClass() {
        return EventPacket.class;
    }

    @Override
    protected EventPacket[] getTestData() {
        return new EventPacket[] {packet("a", 0), new SourcedEventPacket(packet("b", 7), new KafkaPosition(1, 42L, 99L)),
                new SourcedEventPacket(packet("c", 8), KafkaPosition.UNKNOWN)};
    }

    @Test
    void thePositionTravelsWithTheRecordAndAPlainRecordStaysPlain() throws Exception {
        TypeSerializer<EventPacket> serializer = createSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(new SourcedEventPacket(packet("b", 7), new KafkaPosition(1, 42L, 99L)), out);
        serializer.serialize(packet("a", 0), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        EventPacket positioned = serializer.deserialize(in);
        EventPacket plain = serializer.deserialize(in);
        assertThat(KafkaPosition.of(positioned)).isEqualTo(new KafkaPosition(1, 42L, 99L));
        assertThat(positioned).isEqualTo(packet("b", 7));
        assertThat(KafkaPosition.of(plain)).isEqualTo(KafkaPosition.UNKNOWN);
        assertThat(plain).isNotInstanceOf(SourcedEventPacket.class);
        assertThat(KafkaPosition.of(serializer.copy(positioned))).isEqualTo(new KafkaPosition(1, 42L, 99L));
    }
}
