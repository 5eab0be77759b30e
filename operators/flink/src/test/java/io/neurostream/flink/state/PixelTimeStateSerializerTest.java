package io.neurostream.flink.state;

import io.neurostream.operators.events.PixelTimeState;

/** Flink's serializer tests and our framing tests on {@link StateSamples#pixelTimeStates}. */
class PixelTimeStateSerializerTest extends VersionedSerializerTestBase<PixelTimeState> {
    PixelTimeStateSerializerTest() {
        super(() -> PixelTimeStateSerializer.INSTANCE, PixelTimeState.class, StateSamples::pixelTimeStates);
    }
}
