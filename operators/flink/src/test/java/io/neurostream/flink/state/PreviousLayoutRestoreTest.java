package io.neurostream.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restores the previous layout version: values and savepoints written before values carried a layout byte
 * (files under {@code serializer-layouts/}, written from {@link StateSamples} by the serializers of that time) come
 * back equal through the path Flink takes: the serializer snapshot stored with the state, its
 * {@code restoreSerializer()}, and the current serializer's {@code resolveSchemaCompatibility}.
 */
class PreviousLayoutRestoreTest {

    static List<LayoutSamples.Kind<?>> kinds() {
        return LayoutSamples.kinds();
    }

    static Stream<Arguments> savepoints() {
        return Stream.of("hashmap", "rocksdb").flatMap(writtenBy -> Stream.of(
                Arguments.of(writtenBy, "hashmap"), Arguments.of(writtenBy, "rocksdb")));
    }

    private static StateBackend backend(String name) {
        return name.equals("hashmap") ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend();
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = PreviousLayoutRestoreTest.class.getResourceAsStream(LayoutSamples.FOLDER + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static <T> TypeSerializerSnapshot<T> previousSnapshot(LayoutSamples.Kind<T> kind) throws Exception {
        return TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
                new DataInputDeserializer(resource(kind.name() + ".snapshot-layout1.bin")),
                PreviousLayoutRestoreTest.class.getClassLoader());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <T> void restoresThePreviousLayoutVersionThroughTheSerializerSnapshot(LayoutSamples.Kind<T> kind) throws Exception {
        TypeSerializerSnapshot<T> previous = previousSnapshot(kind);
        TypeSerializer<T> current = kind.serializer().get();
        TypeSerializerSchemaCompatibility<T> compatibility =
                current.snapshotConfiguration().resolveSchemaCompatibility(previous);
        assertThat(compatibility.isCompatibleAfterMigration()).as(compatibility.toString()).isTrue();

        // what a state backend migrating the state does: read with the restored serializer, write with the current one
        TypeSerializer<T> prior = previous.restoreSerializer();
        assertThat(prior).isNotEqualTo(current);
        DataInputDeserializer in = new DataInputDeserializer(resource(kind.name() + ".layout1.bin"));
        for (T expected : kind.samples()) {
            T value = prior.deserialize(in);
            assertThat(StateSamples.sameState(value, expected)).as("%s restored from layout 1", kind).isTrue();
            DataOutputSerializer migrated = new DataOutputSerializer(1024);
            current.serialize(value, migrated);
            byte[] bytes = migrated.getCopyOfBuffer();
            // migrated to the serializer's current layout (2 for RateDecoderSerializer: it added decoder kinds)
            assertThat(bytes[0]).as("layout byte").isEqualTo((byte) ((VersionedStateSerializer<T>) current).currentLayout());
            DataInputDeserializer back = new DataInputDeserializer(bytes);
            assertThat(StateSamples.sameState(current.deserialize(back), expected)).isTrue();
            assertThat(back.available()).isZero();
        }
        assertThat(in.available()).isZero();

        // the restored serializer describes itself as the old layout again (a backend that snapshots state it has
        // not migrated yet writes it with this serializer and snapshot)
        TypeSerializerSnapshot<T> again = prior.snapshotConfiguration();
        DataOutputSerializer snapshotOut = new DataOutputSerializer(128);
        TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(snapshotOut, again);
        TypeSerializerSnapshot<T> reread = TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
                new DataInputDeserializer(snapshotOut.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(reread.restoreSerializer()).isEqualTo(prior);
        assertThat(current.snapshotConfiguration().resolveSchemaCompatibility(reread).isCompatibleAfterMigration())
                .isTrue();
        assertThat(current.snapshotConfiguration().resolveSchemaCompatibility(current.snapshotConfiguration())
                .isCompatibleAsIs()).isTrue();
    }

    @ParameterizedTest(name = "savepoint written by {0} restored into {1}")
    @MethodSource("savepoints")
    void restoresASavepointOfThePreviousLayoutAndSavesItAgain(String writtenBy, String restoredInto) throws Exception {
        OperatorSubtaskState resaved;
        OperatorSubtaskState untouched;
        String file = "savepoint-" + writtenBy + "-layout1.bin";
        try (var h = LayoutSamples.restored(backend(restoredInto), file)) {
            for (LayoutSamples.Kind<?> kind : kinds()) {
                assertRestored(h, kind);
            }
            resaved = savepoint(h);
        }
        // state nobody touched after the restore is still written in the old layout, under the old description
        try (var h = LayoutSamples.restored(backend(restoredInto), file)) {
            untouched = savepoint(h);
        }
        for (OperatorSubtaskState state : new OperatorSubtaskState[] {resaved, untouched}) {
            for (String backend : new String[] {"hashmap", "rocksdb"}) {
                try (var h = LayoutSamples.harness(backend(backend), state)) {
                    for (LayoutSamples.Kind<?> kind : kinds()) {
                        assertRestored(h, kind);
                    }
                }
            }
        }
    }

    private static OperatorSubtaskState savepoint(KeyedOneInputStreamOperatorTestHarness<Integer, Integer, Integer> h)
            throws Exception {
        return h.snapshotWithLocalState(2L, 2L, SavepointType.savepoint(SavepointFormatType.CANONICAL))
                .getJobManagerOwnedState();
    }

    private static <T> void assertRestored(KeyedOneInputStreamOperatorTestHarness<Integer, Integer, Integer> h,
                                           LayoutSamples.Kind<T> kind) throws Exception {
        for (int k = 0; k < LayoutSamples.keyCount(); k++) {
            T value = LayoutSamples.state(h, kind, k).value();
            if (k < kind.samples().length) {
                assertThat(StateSamples.sameState(value, kind.samples()[k])).as("%s of key %d", kind, k).isTrue();
            } else {
                assertThat(value).as("%s of key %d", kind, k).isNull();
            }
        }
    }
}
