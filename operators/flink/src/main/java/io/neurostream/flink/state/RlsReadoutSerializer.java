package io.neurostream.flink.state;

import io.neurostream.core.readout.RlsReadout;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link RlsReadout}, version 1: features n (int), outputs m (int), lambda
 * (double), updates (long), m*n doubles W, n*n doubles P.
 */
public final class RlsReadoutSerializer extends TypeSerializerSingleton<RlsReadout> {
    private static final long serialVersionUID = 1L;
    public static final RlsReadoutSerializer INSTANCE = new RlsReadoutSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public RlsReadout createInstance() {
        return new RlsReadout(1, 1, 1.0, 1.0);
    }

    @Override
    public RlsReadout copy(RlsReadout from) {
        return RlsReadout.restore(from.featureCount(), from.outputCount(), from.lambda(), from.weights(),
                from.inverseCorrelation(), from.updates());
    }

    @Override
    public RlsReadout copy(RlsReadout from, RlsReadout reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RlsReadout r, DataOutputView out) throws IOException {
        out.writeInt(r.featureCount());
        out.writeInt(r.outputCount());
        out.writeDouble(r.lambda());
        out.writeLong(r.updates());
        for (double w : r.weights()) {
            out.writeDouble(w);
        }
        for (double p : r.inverseCorrelation()) {
            out.writeDouble(p);
        }
    }

    @Override
    public RlsReadout deserialize(DataInputView in) throws IOException {
        int n = in.readInt();
        int m = in.readInt();
        double lambda = in.readDouble();
        long updates = in.readLong();
        double[] w = new double[m * n];
        double[] p = new double[n * n];
        for (int i = 0; i < w.length; i++) {
            w[i] = in.readDouble();
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = in.readDouble();
        }
        return RlsReadout.restore(n, m, lambda, w, p, updates);
    }

    @Override
    public RlsReadout deserialize(RlsReadout reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<RlsReadout> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RlsReadout> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
