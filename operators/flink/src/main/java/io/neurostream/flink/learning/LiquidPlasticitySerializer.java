package io.neurostream.flink.learning;

import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidPlasticity;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The adapted weights of one stream's liquid and its rule's spike traces as they sit in keyed state: {@link Weights}.
 * Layout 1: rule (UTF), amplitude, target rate, eta (doubles), windows (long), then three length-prefixed double
 * arrays (excitatory weights, inhibitory weights, threshold offsets). Layout 2 (current) appends the traces: their
 * count (int; 2 for STDP, 4 for triplet STDP, 0 otherwise), then per trace its length (int), values (doubles) and
 * times of last update (longs, µs). Layout-1 values read with empty traces (what that code restored). The structure
 * of the liquid is rebuilt from its seed; only this is stored, and only when plasticity is on.
 */
public final class LiquidPlasticitySerializer extends io.neurostream.flink.state.VersionedStateSerializer<LiquidPlasticitySerializer.Weights> {
    private static final long serialVersionUID = 1L;
    /** The layout that added the spike traces. */
    static final int TRACES_LAYOUT = 2;
    public static final LiquidPlasticitySerializer INSTANCE = new LiquidPlasticitySerializer();

    /** What is stored of a {@link LiquidPlasticity}: weights, threshold offsets, and the rule's spike traces. */
    public record Weights(LiquidPlasticity.Params params, long windows, double[] excitatory, double[] inhibitory,
                          double[] thresholdOffsetMv, double[][] traceValues, long[][] traceUpdateMicros)
            implements Serializable {
        /** Without traces (a layout-1 value): restored with empty traces. */
        public Weights(LiquidPlasticity.Params params, long windows, double[] excitatory, double[] inhibitory,
                       double[] thresholdOffsetMv) {
            this(params, windows, excitatory, inhibitory, thresholdOffsetMv, null, null);
        }

        public static Weights of(LiquidPlasticity p) {
            return new Weights(p.params(), p.windows(), p.excitatoryWeights().clone(), p.inhibitoryWeights().clone(),
                    p.thresholdOffsetMv().clone(), p.traceValues(), p.traceUpdateMicros());
        }

        /**
         * Whether traces were stored: a layout-1 value has none, nor has one that was read from layout 1 and written
         * again before its stream went on (both restore with empty traces), nor a rule without traces.
         */
        public boolean hasTraces() {
            return traceValues != null && traceValues.length > 0;
        }

        /** The plasticity of {@code liquid} these weights make (fails if they belong to another liquid). */
        public LiquidPlasticity restore(DvsLiquid liquid) {
            return hasTraces()
                    ? LiquidPlasticity.restore(liquid, params, excitatory, inhibitory, thresholdOffsetMv, windows,
                            traceValues, traceUpdateMicros)
                    : LiquidPlasticity.restore(liquid, params, excitatory, inhibitory, thresholdOffsetMv, windows);
        }
    }

    private LiquidPlasticitySerializer() {
        super(TRACES_LAYOUT);
    }

    @Override
    public Weights createInstance() {
        return new Weights(LiquidPlasticity.Params.of(LiquidPlasticity.Rule.STDP), 0, new double[0], new double[0],
                new double[0], new double[0][], new long[0][]);
    }

    @Override
    public Weights copy(Weights from) {
        return new Weights(from.params(), from.windows(), from.excitatory().clone(), from.inhibitory().clone(),
                from.thresholdOffsetMv().clone(), deepCopy(from.traceValues()), deepCopy(from.traceUpdateMicros()));
    }

    private static double[][] deepCopy(double[][] a) {
        if (a == null) {
            return null;
        }
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static long[][] deepCopy(long[][] a) {
        if (a == null) {
            return null;
        }
        long[][] c = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Override
    protected void writeBody(Weights w, DataOutputView out) throws IOException {
        writeFirstLayout(w, out);
        double[][] values = w.hasTraces() ? w.traceValues() : new double[0][];
        long[][] times = w.hasTraces() ? w.traceUpdateMicros() : new long[0][];
        out.writeInt(values.length);
        for (int k = 0; k < values.length; k++) {
            if (times[k].length != values[k].length) {
                throw new IllegalArgumentException("trace " + k + " has " + values[k].length + " values and "
                        + times[k].length + " times");
            }
            out.writeInt(values[k].length);
            writeDoubles(out, values[k]);
            writeLongs(out, times[k]);
        }
    }

    /** Layout 1: everything but the traces. */
    @Override
    protected void writeFirstLayout(Weights w, DataOutputView out) throws IOException {
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
        if (layout < TRACES_LAYOUT) {
            return new Weights(p, windows, arrays[0], arrays[1], arrays[2]);
        }
        int traces = in.readInt();
        if (traces == 0) {
            return new Weights(p, windows, arrays[0], arrays[1], arrays[2]);
        }
        double[][] values = new double[traces][];
        long[][] times = new long[traces][];
        for (int k = 0; k < traces; k++) {
            int n = in.readInt();
            values[k] = readDoubles(in, new double[n]);
            times[k] = readLongs(in, new long[n]);
        }
        return new Weights(p, windows, arrays[0], arrays[1], arrays[2], values, times);
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
