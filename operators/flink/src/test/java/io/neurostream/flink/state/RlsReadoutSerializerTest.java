package io.neurostream.flink.state;

import io.neurostream.core.readout.RlsReadout;

/** Flink's serializer tests and our framing tests on {@link StateSamples#rlsReadouts}. */
class RlsReadoutSerializerTest extends VersionedSerializerTestBase<RlsReadout> {
    RlsReadoutSerializerTest() {
        super(() -> RlsReadoutSerializer.INSTANCE, RlsReadout.class, StateSamples::rlsReadouts);
    }
}
