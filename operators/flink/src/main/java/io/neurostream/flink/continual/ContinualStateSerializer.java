package io.neurostream.flink.continual;

import io.neurostream.core.continual.HlopMlp;
import io.neurostream.flink.state.VersionedStateSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link ContinualState}, layout 1: the network config (inputs, hidden, classes,
 * learningRate, inputComponentsPerTask, hiddenComponentsPerTask, hebbianEpochs, hebbianEta, seed),
 * then per learner (hlop, naive): protect flag, tasks (int), w1, w2, components1 (int), lateral1,
 * components2 (int), lateral2 (doubles with their lengths); then task (int), frozen (boolean), trained
 * (long), taskSeen (long), buffered (int), buffer capacity (int), input length (int) and buffered x
 * input floats; the per-task arrays hlopCorrect, naiveCorrect, tested (longs) and hlopDiagonal,
 * naiveDiagonal (doubles), each with its length. Framing and versions: {@link VersionedStateSerializer}.
 */
public final class ContinualStateSerializer extends VersionedStateSerializer<ContinualState> {
    private static final long serialVersionUID = 1L;
    public static final ContinualStateSerializer INSTANCE = new ContinualStateSerializer();

    private ContinualStateSerializer() {
        super(FIRST_LAYOUT);
    }

    @Override
    public ContinualState createInstance() {
        return new ContinualState();
    }

    @Override
    public ContinualState copy(ContinualState from) {
        try {
            org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(1 << 16);
            writeBody(from, out);
            return readBody(FIRST_LAYOUT, new org.apache.flink.core.memory.DataInputDeserializer(out.getSharedBuffer(), 0,
                    out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("copying continual state", e);
        }
    }

    @Override
    protected void writeBody(ContinualState s, DataOutputView out) throws IOException {
        out.writeBoolean(s.hlop != null);
        if (s.hlop != null) {
            HlopMlp.Config c = s.hlop.config();
            out.writeInt(c.inputs());
            out.writeInt(c.hidden());
            out.writeInt(c.classes());
            out.writeDouble(c.learningRate());
            out.writeInt(c.inputComponentsPerTask());
            out.writeInt(c.hiddenComponentsPerTask());
            out.writeInt(c.hebbianEpochs());
            out.writeDouble(c.hebbianEta());
            out.writeLong(c.seed());
            writeLearner(s.hlop, out);
            writeLearner(s.naive, out);
        }
        out.writeInt(s.task);
        out.writeBoolean(s.frozen);
        out.writeLong(s.trained);
        out.writeLong(s.taskSeen);
        out.writeInt(s.buffered);
        out.writeInt(s.buffer.length);
        int inputs = s.buffered > 0 ? s.buffer[0].length : 0;
        out.writeInt(inputs);
        for (int i = 0; i < s.buffered; i++) {
            for (int j = 0; j < inputs; j++) {
                out.writeFloat(s.buffer[i][j]);
            }
        }
        writeLongArray(out, s.hlopCorrect);
        writeLongArray(out, s.naiveCorrect);
        writeLongArray(out, s.tested);
        writeDoubleArray(out, s.hlopDiagonal);
        writeDoubleArray(out, s.naiveDiagonal);
    }

    private static void writeLearner(HlopMlp m, DataOutputView out) throws IOException {
        HlopMlp.State st = m.state();
        out.writeBoolean(m.config().protect());
        out.writeInt(st.tasks());
        writeDoubleArray(out, st.w1());
        writeDoubleArray(out, st.w2());
        out.writeInt(st.components1());
        writeDoubleArray(out, st.lateral1());
        out.writeInt(st.components2());
        writeDoubleArray(out, st.lateral2());
    }

    private static HlopMlp readLearner(HlopMlp.Config base, DataInputView in) throws IOException {
        boolean protect = in.readBoolean();
        HlopMlp.Config c = protect ? new HlopMlp.Config(base.inputs(), base.hidden(), base.classes(), base.learningRate(),
                base.inputComponentsPerTask(), base.hiddenComponentsPerTask(), base.hebbianEpochs(), base.hebbianEta(),
                true, base.seed()) : base.naive();
        int tasks = in.readInt();
        double[] w1 = readDoubleArray(in);
        double[] w2 = readDoubleArray(in);
        int c1 = in.readInt();
        double[] l1 = readDoubleArray(in);
        int c2 = in.readInt();
        double[] l2 = readDoubleArray(in);
        HlopMlp m = new HlopMlp(c);
        m.restore(new HlopMlp.State(w1, w2, l1, c1, l2, c2, tasks));
        return m;
    }

    @Override
    protected ContinualState readBody(int layout, DataInputView in) throws IOException {
        ContinualState s = new ContinualState();
        if (in.readBoolean()) {
            HlopMlp.Config base = new HlopMlp.Config(in.readInt(), in.readInt(), in.readInt(), in.readDouble(),
                    in.readInt(), in.readInt(), in.readInt(), in.readDouble(), true, in.readLong());
            s.hlop = readLearner(base, in);
            s.naive = readLearner(base, in);
        }
        s.task = in.readInt();
        s.frozen = in.readBoolean();
        s.trained = in.readLong();
        s.taskSeen = in.readLong();
        s.buffered = in.readInt();
        int capacity = in.readInt();
        int inputs = in.readInt();
        s.buffer = new float[capacity][];
        for (int i = 0; i < s.buffered; i++) {
            float[] x = new float[inputs];
            for (int j = 0; j < inputs; j++) {
                x[j] = in.readFloat();
            }
            s.buffer[i] = x;
        }
        s.hlopCorrect = readLongArray(in);
        s.naiveCorrect = readLongArray(in);
        s.tested = readLongArray(in);
        s.hlopDiagonal = readDoubleArray(in);
        s.naiveDiagonal = readDoubleArray(in);
        return s;
    }

    private static void writeDoubleArray(DataOutputView out, double[] v) throws IOException {
        out.writeInt(v.length);
        writeDoubles(out, v);
    }

    private static double[] readDoubleArray(DataInputView in) throws IOException {
        return readDoubles(in, new double[in.readInt()]);
    }

    private static void writeLongArray(DataOutputView out, long[] v) throws IOException {
        out.writeInt(v.length);
        writeLongs(out, v);
    }

    private static long[] readLongArray(DataInputView in) throws IOException {
        return readLongs(in, new long[in.readInt()]);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<ContinualState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
