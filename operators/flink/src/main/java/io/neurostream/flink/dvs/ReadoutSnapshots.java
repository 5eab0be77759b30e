package io.neurostream.flink.dvs;

import io.neurostream.core.readout.RlsReadout;
import io.neurostream.schemas.ModelSnapshot;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * dvs-classify's readout as a {@link ModelSnapshot} (kind {@code rls-readout}, shape
 * {@code [classes, features]}, the weights row by row as little-endian doubles) and back: what the
 * learner publishes on the {@code models} topic, what {@code neurostream model --from-savepoint}
 * reads out of a savepoint, and what a job warm-starts a key from.
 */
public final class ReadoutSnapshots {
    public static final String KIND = "rls-readout";

    private ReadoutSnapshots() {}

    public static ModelSnapshot of(String jobName, String key, RlsReadout readout, Map<String, String> metadata) {
        double[] w = readout.weights();
        ByteBuffer bytes = ByteBuffer.allocate(w.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : w) {
            bytes.putDouble(v);
        }
        bytes.flip();
        return new ModelSnapshot(jobName, key, KIND, readout.updates(), System.currentTimeMillis(),
                List.of(readout.outputCount(), readout.featureCount()), bytes, metadata);
    }

    /**
     * A learned readout to start a key from: the weights and the number of updates behind them.
     * A snapshot holds no inverse correlation matrix, so learning goes on from {@code delta * I}
     * (a fresh prior around the given weights), not from where the other job was.
     */
    public record WarmStart(long version, double[] weights) implements Serializable {
        /** The readout these weights make, for a learner with these settings. */
        public RlsReadout readout(int featureCount, int classCount, double lambda, double delta) {
            double[] p = new double[featureCount * featureCount];
            for (int i = 0; i < featureCount; i++) {
                p[i * featureCount + i] = delta;
            }
            return RlsReadout.restore(featureCount, classCount, lambda, weights, p, version);
        }
    }

    /**
     * The warm start in {@code snapshot}; fails with what is wrong when it is not a readout of this
     * shape (another kind of model, or a learner with another liquid size or class count).
     */
    public static WarmStart warmStart(ModelSnapshot snapshot, int classCount, int featureCount) {
        String what = "model snapshot of " + snapshot.getJob() + "/" + snapshot.getStreamId() + " version "
                + snapshot.getVersion();
        if (!KIND.equals(snapshot.getKind())) {
            throw new IllegalArgumentException(what + " is a " + snapshot.getKind() + ", not an " + KIND);
        }
        if (!List.of(classCount, featureCount).equals(snapshot.getShape())) {
            throw new IllegalArgumentException(what + " has shape " + snapshot.getShape() + " but this learner's readout is ["
                    + classCount + ", " + featureCount + "] (classes, features): the same --classes and --neurons are needed");
        }
        ByteBuffer bytes = snapshot.getParameters().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() != classCount * featureCount * 8) {
            throw new IllegalArgumentException(what + " holds " + bytes.remaining() + " bytes of parameters, expected "
                    + classCount * featureCount * 8);
        }
        double[] w = new double[classCount * featureCount];
        for (int i = 0; i < w.length; i++) {
            w[i] = bytes.getDouble();
        }
        return new WarmStart(snapshot.getVersion(), w);
    }
}
