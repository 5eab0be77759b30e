package io.neurostream.flink.state;

import io.neurostream.flink.spikes.RateDecoderSerializer;
import io.neurostream.flink.spikes.SpikeDecodeStateSerializer;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.util.Collector;

/**
 * The checkpointed state types, their serializers and sample values, and a keyed operator holding one
 * {@code ValueState} per type: key {@code k} holds sample {@code k} of each type that has one. Files under
 * {@code src/test/resources/serializer-layouts/} (see the README there) were written with it.
 */
final class LayoutSamples {
    /** Where the samples live, as a class-path resource folder. */
    static final String FOLDER = "/serializer-layouts/";

    private LayoutSamples() {
    }

    /** One state type: its file stem (also the state name), its serializer and samples. */
    record Kind<T>(String name, Supplier<TypeSerializer<T>> serializer, T[] samples) {
        ValueStateDescriptor<T> descriptor() {
            return new ValueStateDescriptor<>(name, serializer.get());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Kind<?>> kinds() {
        return List.of(
                new Kind<>("liquid-state", () -> LiquidStateSerializer.INSTANCE, StateSamples.liquidStates()),
                new Kind<>("rls-readout", () -> RlsReadoutSerializer.INSTANCE, StateSamples.rlsReadouts()),
                new Kind<>("pixel-time-state", () -> PixelTimeStateSerializer.INSTANCE, StateSamples.pixelTimeStates()),
                new Kind<>("feast-state", () -> FeastStateSerializer.INSTANCE, StateSamples.feastStates()),
                new Kind<>("spike-decode-state", () -> SpikeDecodeStateSerializer.INSTANCE,
                        StateSamples.spikeDecodeStates()),
                new Kind<>("rate-decoder", RateDecoderSerializer::new, StateSamples.rateDecoders()));
    }

    /** Keys 0 .. largest sample count - 1. */
    static int keyCount() {
        return kinds().stream().mapToInt(k -> k.samples().length).max().orElseThrow();
    }

    /** An opened harness on {@code backend}, restored from the savepoint in {@code resource} of {@link #FOLDER}. */
    static KeyedOneInputStreamOperatorTestHarness<Integer, Integer, Integer> restored(StateBackend backend,
            String resource) throws Exception {
        return harness(backend, OperatorSnapshotUtil.readStateHandle(
                LayoutSamples.class.getResource(FOLDER + resource).getPath()));
    }

    /** An opened harness on {@code backend}, restored from {@code state} unless it is null. */
    static KeyedOneInputStreamOperatorTestHarness<Integer, Integer, Integer> harness(StateBackend backend,
            OperatorSubtaskState state) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new Holder()), v -> v,
                Types.INT);
        h.setStateBackend(backend);
        if (state != null) {
            h.initializeState(state);
        }
        h.open();
        return h;
    }

    static <T> ValueState<T> state(KeyedOneInputStreamOperatorTestHarness<Integer, Integer, Integer> h, Kind<T> kind,
                                   int key) throws Exception {
        KeyedStateBackend<Integer> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(key);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, kind.descriptor());
    }

    /** Holds state; the tests read and write it through the backend. */
    static final class Holder extends KeyedProcessFunction<Integer, Integer, Integer> {
        @Override
        public void processElement(Integer value, Context ctx, Collector<Integer> out) {
        }
    }
}
