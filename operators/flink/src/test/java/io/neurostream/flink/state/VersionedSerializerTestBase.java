package io.neurostream.flink.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.core.decoder.RateDecoder;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * Flink's {@link SerializerTestBase} for a {@link VersionedStateSerializer}, plus its framing: the layout byte, the
 * unversioned layout-1 serializer restored from an old snapshot, and compatibility between the two. Decoders
 * without {@code equals} are compared by {@link StateSamples#sameDecoder}.
 */
public abstract class VersionedSerializerTestBase<T> extends SerializerTestBase<T> {
    private final Supplier<? extends VersionedStateSerializer<T>> serializer;
    private final Class<T> type;
    private final Supplier<T[]> samples;

    /**
     * @param serializer the serializer under test (a new one each time for a stateful serializer)
     * @param type the state type
     * @param samples test data, a fresh array each time
     */
    protected VersionedSerializerTestBase(Supplier<? extends VersionedStateSerializer<T>> serializer, Class<T> type,
                                          Supplier<T[]> samples) {
        super(new DeeplyEqualsChecker().withCustomCheck(
                (a, b) -> a instanceof RateDecoder && b instanceof RateDecoder,
                (a, b, checker) -> StateSamples.sameDecoder((RateDecoder) a, (RateDecoder) b)));
        this.serializer = serializer;
        this.type = type;
        this.samples = samples;
    }

    @Override
    protected VersionedStateSerializer<T> createSerializer() {
        return serializer.get();
    }

    @Override
    protected Class<T> getTypeClass() {
        return type;
    }

    @Override
    protected T[] getTestData() {
        return samples.get();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    private byte[] bytes(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    /** The serializer Flink restores from a snapshot written before values carried a layout byte. */
    private TypeSerializer<T> unversioned() throws IOException {
        TypeSerializerSnapshot<T> old = createSerializer().snapshotConfiguration();
        old.readSnapshot(VersionedStateSerializer.Snapshot.UNVERSIONED_VALUES, new DataInputDeserializer(new byte[0]),
                getClass().getClassLoader());
        return old.restoreSerializer();
    }

    @Test
    void everyValueBeginsWithItsLayoutByte() throws IOException {
        VersionedStateSerializer<T> serializer = createSerializer();
        for (T value : getTestData()) {
            assertThat(bytes(serializer, value)[0]).isEqualTo((byte) serializer.currentLayout());
        }
    }

    @Test
    void rejectsALayoutNewerThanThisCodeReads() throws IOException {
        VersionedStateSerializer<T> serializer = createSerializer();
        byte[] bytes = bytes(serializer, getTestData()[0]);
        bytes[0] = (byte) (serializer.currentLayout() + 1);
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("layout " + bytes[0]);
        bytes[0] = 0;
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theUnversionedSerializerReadsAndWritesLayoutOneWithoutTheByte() throws IOException {
        VersionedStateSerializer<T> serializer = createSerializer();
        TypeSerializer<T> unversioned = unversioned();
        assertThat(unversioned).isNotEqualTo(serializer).isEqualTo(unversioned.duplicate());
        for (T value : getTestData()) {
            byte[] framed = bytes(serializer, value);
            byte[] bare = bytes(unversioned, value);
            assertThat(bare).isEqualTo(Arrays.copyOfRange(framed, 1, framed.length));
            DataInputDeserializer in = new DataInputDeserializer(bare);
            deepEquals("unversioned round trip", value, unversioned.deserialize(in));
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void migratesFromTheUnversionedLayoutAndIsCompatibleAsIsWithItself() throws IOException {
        VersionedStateSerializer<T> serializer = createSerializer();
        TypeSerializerSnapshot<T> current = serializer.snapshotConfiguration();
        TypeSerializerSnapshot<T> old = unversioned().snapshotConfiguration();
        assertThat(current.resolveSchemaCompatibility(old).isCompatibleAfterMigration()).isTrue();
        assertThat(current.resolveSchemaCompatibility(current).isCompatibleAsIs()).isTrue();
        assertThat(old.resolveSchemaCompatibility(old).isCompatibleAsIs()).isTrue();

        DataOutputSerializer newer = new DataOutputSerializer(8);
        newer.writeBoolean(false);
        newer.writeByte(serializer.currentLayout() + 1);
        TypeSerializerSnapshot<T> fromNewerCode = serializer.snapshotConfiguration();
        fromNewerCode.readSnapshot(VersionedStateSerializer.Snapshot.VERSION,
                new DataInputDeserializer(newer.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(current.resolveSchemaCompatibility(fromNewerCode).isIncompatible()).isTrue();
    }
}
