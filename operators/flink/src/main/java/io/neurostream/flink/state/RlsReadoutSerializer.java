package io.neurostream.flink.state;

import io.neurostream.core.readout.RlsReadout;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link RlsReadout}, layout 1: features n (int), outputs m (int), lambda (double), updates
 * (long), m*n doubles W, n*n doubles P. Framing and versions: {@link VersionedStateSerializer}; other formats embed
 * the layout-1 body through {@link #writeLayout1} and {@link #readLayout1}.
 */
public final class RlsReadoutSerializer extends VersionedStateSerializer<RlsReadout> {
    private static final long serialVersionUID = 2L;
    public static final RlsReadoutSerializer INSTANCE = new RlsReadoutSerializer();

    private RlsReadoutSerializer() {
        super(FIRST_LAYOUT);
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
    protected void writeBody(RlsReadout r, DataOutputView out) throws IOException {
        writeLayout1(r, out);
    }

    @Override
    protected RlsReadout readBody(int layout, DataInputView in) throws IOException {
        return readLayout1(in);
    }

    /** The layout-1 body, without the layout byte (a fixed part of formats that embed it). */
    public static void writeLayout1(RlsReadout r, DataOutputView out) throws IOException {
        out.writeInt(r.featureCount());
        out.writeInt(r.outputCount());
        out.writeDouble(r.lambda());
        out.writeLong(r.updates());
        writeDoubles(out, r.weights());
        writeDoubles(out, r.inverseCorrelation());
    }

    /** Reads what {@link #writeLayout1} wrote. */
    public static RlsReadout readLayout1(DataInputView in) throws IOException {
        int n = in.readInt();
        int m = in.readInt();
        double lambda = in.readDouble();
        long updates = in.readLong();
        double[] w = readDoubles(in, new double[m * n]);
        double[] p = readDoubles(in, new double[n * n]);
        return RlsReadout.restore(n, m, lambda, w, p, updates);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<RlsReadout> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
