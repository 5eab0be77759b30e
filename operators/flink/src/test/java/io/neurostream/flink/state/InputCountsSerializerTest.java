package io.neurostream.flink.state;

/** Flink's serializer tests and our framing tests on binned input counts (dvs-classify --readout-input counts). */
class InputCountsSerializerTest extends VersionedSerializerTestBase<int[]> {
    InputCountsSerializerTest() {
        super(() -> InputCountsSerializer.INSTANCE, int[].class,
                () -> new int[][] {{0, 3, 0, 17, Integer.MAX_VALUE, 1}, {}, new int[34 * 34 * 2 * 3]});
    }
}
