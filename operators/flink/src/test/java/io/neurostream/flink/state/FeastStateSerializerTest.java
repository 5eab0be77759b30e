package io.neurostream.flink.state;

import io.neurostream.operators.events.FeastState;

/** Flink's serializer tests and our framing tests on {@link StateSamples#feastStates}. */
class FeastStateSerializerTest extends VersionedSerializerTestBase<FeastState> {
    FeastStateSerializerTest() {
        super(() -> FeastStateSerializer.INSTANCE, FeastState.class, StateSamples::feastStates);
    }
}
