package io.neurostream.connectors.replay;

import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;

/** Where a replay writes its records (Kafka in the product, a list in tests). */
public interface ReplayTarget extends AutoCloseable {
    void spikes(SpikeBatch batch);

    void label(Label label);

    /** Waits until everything sent is acknowledged. */
    void flush();

    @Override
    void close();
}
