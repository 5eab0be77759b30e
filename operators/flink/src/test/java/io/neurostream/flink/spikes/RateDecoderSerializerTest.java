package io.neurostream.flink.spikes;

import io.neurostream.core.decoder.RateDecoder;
import io.neurostream.flink.state.StateSamples;
import io.neurostream.flink.state.VersionedSerializerTestBase;

/** Flink's serializer tests and our framing tests on {@link StateSamples#rateDecoders}. */
class RateDecoderSerializerTest extends VersionedSerializerTestBase<RateDecoder> {
    RateDecoderSerializerTest() {
        super(RateDecoderSerializer::new, RateDecoder.class, StateSamples::rateDecoders);
    }
}
