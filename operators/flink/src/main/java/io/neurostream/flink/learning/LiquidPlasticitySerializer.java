package io.neurostream.flink.learning;

import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidPlasticity;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The adapted weights of one stream's liquid as they sit in keyed state: {@link Weights}, layout 1:
 * rule (UTF), amplitude, target rate, eta (doubles), windows (long), then three length-prefixed double
 * arrays (excitatory weights, inhibitory weights, threshold offsets). The structure of the liquid is
 * rebuilt from its seed; only the weights are stored, and only when plasticity is on.
 */
public final class LiquidPlasticitySerializer extends io.neurostream.flink.state.VersionedStateSerializer<LiquidPlasticitySerializer.Weights> {
    private static final long serialVersionUID = 1L;
    public static final LiquidPlasticitySerializer INSTANCE = new LiquidPlasticitySerializer();

    /** What is stored of a {@link LiquidPlasticity} (the rule's spike traces are not). */
    public record Weights(LiquidPlasticity.Params params, long windows, double[] excitatory, double[] inhibitory,
                          double[] thresholdOffsetMv) implements Serializable {
        public static Weights of(LiquidPlasticity p) {
            return new Weights(p.params(), p.windows(), p.excitatoryWeights().clone(), p.inhibitoryWeights().clone(),
                    p.thresholdOffsetMv().clone());
        }

        /** The plasticity of {@code liquid} these weights make (fails if they belong to another liquid). */
        public LiquidPlasticity restore(DvsLiquid liquid) {
            return LiquidPlasticity.restore(liquid, params, excitatory, inhibitory, thresholdOffsetMv, windows);
        }
    }

    private LiquidPlasticitySerializer() {
        super(FIRST_LAYOUT);
    }

    @Override
    public Weights createInstance() {
        return new Weights(LiquidPlasticity.Params.of(LiquidPlasticity.Rule.STDP), 0, new double[0], new double[0],
                new double[0]);
    }

    @Override
    public Weights copy(Weights from) {
        return new Weights(from.params(), from.windows(), from.excitatory().clone(), from.inhibitory().clone(),
                from.thresholdOffsetMv().clone());
    }

    @Override
    protected void writeBody(Weights w, DataOutputView out) throws IOException {
        out.writeUTF(w.params().rule().option());
        out.writeDouble(w.params().amplitude());
        out.writeDouble(w.params().targetRateHz());
        out.writeDouble(w.params().etaMvPerHz());
        out.writeLong(w.windows());
        for (double[] a : new double[][] {w.excitatory(), w.inhibitory(), w.thresholdOffsetMv()}) {
            out.writeInt(a.length);
            writeDoubles(out, a);
        }
    }

    @Override
    protected Weights readBody(int layout, DataInputView in) throws IOException {
        LiquidPlasticity.Params p = new LiquidPlasticity.Params(LiquidPlasticity.Rule.parse(in.readUTF()),
                in.readDouble(), in.readDouble(), in.readDouble());
        long windows = in.readLong();
        double[][] arrays = new double[3][];
        for (int i = 0; i < 3; i++) {
            arrays[i] = readDoubles(in, new double[in.readInt()]);
        }
        return new Weights(p, windows, arrays[0], arrays[1], arrays[2]);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends io.neurostream.flink.state.VersionedStateSerializer.Snapshot<Weights> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
