package io.neurostream.flink.reservoir;

import io.neurostream.core.timeseries.OnlineReadout;
import io.neurostream.core.timeseries.Reservoir;
import io.neurostream.core.timeseries.ReservoirSpec;
import io.neurostream.flink.state.VersionedStateSerializer;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link ReservoirStreamState}, layout 1: has-model flag; then the reservoir spec
 * (kind id, units, inputs, seed, adaptation), its state vector, the readout kind id, its hyper-parameters
 * (ridge, refit-every, eta, noise, tau), feature and output counts, updates and snapshot vector, the
 * fed-back output; then steps, last sequence, was-learning, the switches, the pending samples and the
 * waiting labels. Arrays are length-prefixed. The reservoir's topology is rebuilt from the spec (kept per
 * JVM: an N = 1,000 ESN takes seconds to build).
 */
public final class ReservoirStateSerializer extends VersionedStateSerializer<ReservoirStreamState> {
    private static final long serialVersionUID = 1L;
    /**
     * Topologies built in this JVM, shared by every operator and serializer (immutable; an N = 1,000 ESN
     * takes tens of seconds to build under load, and every model of a job uses the same one per stream).
     */
    private static final Map<ReservoirSpec, Reservoir> TOPOLOGIES = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ReservoirSpec, Reservoir> eldest) {
            return size() > 64;
        }
    };

    public ReservoirStateSerializer() {
        super(FIRST_LAYOUT);
    }

    /** A reservoir of {@code spec} in its initial state, its topology built once per serializer. */
    Reservoir reservoir(ReservoirSpec spec) {
        Reservoir template;
        synchronized (TOPOLOGIES) {
            template = TOPOLOGIES.get(spec);
            if (template == null) {
                template = spec.build();
                TOPOLOGIES.put(spec, template);
            }
        }
        return template.fresh();
    }

    @Override
    public ReservoirStateSerializer duplicate() {
        return new ReservoirStateSerializer();
    }

    @Override
    public ReservoirStreamState createInstance() {
        return new ReservoirStreamState();
    }

    @Override
    public ReservoirStreamState copy(ReservoirStreamState from) {
        try {
            org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(1 << 16);
            writeBody(from, out);
            return readBody(currentLayout(), new org.apache.flink.core.memory.DataInputDeserializer(out.getSharedBuffer(),
                    0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy reservoir state", e);
        }
    }

    @Override
    protected void writeBody(ReservoirStreamState s, DataOutputView out) throws IOException {
        boolean model = s.spec != null && s.reservoir != null && s.readout != null && s.params != null;
        out.writeBoolean(model);
        if (model) {
            ReservoirSpec spec = s.spec;
            out.writeUTF(spec.kind().id());
            out.writeInt(spec.units());
            out.writeInt(spec.inputs());
            out.writeLong(spec.seed());
            out.writeBoolean(spec.adaptation());
            writeArray(out, s.reservoir.saveState());
            OnlineReadout r = s.readout;
            out.writeUTF(r.kind().id());
            OnlineReadout.ReadoutParams p = s.params;
            out.writeDouble(p.ridge());
            out.writeInt(p.refitEvery());
            out.writeDouble(p.eta());
            out.writeDouble(p.noiseStd());
            out.writeDouble(p.tauUpdates());
            out.writeInt(r.featureCount());
            out.writeInt(r.outputCount());
            out.writeLong(r.updates());
            writeArray(out, r.snapshot());
            writeArray(out, s.lastOutput);
        }
        out.writeLong(s.steps);
        out.writeLong(s.lastSequence);
        out.writeLong(s.lastSteppedStart);
        out.writeBoolean(s.wasLearning);
        out.writeInt(s.switches.size());
        for (var e : s.switches.entrySet()) {
            out.writeLong(e.getKey());
            out.writeBoolean(e.getValue());
        }
        out.writeInt(s.pending.size());
        for (ReservoirStreamState.Pending p : s.pending) {
            out.writeLong(p.sequence());
            out.writeLong(p.startMicros());
            out.writeLong(p.endMicros());
            writeArray(out, p.values());
            out.writeLong(p.ingestMillis());
        }
        out.writeInt(s.labels.size());
        for (var e : s.labels.entrySet()) {
            out.writeLong(e.getKey());
            writeArray(out, e.getValue());
        }
    }

    @Override
    protected ReservoirStreamState readBody(int layout, DataInputView in) throws IOException {
        ReservoirStreamState s = new ReservoirStreamState();
        if (in.readBoolean()) {
            ReservoirSpec spec = new ReservoirSpec(ReservoirSpec.Kind.parse(in.readUTF()), in.readInt(), in.readInt(),
                    in.readLong(), in.readBoolean());
            s.spec = spec;
            s.reservoir = reservoir(spec);
            s.reservoir.restoreState(readArray(in));
            OnlineReadout.ReadoutKind kind = OnlineReadout.ReadoutKind.parse(in.readUTF());
            OnlineReadout.ReadoutParams p = new OnlineReadout.ReadoutParams(in.readDouble(), in.readInt(),
                    in.readDouble(), in.readDouble(), in.readDouble());
            int features = in.readInt();
            int outputs = in.readInt();
            long updates = in.readLong();
            double[] snapshot = readArray(in);
            s.params = p;
            s.readout = kind.restore(features, outputs, p, spec.seed(), snapshot, updates);
            s.lastOutput = readArray(in);
        }
        s.steps = in.readLong();
        s.lastSequence = in.readLong();
        s.lastSteppedStart = in.readLong();
        s.wasLearning = in.readBoolean();
        int switches = in.readInt();
        for (int i = 0; i < switches; i++) {
            s.switches.put(in.readLong(), in.readBoolean());
        }
        int pending = in.readInt();
        for (int i = 0; i < pending; i++) {
            s.pending.add(new ReservoirStreamState.Pending(in.readLong(), in.readLong(), in.readLong(), readArray(in),
                    in.readLong()));
        }
        int labels = in.readInt();
        for (int i = 0; i < labels; i++) {
            s.labels.put(in.readLong(), readArray(in));
        }
        return s;
    }

    private static void writeArray(DataOutputView out, double[] a) throws IOException {
        out.writeInt(a.length);
        writeDoubles(out, a);
    }

    private static double[] readArray(DataInputView in) throws IOException {
        return readDoubles(in, new double[in.readInt()]);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<ReservoirStreamState> {
        public Snapshot() {
            super(ReservoirStateSerializer::new);
        }
    }
}
