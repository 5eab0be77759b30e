package io.neurostream.flink.analytics;

import io.neurostream.core.analytics.SpikeAnalytics;
import io.neurostream.flink.state.VersionedStateSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link SpikeAnalytics}, layout 1: the kernel's own snapshot
 * ({@link SpikeAnalytics#writeTo}: its parameters, then the state of the statistics, connectivity
 * and brain-state kernels), so a value restores without the job's configuration. Framing and
 * versions: {@link VersionedStateSerializer}.
 */
public final class SpikeAnalyticsSerializer extends VersionedStateSerializer<SpikeAnalytics> {
    private static final long serialVersionUID = 1L;
    public static final SpikeAnalyticsSerializer INSTANCE = new SpikeAnalyticsSerializer();

    private SpikeAnalyticsSerializer() {
        super(FIRST_LAYOUT);
    }

    @Override
    public SpikeAnalytics createInstance() {
        return null; // no meaningful empty value: a session's analytics start with its first batch
    }

    @Override
    public SpikeAnalytics copy(SpikeAnalytics from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(4096);
            from.writeTo(out);
            return SpikeAnalytics.readFrom(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy spike analytics state", e);
        }
    }

    @Override
    protected void writeBody(SpikeAnalytics value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected SpikeAnalytics readBody(int layout, DataInputView in) throws IOException {
        return SpikeAnalytics.readFrom(in);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<SpikeAnalytics> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
