package io.neurostream.flink.spikes;

import io.neurostream.core.decoder.EsnRateDecoder;
import io.neurostream.core.decoder.ExponentialRateSmoother;
import io.neurostream.core.decoder.KalmanVelocityDecoder;
import io.neurostream.core.decoder.LmsRateDecoder;
import io.neurostream.core.decoder.PassThroughRates;
import io.neurostream.core.decoder.RateDecoder;
import io.neurostream.core.decoder.RlsRateDecoder;
import io.neurostream.core.decoder.SlidingBinCounts;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import io.neurostream.core.readout.RlsReadout;
import io.neurostream.flink.metrics.LearnerMetrics;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedSpikes;
import io.neurostream.schemas.codec.SingleObjectCodec;
import io.neurostream.schemas.internal.KafkaPosition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * spike-decode's operator, keyed by session: counts each SpikeBatch's spikes into event-time bins
 * ({@link SlidingBinCounts}), closes a bin as soon as a batch covers its end (plus the allowed
 * lateness) or the watermark passes it, decodes it (optionally exponentially smoothed counts)
 * with one online decoder ({@link DecoderKind}) and emits one {@link Prediction} per bin whose
 * {@code decoded} values are the velocity (or, for {@link DecoderKind#RATES}, the rates in Hz).
 *
 * <p>Second input: the teaching signal and operations, {@code Either<Label, Control>}. A Label
 * for the bin starting at {@code floor(start / step) * step} is learned from after the bin is
 * predicted (prequential): at once if it came first, else when it arrives, up to
 * {@code labelLatenessMicros} after the bin. A Label whose target does not have the decoder's
 * {@code outputCount} values goes to {@link #DEAD_LETTERS}, re-encoded, and is counted
 * ({@code labelsRejected}); a classification label (a class, no target), meant for another job on
 * a shared labels topic, is only counted; the {@link DecoderKind#RATES} decoder learns nothing and only counts its
 * labels. A batch whose {@code unitCount} differs from the session's first batch goes to
 * {@link #DEAD_LETTERS} too (the decoder is sized to the first), and so does one spanning more than
 * {@link #MAX_GAP_BINS} bins (its bins could not all be predicted). Dead letters carry the Kafka
 * position of the record when it has one ({@link KafkaPosition}), else -1. Control FREEZE / UNFREEZE switch learning off/on for
 * bins from {@code timeMicros} on (so a command may be sent ahead of time); RESET forgets the
 * decoder. Control records for {@code '*'} are keyed to no session and do nothing here.
 *
 * <p>{@link SpikeDecodeLearning} ({@link #withLearning}) selects an LMS readout for the rls and esn decoders and
 * Oja's rule on the esn decoder's input weights. Those adapt on every decoded bin whose learning is on (FREEZE stops
 * them with the readout, UNFREEZE resumes them), are kept in the decoder's state, and go to {@link #MODEL_SNAPSHOTS}
 * (kind {@value #RESERVOIR_WEIGHTS_KIND}) every {@link SpikeDecodeLearning#publishEveryBins()} adapted bins.
 *
 * <p>Event times and timers are recording-clock µs. State is touched once per batch (bins and
 * decoder), the label maps once per bin.
 */
public class SpikeDecodeFunction
        extends KeyedCoProcessFunction<String, SpikeBatch, Either<Label, Control>, Prediction> {
    private static final long serialVersionUID = 1L;
    /** A batch jumping further ahead than this many bins skips them instead of predicting empty bins. */
    static final long MAX_GAP_BINS = 100_000;

    static final String BINS_STATE = "spike-bins";
    static final String DECODER_STATE = "decoder";
    static final ValueStateDescriptor<SpikeDecodeState> BINS =
            new ValueStateDescriptor<>(BINS_STATE, SpikeDecodeStateSerializer.INSTANCE);
    /** Labels that arrived before their bin closed: bin start -> target. */
    static final MapStateDescriptor<Long, double[]> EARLY_LABELS =
            new MapStateDescriptor<>("early-labels", LongSerializer.INSTANCE, DoublePrimitiveArraySerializer.INSTANCE);
    /** Closed bins still waiting for their label: bin start -> the decoder's learning input. */
    static final MapStateDescriptor<Long, double[]> UNLABELLED =
            new MapStateDescriptor<>("unlabelled-inputs", LongSerializer.INSTANCE, DoublePrimitiveArraySerializer.INSTANCE);

    /**
     * Labels whose target does not fit the decoder. They were decoded upstream, so their Kafka
     * partition, offset and timestamp are unknown here (-1); the value is the Label re-encoded.
     */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("decoder-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Adapted reservoir weights of the esn decoder with plasticity on (see {@link #reservoirSnapshot}). */
    public static final OutputTag<ModelSnapshot> MODEL_SNAPSHOTS =
            new OutputTag<>("spike-decode-model-snapshots", new AvroTypeInfo<>(ModelSnapshot.class));
    /** The kind of {@link #MODEL_SNAPSHOTS}, as dvs-classify's. */
    public static final String RESERVOIR_WEIGHTS_KIND = "reservoir-weights";

    private final SpikeDecodeConfig config;
    private SpikeDecodeLearning learning = SpikeDecodeLearning.defaults();
    private final String predictionJob;
    private final String labelsTopic;
    private final String spikesTopic;
    /** Accumulators {@code <job>.<decoder>.<name>}: spikes in, dropped as late, dropped with a rejected batch. */
    public static final List<String> SPIKE_ACCUMULATORS = List.of("spikesIn", "spikesDroppedLate",
            "spikesDroppedRejectedBatch");
    private transient org.apache.flink.api.common.accumulators.LongCounter[] spikeAccounts;

    private transient ValueState<SpikeDecodeState> binsState;
    private transient ValueState<RateDecoder> decoderState;
    private transient MapState<Long, double[]> earlyLabels;
    private transient MapState<Long, double[]> unlabelled;
    private transient Map<Integer, Esn> reservoirs;
    private transient int bufferUnits;
    private transient double[] counts;
    private transient double[] smoothedOut;
    private transient double[] decoded;
    private transient ExponentialRateSmoother smoother;
    private transient Counter spikesIn;
    private transient Counter lateSpikes;
    private transient Counter binsPredicted;
    private transient Counter learningUpdates;
    private transient Counter labelsTooLate;
    private transient Counter labelsWhileFrozen;
    private transient Counter labelsRejected;
    private transient Counter batchesRejected;
    private transient Counter binsSkipped;
    private transient Counter controlsApplied;
    private transient SingleObjectCodec<Label> labelCodec;
    private io.neurostream.flink.common.FailureInjection failureInjection = io.neurostream.flink.common.FailureInjection.NONE;
    private transient LearnerMetrics learnerMetrics;
    private transient SingleObjectCodec<SpikeBatch> batchCodec;

    /**
     * @param jobName names the job in predictions and dead letters: {@code <jobName>.<decoder>}
     * @param labelsTopic the topic the labels came from, named in dead letters
     */
    public SpikeDecodeFunction(SpikeDecodeConfig config, String jobName, String labelsTopic) {
        this(config, jobName, "neural.spikes", labelsTopic);
    }

    /** @param spikesTopic the topic the spike batches came from, named in dead letters */
    public SpikeDecodeFunction(SpikeDecodeConfig config, String jobName, String spikesTopic, String labelsTopic) {
        this.config = config;
        this.predictionJob = config.jobName(jobName);
        this.labelsTopic = labelsTopic;
        this.spikesTopic = spikesTopic;
    }

    public SpikeDecodeConfig config() {
        return config;
    }

    /** Learns with this readout and reservoir plasticity ({@code --readout}, {@code --plasticity}, ...). */
    public SpikeDecodeFunction withLearning(SpikeDecodeLearning newLearning) {
        this.learning = newLearning;
        return this;
    }

    public SpikeDecodeLearning learning() {
        return learning;
    }

    /** A failure to inject once, to watch the job recover ({@code --fail-once-after-inputs}); off by default. */
    public SpikeDecodeFunction withFailureInjection(io.neurostream.flink.common.FailureInjection failure) {
        this.failureInjection = failure;
        return this;
    }

    @Override
    public void open(OpenContext openContext) {
        binsState = getRuntimeContext().getState(BINS);
        // The decoder serializer keeps rebuilt reservoirs: one instance per operator, never shared.
        decoderState = getRuntimeContext().getState(new ValueStateDescriptor<>(DECODER_STATE, new RateDecoderSerializer()));
        earlyLabels = getRuntimeContext().getMapState(EARLY_LABELS);
        unlabelled = getRuntimeContext().getMapState(UNLABELLED);
        reservoirs = new HashMap<>();
        var metrics = getRuntimeContext().getMetricGroup();
        spikesIn = metrics.counter("spikesIn");
        spikeAccounts = new org.apache.flink.api.common.accumulators.LongCounter[SPIKE_ACCUMULATORS.size()];
        for (int i = 0; i < spikeAccounts.length; i++) {
            spikeAccounts[i] = new org.apache.flink.api.common.accumulators.LongCounter();
            getRuntimeContext().addAccumulator(predictionJob + "." + SPIKE_ACCUMULATORS.get(i), spikeAccounts[i]);
        }
        lateSpikes = metrics.counter("lateSpikes");
        binsPredicted = metrics.counter("binsPredicted");
        learningUpdates = metrics.counter("learningUpdates");
        labelsTooLate = metrics.counter("labelsTooLate");
        labelsWhileFrozen = metrics.counter("labelsWhileFrozen");
        labelsRejected = metrics.counter("labelsRejected");
        batchesRejected = metrics.counter("batchesRejected");
        binsSkipped = metrics.counter("binsSkipped");
        controlsApplied = metrics.counter("controlsApplied");
        labelCodec = SingleObjectCodec.of(Label.class);
        learnerMetrics = LearnerMetrics.register(metrics, LearnerMetrics.Task.REGRESSION, "spikesIn", spikesIn);
        batchCodec = SingleObjectCodec.of(SpikeBatch.class);
    }

    @Override
    public void processElement1(SpikeBatch batch, Context ctx, Collector<Prediction> out) throws Exception {
        failureInjection.onInput(getRuntimeContext());
        long spanBins = (batch.getEndTimeMicros() - batch.getStartTimeMicros()) / config.stepMicros();
        if (spanBins > MAX_GAP_BINS) {
            // valid on the wire, but closing its bins one by one would not end (2^62 µs: 2.3e14 bins of 20 ms)
            rejectBatch(batch, ctx, "covers " + spanBins + " bins of " + config.stepMicros() + " µs, more than "
                    + MAX_GAP_BINS + " in one batch");
            return;
        }
        SpikeDecodeState st = binsState.value();
        int units = batch.getUnitCount();
        if (st == null) {
            st = new SpikeDecodeState();
        }
        if (st.bins == null) {
            st.bins = new SlidingBinCounts(units, config.binMicros(), config.stepMicros(), config.allowedLatenessMicros());
            st.smoothed = new double[units];
        } else if (st.bins.unitCount() != units) {
            rejectBatch(batch, ctx, "has unitCount " + units + ", the session's first batch had " + st.bins.unitCount()
                    + " (the decoder is sized to it)");
            return;
        }
        long ingestMillis = batch.getIngestTimeMillis() == null ? System.currentTimeMillis() : batch.getIngestTimeMillis();
        st.lastIngestMillis = ingestMillis;
        st.coveredUntilMicros = Math.max(st.coveredUntilMicros, batch.getEndTimeMicros());
        SlidingBinCounts bins = st.bins;
        bins.startAt(batch.getStartTimeMicros());
        long behind = (batch.getStartTimeMicros() - bins.nextBinEndMicros()) / config.stepMicros();
        if (behind > MAX_GAP_BINS) {
            bins.skip(behind);
            binsSkipped.inc(behind);
        }
        Session session = new Session(ctx.getCurrentKey(), st);
        ByteBuffer view = PackedSpikes.view(batch.getSpikes());
        long start = batch.getStartTimeMicros();
        int count = batch.getSpikeCount();
        for (int i = 0; i < count; i++) {
            long t = start + PackedSpikes.dtMicros(view, i);
            while (!bins.fits(t)) {
                closeBin(session, ingestMillis, out, ctx);
            }
            if (!bins.add(t, PackedSpikes.unitIndex(view, i))) {
                lateSpikes.inc();
                spikeAccounts[1].add(1);
            }
        }
        spikesIn.inc(count);
        spikeAccounts[0].add(count);
        while (bins.isComplete(batch.getEndTimeMicros())) {
            closeBin(session, ingestMillis, out, ctx);
        }
        // The watermark may already be past the next bin's closing time (an input idle for --idle-millis while the
        // other one ended sends it to the end of time): a timer would then wait for a watermark that never comes.
        closeBinsUpTo(ctx.timerService().currentWatermark(), session, ingestMillis, out, ctx);
        st.pruneSwitches(bins.nextBinStartMicros() - config.labelLatenessMicros() - config.binMicros());
        binsState.update(st);
        session.storeDecoder();
    }

    @Override
    public void processElement2(Either<Label, Control> input, Context ctx, Collector<Prediction> out) throws Exception {
        if (input.isLeft()) {
            onLabel(input.left(), ctx);
        } else {
            onControl(input.right());
        }
    }

    private void onLabel(Label label, Context ctx) throws Exception {
        List<Double> values = label.getTarget();
        if (config.decoder() == DecoderKind.RATES) {
            labelsRejected.inc(); // passes rates through: nothing learns from labels
            return;
        }
        if ((values == null || values.isEmpty()) && label.getClassIndex() != null) {
            labelsRejected.inc(); // a classification label (dvs-classify's) on a shared labels topic: not ours, not bad
            return;
        }
        if (values == null || values.size() != config.outputCount()) {
            reject(label, ctx, "target has " + (values == null ? 0 : values.size()) + " values"
                    + (label.getClassIndex() == null ? "" : " (classIndex " + label.getClassIndex() + ")") + ", the "
                    + config.decoder().id() + " decoder outputs " + config.outputCount());
            return;
        }
        double[] target = new double[values.size()];
        for (int i = 0; i < target.length; i++) {
            target[i] = values.get(i);
        }
        long binIndex = Math.floorDiv(label.getStartTimeMicros(), config.stepMicros());
        long binStart = binIndex * config.stepMicros();
        SpikeDecodeState st = binsState.value();
        if (st != null && !st.learningAt(binStart)) {
            labelsWhileFrozen.inc();
            return;
        }
        if (st != null && st.bins != null && st.bins.isStarted() && binIndex < st.bins.nextBin()) {
            double[] waiting = unlabelled.get(binStart);
            if (waiting == null) {
                labelsTooLate.inc(); // its bin was closed and forgotten (past labelLatenessMicros)
                return;
            }
            unlabelled.remove(binStart);
            Session session = new Session(ctx.getCurrentKey(), st);
            session.learn(binIndex, waiting, target);
            binsState.update(st);
            session.storeDecoder();
            return;
        }
        earlyLabels.put(binStart, target);
        ctx.timerService().registerEventTimeTimer(forgetAtMicros(binStart));
    }

    private void reject(Label label, Context ctx, String problem) {
        labelsRejected.inc();
        learnerMetrics.deadLetter();
        String reason = "label " + label.getSequence() + " of session " + label.getStreamId() + " for ["
                + label.getStartTimeMicros() + ", " + label.getEndTimeMicros() + ") µs: " + problem;
        ctx.output(DEAD_LETTERS, deadLetter(labelsTopic, label, label.getStreamId(), labelCodec.encode(label), reason));
    }

    private void rejectBatch(SpikeBatch batch, Context ctx, String problem) {
        batchesRejected.inc();
        spikeAccounts[0].add(batch.getSpikeCount());
        spikeAccounts[2].add(batch.getSpikeCount());
        learnerMetrics.deadLetter();
        ctx.output(DEAD_LETTERS, deadLetter(spikesTopic, batch, batch.getSessionId(), batchCodec.encode(batch),
                "batch " + batch.getSequence() + " of session " + batch.getSessionId() + " " + problem));
    }

    /** A rejected record with the Kafka position the decode step read it at (-1 if it did not come from Kafka). */
    private DeadLetter deadLetter(String topic, Object record, String key, byte[] value, String reason) {
        KafkaPosition at = KafkaPosition.of(record);
        return new DeadLetter(topic, at.partition(), at.offset(), at.timestampMillis(), ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap(value), reason, predictionJob, System.currentTimeMillis());
    }

    private void onControl(Control control) throws Exception {
        switch (control.getCommand()) {
            case FREEZE, UNFREEZE -> {
                SpikeDecodeState st = binsState.value();
                if (st == null) {
                    st = new SpikeDecodeState();
                }
                st.addSwitch(control.getTimeMicros(), control.getCommand() == io.neurostream.schemas.ControlCommand.UNFREEZE);
                binsState.update(st);
                controlsApplied.inc();
            }
            case RESET -> {
                decoderState.clear();
                earlyLabels.clear();
                unlabelled.clear();
                controlsApplied.inc();
            }
            default -> {
                // TASK_BOUNDARY, SNAPSHOT, UNKNOWN: not meaningful for this job
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
        SpikeDecodeState st = binsState.value();
        if (st != null && st.bins != null && st.bins.isStarted() && st.bins.closingWatermarkMicros() <= timestamp
                && st.bins.nextBinStartMicros() < st.coveredUntilMicros) {
            Session session = new Session(ctx.getCurrentKey(), st);
            closeBinsUpTo(timestamp, session, st.lastIngestMillis, out, ctx);
            binsState.update(st);
            session.storeDecoder();
        }
        // Forget what waited too long for its partner (a label or a bin).
        long horizon = timestamp - config.binMicros() - config.allowedLatenessMicros() - config.labelLatenessMicros();
        forgetUpTo(unlabelled, horizon);
        forgetUpTo(earlyLabels, horizon);
    }

    private long forgetAtMicros(long binStart) {
        return binStart + config.binMicros() + config.allowedLatenessMicros() + config.labelLatenessMicros();
    }

    private static void forgetUpTo(MapState<Long, double[]> byBinStart, long horizon) throws Exception {
        if (byBinStart.isEmpty()) {
            return;
        }
        Iterator<Long> binStarts = byBinStart.keys().iterator();
        while (binStarts.hasNext()) {
            if (binStarts.next() <= horizon) {
                binStarts.remove();
            }
        }
        if (byBinStart.isEmpty()) {
            byBinStart.clear(); // drop the empty map itself (heap backend)
        }
    }

    /**
     * Closes the bins a batch has reached whose closing time is at or before {@code watermarkMicros}; a bin
     * still partly covered (overlapping bins, lateness) gets a timer: the watermark closes it if no batch does.
     * Bins no batch has reached yet stay open: no data, no prediction (nor a flood at end of input).
     */
    private void closeBinsUpTo(long watermarkMicros, Session session, long ingestMillis, Collector<Prediction> out,
                               KeyedCoProcessFunction<String, SpikeBatch, Either<Label, Control>, Prediction>.Context ctx)
            throws Exception {
        SpikeDecodeState st = session.state;
        while (st.bins.nextBinStartMicros() < st.coveredUntilMicros && st.bins.closingWatermarkMicros() <= watermarkMicros) {
            closeBin(session, ingestMillis, out, ctx);
        }
        if (st.bins.nextBinStartMicros() < st.coveredUntilMicros) {
            ctx.timerService().registerEventTimeTimer(st.bins.closingWatermarkMicros());
        }
    }

    private void closeBin(Session session, long ingestMillis, Collector<Prediction> out,
                          KeyedCoProcessFunction<String, SpikeBatch, Either<Label, Control>, Prediction>.Context ctx)
            throws Exception {
        SpikeDecodeState st = session.state;
        SlidingBinCounts bins = st.bins;
        int units = bins.unitCount();
        ensureBuffers(units);
        long binIndex = bins.nextBin();
        long binStart = bins.nextBinStartMicros();
        long binEnd = bins.nextBinEndMicros();
        int spikes = bins.closeNext(counts);
        double[] input = counts;
        if (config.smoothingTauMs() > 0) {
            smoother.restore(st.smoothed, st.smoothPrimed);
            smoother.smooth(counts, smoothedOut);
            System.arraycopy(smoother.state(), 0, st.smoothed, 0, units);
            st.smoothPrimed = true;
            input = smoothedOut;
        }
        RateDecoder decoder = session.decoder(units);
        if (decoded.length != decoder.outputCount()) {
            decoded = new double[decoder.outputCount()];
        }
        boolean learningNow = config.decoder() != DecoderKind.RATES && st.learningAt(binStart);
        EsnRateDecoder plastic = decoder instanceof EsnRateDecoder e && e.isPlastic() ? e : null;
        if (plastic != null) {
            plastic.setAdapting(learningNow); // FREEZE stops the reservoir's plasticity with the readout
        }
        decoder.decode(input, decoded);
        if (plastic != null && learningNow && plastic.plasticUpdates() % learning.publishEveryBins() == 0) {
            ctx.output(MODEL_SNAPSHOTS, reservoirSnapshot(predictionJob, session.key, plastic));
        }
        List<Double> values = new ArrayList<>(decoded.length);
        for (double v : decoded) {
            values.add(v);
        }
        String job = predictionJob;
        out.collect(new Prediction(job + "/" + session.key + "/" + binStart, job, session.key, binStart, binEnd, null,
                List.of(), values, null, decoder.updates(), (long) spikes, ingestMillis, System.currentTimeMillis()));
        binsPredicted.inc();
        learnerMetrics.predicted(session.key, decoder.updates(), System.currentTimeMillis() - ingestMillis);
        // the session's input units, as spikes per unit per second of this bin
        learnerMetrics.reservoirFiringRateHz(spikes * 1e6 / ((double) units * (binEnd - binStart)));
        if (!learningNow) {
            return;
        }
        double[] target = earlyLabels.get(binStart);
        if (target != null) {
            earlyLabels.remove(binStart);
            if (decoder.updates() > 0) {
                learnerMetrics.scored(session.key, decoded, target);
            }
            session.learn(binIndex, decoder.learningInput(input), target);
        } else {
            unlabelled.put(binStart, decoder.learningInput(input));
            ctx.timerService().registerEventTimeTimer(forgetAtMicros(binStart));
        }
    }

    private void ensureBuffers(int units) {
        if (bufferUnits != units) {
            bufferUnits = units;
            counts = new double[units];
            smoothedOut = new double[units];
            decoded = new double[config.outputCount()];
            smoother = new ExponentialRateSmoother(units, config.binMicros() / 1000.0,
                    Math.max(config.smoothingTauMs(), 0));
        }
    }

    /**
     * The esn decoder's adapted input weights: kind {@value #RESERVOIR_WEIGHTS_KIND}, version = adapted bins, shape
     * {@code [units, inputs]} row by row, little-endian float64; metadata {@code rule}, {@code units},
     * {@code inputs}, {@code ojaEta}, {@code seed} (the fixed recurrent weights are rebuilt from it).
     */
    static ModelSnapshot reservoirSnapshot(String job, String key, EsnRateDecoder d) {
        double[] w = d.inputWeights();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(w.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double v : w) {
            b.putDouble(v);
        }
        b.flip();
        EsnParams p = d.params().esn();
        return new ModelSnapshot(job, key, RESERVOIR_WEIGHTS_KIND, d.plasticUpdates(), System.currentTimeMillis(),
                List.of(p.units(), p.inputs()), b, Map.of("rule", "oja", "units", Integer.toString(p.units()),
                        "inputs", Integer.toString(p.inputs()), "ojaEta", Double.toString(d.ojaEta()),
                        "seed", Long.toString(p.seed())));
    }

    /** Frobenius norm of the decoder's learned readout (Kalman: its observation model H), NaN if it has none. */
    private static double readoutWeightNorm(RateDecoder decoder) {
        if (decoder instanceof LmsRateDecoder l) {
            return LearnerMetrics.norm(l.readout().weights());
        }
        if (decoder instanceof EsnRateDecoder e && e.lmsReadout() != null) {
            return LearnerMetrics.norm(e.lmsReadout().weights());
        }
        RlsReadout readout = decoder instanceof RlsRateDecoder rls ? rls.readout()
                : decoder instanceof EsnRateDecoder esn ? esn.readout()
                : decoder instanceof KalmanVelocityDecoder kalman ? kalman.observationModel() : null;
        return readout == null ? Double.NaN : LearnerMetrics.norm(readout.weights());
    }

    /** A fresh decoder as a session of {@code units} units gets it (tests; no Flink context needed). */
    RateDecoder newDecoderForTest(int units) {
        if (reservoirs == null) {
            reservoirs = new HashMap<>();
        }
        return newDecoder(units);
    }

    /** A fresh decoder for a session of {@code units} units. */
    private RateDecoder newDecoder(int units) {
        return switch (config.decoder()) {
            case KALMAN -> new KalmanVelocityDecoder(KalmanVelocityDecoder.Params.defaults(units, config.outputCount())
                    .withObservationLambda(config.lambda()));
            case RLS -> learning.readout() == io.neurostream.flink.learning.ReadoutKind.LMS
                    ? new LmsRateDecoder(units, config.outputCount(), learning.lmsMu())
                    : new RlsRateDecoder(units, config.outputCount(), config.lambda(), config.delta());
            case ESN -> {
                EsnRateDecoder.Params defaults = EsnRateDecoder.Params.defaults(units, config.outputCount(), config.seed());
                EsnParams e = defaults.esn();
                EsnParams esn = new EsnParams(config.reservoirUnits(), units, e.spectralRadius(), e.leakRate(),
                        e.inputScaling(), e.biasScaling(), e.connectivity(), e.inputConnectivity(), config.seed());
                EsnRateDecoder.Params p = new EsnRateDecoder.Params(esn, config.outputCount(), defaults.inputGain(),
                        defaults.directInputs(), config.lambda(), config.delta());
                yield new EsnRateDecoder(p, reservoirs.computeIfAbsent(units, u -> new Esn(esn)),
                        learning.esnAdaptation());
            }
            case RATES -> new PassThroughRates(units, config.binMicros() / 1000.0);
        };
    }

    /** The per-call view of one session: its state and its decoder, loaded at most once. */
    private final class Session {
        final String key;
        final SpikeDecodeState state;
        RateDecoder decoder;
        boolean decoderChanged;

        Session(String key, SpikeDecodeState state) {
            this.key = key;
            this.state = state;
        }

        RateDecoder decoder(int units) throws Exception {
            if (decoder == null) {
                decoder = decoderState.value();
                if (decoder == null || decoder.inputCount() != units && config.decoder() != DecoderKind.RATES) {
                    decoder = newDecoder(units);
                }
            }
            decoderChanged = true; // decoding advances the state of Kalman and ESN decoders
            return decoder;
        }

        void learn(long binIndex, double[] learningInput, double[] target) throws Exception {
            RateDecoder d = decoder(state.bins.unitCount());
            if (state.lastLearnedBin != binIndex - 1) {
                // labels resume after a gap: do not pair the Kalman dynamics across it
                d.setLearning(false);
                d.setLearning(true);
            }
            d.learnFrom(learningInput, target);
            state.lastLearnedBin = binIndex;
            learningUpdates.inc();
            if (d.updates() % 50 == 1) { // the norm reads every weight: not on every update
                learnerMetrics.readoutWeightNorm(readoutWeightNorm(d));
            }
        }

        void storeDecoder() throws Exception {
            if (decoderChanged) {
                decoderState.update(decoder);
            }
        }
    }
}
