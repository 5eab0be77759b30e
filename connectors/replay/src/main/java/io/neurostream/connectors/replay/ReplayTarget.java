package io.neurostream.connectors.replay;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;

/**
 * Where a replay writes its records: {@link KafkaReplayTarget} in the product, a list in tests.
 * Event-camera recordings send packets, spike recordings spike batches; both may send labels.
 */
public interface ReplayTarget extends AutoCloseable {
    void packet(EventPacket packet);

    void spikes(SpikeBatch batch);

    void label(Label label);

    /** Waits until everything sent is acknowledged. */
    void flush();

    @Override
    void close();
}
