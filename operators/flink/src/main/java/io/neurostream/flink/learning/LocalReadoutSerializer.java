package io.neurostream.flink.learning;

import io.neurostream.core.readout.ErrorModulatedHebbianReadout;
import io.neurostream.core.readout.LmsReadout;
import io.neurostream.flink.state.VersionedStateSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link LocalReadout}, layout 1: kind (byte: 1 LMS, 2 three-factor), features n (int),
 * outputs m (int), updates (long); LMS: mu, epsilon (doubles), m*(n+1) weights; three-factor: mu, epsilon,
 * averageRate (doubles), n means, n variances, m*(n+1) weights, m*(n+1) averaged weights. Framing and
 * versions: {@link VersionedStateSerializer}.
 */
public final class LocalReadoutSerializer extends VersionedStateSerializer<LocalReadout> {
    private static final long serialVersionUID = 1L;
    public static final LocalReadoutSerializer INSTANCE = new LocalReadoutSerializer();
    private static final byte LMS = 1;
    private static final byte THREE_FACTOR = 2;

    private LocalReadoutSerializer() {
        super(FIRST_LAYOUT);
    }

    @Override
    public LocalReadout createInstance() {
        return LocalReadout.of(new LmsReadout(1, 1, 0.5, 1e-6), 0);
    }

    @Override
    public LocalReadout copy(LocalReadout from) {
        if (from.lms() != null) {
            LmsReadout l = from.lms();
            return LocalReadout.of(LmsReadout.restore(l.featureCount(), l.outputCount(), l.mu(), l.epsilon(),
                    l.weights()), from.updates());
        }
        ErrorModulatedHebbianReadout h = from.hebbian();
        return LocalReadout.of(ErrorModulatedHebbianReadout.restore(h.featureCount(), h.outputCount(), h.mu(),
                h.epsilon(), h.averageRate(), h.updates(), h.featureMeans(), h.featureVariances(), h.weights(),
                h.averageWeights()));
    }

    @Override
    protected void writeBody(LocalReadout r, DataOutputView out) throws IOException {
        out.writeByte(r.lms() != null ? LMS : THREE_FACTOR);
        out.writeInt(r.featureCount());
        out.writeInt(r.outputCount());
        out.writeLong(r.updates());
        if (r.lms() != null) {
            out.writeDouble(r.lms().mu());
            out.writeDouble(r.lms().epsilon());
            writeDoubles(out, r.lms().weights());
        } else {
            ErrorModulatedHebbianReadout h = r.hebbian();
            out.writeDouble(h.mu());
            out.writeDouble(h.epsilon());
            out.writeDouble(h.averageRate());
            writeDoubles(out, h.featureMeans());
            writeDoubles(out, h.featureVariances());
            writeDoubles(out, h.weights());
            writeDoubles(out, h.averageWeights());
        }
    }

    @Override
    protected LocalReadout readBody(int layout, DataInputView in) throws IOException {
        byte kind = in.readByte();
        int n = in.readInt();
        int m = in.readInt();
        long updates = in.readLong();
        int weights = m * (n + 1);
        if (kind == LMS) {
            double mu = in.readDouble();
            double epsilon = in.readDouble();
            return LocalReadout.of(LmsReadout.restore(n, m, mu, epsilon, readDoubles(in, new double[weights])), updates);
        }
        if (kind != THREE_FACTOR) {
            throw new IOException("unknown local readout kind " + kind);
        }
        double mu = in.readDouble();
        double epsilon = in.readDouble();
        double averageRate = in.readDouble();
        double[] mean = readDoubles(in, new double[n]);
        double[] var = readDoubles(in, new double[n]);
        double[] w = readDoubles(in, new double[weights]);
        double[] avg = readDoubles(in, new double[weights]);
        return LocalReadout.of(ErrorModulatedHebbianReadout.restore(n, m, mu, epsilon, averageRate, updates, mean, var,
                w, avg));
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<LocalReadout> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
