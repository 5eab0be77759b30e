package io.neurostream.flink.spikes;

import io.neurostream.flink.state.StateSamples;
import io.neurostream.flink.state.VersionedSerializerTestBase;

/** Flink's serializer tests and our framing tests on {@link StateSamples#spikeDecodeStates}. */
class SpikeDecodeStateSerializerTest extends VersionedSerializerTestBase<SpikeDecodeState> {
    SpikeDecodeStateSerializerTest() {
        super(() -> SpikeDecodeStateSerializer.INSTANCE, SpikeDecodeState.class, StateSamples::spikeDecodeStates);
    }
}
