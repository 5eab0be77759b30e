package io.neurostream.flink.state;

import io.neurostream.core.lsm.LiquidState;

/** Flink's serializer tests and our framing tests on {@link StateSamples#liquidStates}. */
class LiquidStateSerializerTest extends VersionedSerializerTestBase<LiquidState> {
    LiquidStateSerializerTest() {
        super(() -> LiquidStateSerializer.INSTANCE, LiquidState.class, StateSamples::liquidStates);
    }
}
