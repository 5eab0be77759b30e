package io.neurostream.flink.spikes;

import io.neurostream.core.decoder.EsnRateDecoder;
import io.neurostream.core.decoder.KalmanVelocityDecoder;
import io.neurostream.core.decoder.LmsRateDecoder;
import io.neurostream.core.decoder.PassThroughRates;
import io.neurostream.core.decoder.RateDecoder;
import io.neurostream.core.decoder.RlsRateDecoder;
import io.neurostream.core.readout.LmsReadout;
import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import io.neurostream.flink.state.RlsReadoutSerializer;
import io.neurostream.flink.state.VersionedStateSerializer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of the spike decoders, layout 2 (layout 1 without kinds 5 and 6, read as before): one kind byte,
 * then
 * <ul>
 *   <li>1 Kalman: its {@link KalmanVelocityDecoder.Params} fields, then its {@link KalmanVelocityDecoder.Snapshot}
 *       (arrays length-prefixed);</li>
 *   <li>2 RLS: learning (boolean) and the {@link RlsReadout} as {@link RlsReadoutSerializer#writeLayout1} writes it
 *       (fixed here: a new readout layout needs a new decoder layout);</li>
 *   <li>3 ESN: the {@link EsnParams} fields, outputs, input gain, direct inputs, lambda, delta, learning,
 *       readout, reservoir state, last features (the reservoir's weights are rebuilt from the seed);</li>
 *   <li>4 rates: count (int), bin ms (double);</li>
 *   <li>5 ESN with an LMS readout and/or plastic input weights ({@link EsnRateDecoder.Adaptation}): the fields of
 *       kind 3 up to learning, then readout type (byte 0 RLS, 1 LMS) and the readout (RLS as kind 3; LMS: features,
 *       outputs (int), mu, epsilon (double), weights (length-prefixed), updates (long)), plastic (boolean) and if so
 *       Oja's eta (double), adapted bins (long), input weights (length-prefixed), then reservoir state, last
 *       features;</li>
 *   <li>6 LMS on the rates: learning (boolean), the LMS readout as in kind 5.</li>
 * </ul>
 * Framing and versions: {@link VersionedStateSerializer}. Stateful (it keeps the ESN topologies it rebuilt), so
 * {@link #duplicate()} gives a fresh instance.
 */
public final class RateDecoderSerializer extends VersionedStateSerializer<RateDecoder> {
    private static final long serialVersionUID = 3L;
    private static final byte KALMAN = 1;
    private static final byte RLS = 2;
    private static final byte ESN = 3;
    private static final byte RATES = 4;
    private static final byte ESN_ADAPTIVE = 5;
    private static final byte LMS = 6;
    /** Layout 2 adds kinds 5 and 6; kinds 1-4 are written as in layout 1. */
    private static final int CURRENT_LAYOUT = 2;

    private transient Map<EsnParams, Esn> reservoirs;

    /** The reservoir for {@code params}, built once per serializer instance (one thread). */
    Esn reservoir(EsnParams params) {
        if (reservoirs == null) {
            reservoirs = new HashMap<>();
        }
        return reservoirs.computeIfAbsent(params, Esn::new);
    }

    public RateDecoderSerializer() {
        super(CURRENT_LAYOUT);
    }

    @Override
    protected void writeFirstLayout(RateDecoder value, DataOutputView out) throws IOException {
        if (value instanceof LmsRateDecoder || value instanceof EsnRateDecoder e && (e.lmsReadout() != null || e.isPlastic())) {
            throw new IOException("an " + value.getClass().getSimpleName() + " with an LMS readout or plasticity has no "
                    + "layout-1 form (state restored from layout 1 never holds one)");
        }
        writeBody(value, out); // kinds 1-4: the same bytes in both layouts
    }

    @Override
    public RateDecoderSerializer duplicate() {
        return new RateDecoderSerializer();
    }

    @Override
    public RateDecoder createInstance() {
        return new PassThroughRates(1, 1);
    }

    @Override
    public RateDecoder copy(RateDecoder from) {
        if (from instanceof KalmanVelocityDecoder k) {
            return KalmanVelocityDecoder.restore(k.params(), k.snapshot());
        }
        if (from instanceof RlsRateDecoder r) {
            return RlsRateDecoder.restore(RlsReadoutSerializer.INSTANCE.copy(r.readout()), r.isLearning());
        }
        if (from instanceof EsnRateDecoder e) {
            return e.copy();
        }
        if (from instanceof LmsRateDecoder l) {
            LmsReadout r = l.readout();
            return LmsRateDecoder.restore(LmsReadout.restore(r.featureCount(), r.outputCount(), r.mu(), r.epsilon(),
                    r.weights()), l.updates(), l.isLearning());
        }
        if (from instanceof PassThroughRates p) {
            return p; // immutable
        }
        throw new IllegalArgumentException("no checkpoint format for " + from.getClass().getName());
    }

    @Override
    protected void writeBody(RateDecoder decoder, DataOutputView out) throws IOException {
        if (decoder instanceof KalmanVelocityDecoder k) {
            out.writeByte(KALMAN);
            KalmanVelocityDecoder.Params p = k.params();
            out.writeInt(p.observationCount());
            out.writeInt(p.stateCount());
            out.writeDouble(p.observationLambda());
            out.writeDouble(p.dynamicsLambda());
            out.writeBoolean(p.fullNoiseCovariance());
            out.writeDouble(p.shrinkage());
            out.writeInt(p.refreshEvery());
            out.writeDouble(p.initialObservationVariance());
            out.writeDouble(p.initialStateVariance());
            out.writeDouble(p.observationDelta());
            KalmanVelocityDecoder.Snapshot s = k.snapshot();
            writeArray(out, s.observationWeights());
            writeArray(out, s.observationP());
            out.writeLong(s.observationUpdates());
            writeArray(out, s.dynamicsWeights());
            writeArray(out, s.dynamicsP());
            out.writeLong(s.dynamicsUpdates());
            writeArray(out, s.q());
            writeArray(out, s.qInv());
            out.writeDouble(s.qWeight());
            writeArray(out, s.w());
            writeArray(out, s.wCov());
            out.writeDouble(s.wWeight());
            writeArray(out, s.x());
            writeArray(out, s.p());
            writeArray(out, s.previousTarget());
            out.writeBoolean(s.hasPrevious());
            out.writeBoolean(s.learning());
            out.writeLong(s.updates());
            out.writeLong(s.sinceRefresh());
        } else if (decoder instanceof RlsRateDecoder r) {
            out.writeByte(RLS);
            out.writeBoolean(r.isLearning());
            writeReadout(out, r.readout());
        } else if (decoder instanceof LmsRateDecoder l) {
            out.writeByte(LMS);
            out.writeBoolean(l.isLearning());
            writeLms(out, l.readout(), l.updates());
        } else if (decoder instanceof EsnRateDecoder e) {
            boolean adaptive = e.lmsReadout() != null || e.isPlastic();
            out.writeByte(adaptive ? ESN_ADAPTIVE : ESN);
            EsnRateDecoder.Params p = e.params();
            EsnParams q = p.esn();
            out.writeInt(q.units());
            out.writeInt(q.inputs());
            out.writeDouble(q.spectralRadius());
            out.writeDouble(q.leakRate());
            out.writeDouble(q.inputScaling());
            out.writeDouble(q.biasScaling());
            out.writeDouble(q.connectivity());
            out.writeDouble(q.inputConnectivity());
            out.writeLong(q.seed());
            out.writeInt(p.outputCount());
            out.writeDouble(p.inputGain());
            out.writeBoolean(p.directInputs());
            out.writeDouble(p.lambda());
            out.writeDouble(p.delta());
            out.writeBoolean(e.isLearning());
            if (!adaptive) {
                writeReadout(out, e.readout());
            } else {
                out.writeByte(e.lmsReadout() == null ? 0 : 1);
                if (e.lmsReadout() == null) {
                    writeReadout(out, e.readout());
                } else {
                    writeLms(out, e.lmsReadout(), e.updates());
                }
                out.writeBoolean(e.isPlastic());
                if (e.isPlastic()) {
                    out.writeDouble(e.ojaEta());
                    out.writeLong(e.plasticUpdates());
                    writeArray(out, e.inputWeights());
                }
            }
            writeArray(out, e.reservoirState());
            writeArray(out, e.lastFeatures());
        } else if (decoder instanceof PassThroughRates p) {
            out.writeByte(RATES);
            out.writeInt(p.inputCount());
            out.writeDouble(p.binMs());
        } else {
            throw new IllegalArgumentException("no checkpoint format for " + decoder.getClass().getName());
        }
    }

    @Override
    protected RateDecoder readBody(int layout, DataInputView in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case KALMAN -> {
                KalmanVelocityDecoder.Params p = new KalmanVelocityDecoder.Params(in.readInt(), in.readInt(),
                        in.readDouble(), in.readDouble(), in.readBoolean(), in.readDouble(), in.readInt(),
                        in.readDouble(), in.readDouble(), in.readDouble());
                double[] ow = readArray(in);
                double[] op = readArray(in);
                long ou = in.readLong();
                double[] dw = readArray(in);
                double[] dp = readArray(in);
                long du = in.readLong();
                double[] q = readArray(in);
                double[] qInv = readArray(in);
                double qWeight = in.readDouble();
                double[] w = readArray(in);
                double[] wCov = readArray(in);
                double wWeight = in.readDouble();
                double[] x = readArray(in);
                double[] pm = readArray(in);
                double[] previous = readArray(in);
                boolean hasPrevious = in.readBoolean();
                boolean learning = in.readBoolean();
                long updates = in.readLong();
                long sinceRefresh = in.readLong();
                return KalmanVelocityDecoder.restore(p, new KalmanVelocityDecoder.Snapshot(ow, op, ou, dw, dp, du, q,
                        qInv, qWeight, w, wCov, wWeight, x, pm, previous, hasPrevious, learning, updates, sinceRefresh));
            }
            case RLS -> {
                boolean learning = in.readBoolean();
                return RlsRateDecoder.restore(readReadout(in), learning);
            }
            case ESN, ESN_ADAPTIVE -> {
                EsnParams q = new EsnParams(in.readInt(), in.readInt(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readLong());
                EsnRateDecoder.Params p = new EsnRateDecoder.Params(q, in.readInt(), in.readDouble(),
                        in.readBoolean(), in.readDouble(), in.readDouble());
                boolean learning = in.readBoolean();
                if (kind == ESN) {
                    RlsReadout readout = readReadout(in);
                    double[] state = readArray(in);
                    double[] features = readArray(in);
                    return EsnRateDecoder.restore(p, reservoir(q), state, readout, features, learning);
                }
                byte readoutType = in.readByte();
                RlsReadout rls = null;
                LmsReadout lms = null;
                long lmsUpdates = 0;
                if (readoutType == 0) {
                    rls = readReadout(in);
                } else if (readoutType == 1) {
                    lms = readLmsReadout(in);
                    lmsUpdates = in.readLong();
                } else {
                    throw new IOException("unknown ESN readout type " + readoutType + " in checkpoint");
                }
                double ojaEta = 0;
                long plasticUpdates = 0;
                double[] inputWeights = null;
                if (in.readBoolean()) {
                    ojaEta = in.readDouble();
                    plasticUpdates = in.readLong();
                    inputWeights = readArray(in);
                }
                double[] state = readArray(in);
                double[] features = readArray(in);
                return EsnRateDecoder.restore(p, reservoir(q), rls, lms, lmsUpdates, inputWeights, ojaEta,
                        plasticUpdates, state, features, learning);
            }
            case LMS -> {
                boolean learning = in.readBoolean();
                LmsReadout lms = readLmsReadout(in);
                return LmsRateDecoder.restore(lms, in.readLong(), learning);
            }
            case RATES -> {
                return new PassThroughRates(in.readInt(), in.readDouble());
            }
            default -> throw new IOException("unknown decoder kind " + kind + " in checkpoint");
        }
    }

    private static void writeArray(DataOutputView out, double[] a) throws IOException {
        out.writeInt(a.length);
        writeDoubles(out, a);
    }

    private static double[] readArray(DataInputView in) throws IOException {
        return readDoubles(in, new double[in.readInt()]);
    }

    private static void writeLms(DataOutputView out, LmsReadout r, long updates) throws IOException {
        out.writeInt(r.featureCount());
        out.writeInt(r.outputCount());
        out.writeDouble(r.mu());
        out.writeDouble(r.epsilon());
        writeArray(out, r.weights());
        out.writeLong(updates);
    }

    /** An LMS readout as {@link #writeLms} wrote it, without the updates that follow it. */
    private static LmsReadout readLmsReadout(DataInputView in) throws IOException {
        int features = in.readInt();
        int outputs = in.readInt();
        double mu = in.readDouble();
        double epsilon = in.readDouble();
        return LmsReadout.restore(features, outputs, mu, epsilon, readArray(in));
    }

    private static void writeReadout(DataOutputView out, RlsReadout r) throws IOException {
        RlsReadoutSerializer.writeLayout1(r, out);
    }

    private static RlsReadout readReadout(DataInputView in) throws IOException {
        return RlsReadoutSerializer.readLayout1(in);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** Savepoints store this class name: keep it. */
    public static final class Snapshot extends VersionedStateSerializer.Snapshot<RateDecoder> {
        public Snapshot() {
            super(RateDecoderSerializer::new);
        }
    }
}
