package io.neurostream.flink.reservoir;

import io.neurostream.core.timeseries.OnlineReadout;
import io.neurostream.core.timeseries.ReservoirSpec;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.codec.SingleObjectCodec;
import io.neurostream.schemas.internal.KafkaPosition;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The reservoir-regress operator, keyed by stream: steps the stream's reservoir once per
 * {@link Sample}, in sequence order, predicts with the readout (a {@link Prediction} per sample,
 * {@code decoded} = the readout's outputs) and then learns from the sample's label, if learning is
 * on at the sample's time (prequential: the prediction is made before the label is used).
 *
 * <p>Joining by event time: a sample is stepped as soon as its {@link Label} (same
 * {@code startTimeMicros}) is there, or once the watermark has passed its start (no label will
 * come: it is stepped unlabelled). Samples wait in order, so the reservoir always sees them in
 * sequence. With {@code feedback} the readout's latest output (after learning) is appended to the
 * next input: FORCE learning runs here, one update per step.
 *
 * <p>Control FREEZE / UNFREEZE switch learning off / on from {@code timeMicros} (send them ahead);
 * freezing solves a batch readout (ridge) and publishes a {@link ModelSnapshot} ({@link #MODELS});
 * SNAPSHOT publishes one at once; RESET forgets the stream. Rejected (to {@link #DEAD_LETTERS}, the
 * job keeps running): a sample whose length differs from the stream's first, one whose sequence is
 * not above the last stepped, a label whose target length is not {@code outputs}.
 */
public class ReservoirRegressFunction
        extends KeyedCoProcessFunction<String, Sample, Either<Label, Control>, Prediction> {
    private static final long serialVersionUID = 1L;
    /** More samples than this waiting for their labels: the oldest is stepped unlabelled (bounded state). */
    static final int MAX_PENDING = 100_000;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("reservoir-dead-letters", new AvroTypeInfo<>(DeadLetter.class));
    public static final OutputTag<ModelSnapshot> MODELS =
            new OutputTag<>("reservoir-models", new AvroTypeInfo<>(ModelSnapshot.class));

    private final ReservoirConfig config;
    private final String predictionJob;
    private final String samplesTopic;
    private final String labelsTopic;
    private transient ValueState<ReservoirStreamState> state;
    private transient ReservoirStateSerializer builder;
    private transient SingleObjectCodec<Sample> sampleCodec;
    private transient SingleObjectCodec<Label> labelCodec;
    private transient Counter samplesIn;
    private transient Counter predicted;
    private transient Counter updates;
    private transient Counter rejected;
    private transient Counter labelsLate;
    private transient double[] out;

    public ReservoirRegressFunction(ReservoirConfig config, String jobName, String samplesTopic, String labelsTopic) {
        this.config = config;
        this.predictionJob = config.jobName(jobName);
        this.samplesTopic = samplesTopic;
        this.labelsTopic = labelsTopic;
    }

    public ReservoirConfig config() {
        return config;
    }

    @Override
    public void open(OpenContext openContext) {
        builder = new ReservoirStateSerializer();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("reservoir-stream", builder));
        sampleCodec = SingleObjectCodec.of(Sample.class);
        labelCodec = SingleObjectCodec.of(Label.class);
        var metrics = getRuntimeContext().getMetricGroup();
        samplesIn = metrics.counter("samplesIn");
        predicted = metrics.counter("predictions");
        updates = metrics.counter("learningUpdates");
        rejected = metrics.counter("rejected");
        labelsLate = metrics.counter("labelsTooLate");
        out = new double[config.outputs()];
    }

    @Override
    public void processElement1(Sample sample, Context ctx, Collector<Prediction> collector) throws Exception {
        samplesIn.inc();
        ReservoirStreamState st = stateOrNew();
        int length = sample.getValues().size();
        int expected = st.spec != null ? st.spec.inputs() - (config.feedback() ? config.outputs() : 0)
                : st.pending.isEmpty() ? length : st.pending.peekFirst().values().length;
        if (length != expected) {
            reject(ctx, samplesTopic, sample, sample.getStreamId(), sampleCodec.encode(sample), "sample "
                    + sample.getSequence() + " has " + length + " values, the stream's first had " + expected);
            return;
        }
        long lastQueued = st.pending.isEmpty() ? st.lastSequence : st.pending.peekLast().sequence();
        if (sample.getSequence() <= lastQueued) {
            reject(ctx, samplesTopic, sample, sample.getStreamId(), sampleCodec.encode(sample), "sample sequence "
                    + sample.getSequence() + " is not above the last one seen (" + lastQueued + "): a repeat or out of order");
            return;
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = sample.getValues().get(i);
        }
        st.pending.addLast(new ReservoirStreamState.Pending(sample.getSequence(), sample.getStartTimeMicros(),
                sample.getEndTimeMicros(), values, System.currentTimeMillis()));
        drain(st, ctx.getCurrentKey(), ctx.timerService().currentWatermark(), collector, ctx);
        state.update(st);
    }

    @Override
    public void processElement2(Either<Label, Control> input, Context ctx, Collector<Prediction> collector)
            throws Exception {
        ReservoirStreamState st = stateOrNew();
        if (input.isLeft()) {
            Label label = input.left();
            List<Double> target = label.getTarget();
            if (target == null || target.isEmpty()) {
                return; // a classification label for another job on a shared topic: not ours, not bad
            }
            if (target.size() != config.outputs()) {
                reject(ctx, labelsTopic, label, label.getStreamId(), labelCodec.encode(label), "label "
                        + label.getSequence() + " has " + target.size() + " target values, " + predictionJob
                        + " outputs " + config.outputs());
                return;
            }
            if (st.lastSteppedStart != Long.MIN_VALUE && label.getStartTimeMicros() <= st.lastSteppedStart) {
                labelsLate.inc(); // its sample was stepped without it already
                return;
            }
            double[] y = new double[target.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = target.get(i);
            }
            st.labels.put(label.getStartTimeMicros(), y);
            if (st.labels.size() > MAX_PENDING) {
                st.labels.pollFirstEntry(); // labels of a stream whose samples never come: keep the state bounded
                labelsLate.inc();
            }
        } else {
            Control c = input.right();
            if (c.getCommand() == ControlCommand.FREEZE || c.getCommand() == ControlCommand.UNFREEZE) {
                st.switches.put(c.getTimeMicros(), c.getCommand() == ControlCommand.UNFREEZE);
            } else if (c.getCommand() == ControlCommand.RESET) {
                state.clear();
                return;
            } else if (c.getCommand() == ControlCommand.SNAPSHOT && st.readout != null) {
                ctx.output(MODELS, snapshot(ctx.getCurrentKey(), st));
            }
        }
        drain(st, ctx.getCurrentKey(), ctx.timerService().currentWatermark(), collector, ctx);
        state.update(st);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> collector) throws Exception {
        ReservoirStreamState st = state.value();
        if (st != null) {
            drain(st, ctx.getCurrentKey(), timestamp, collector, ctx);
            state.update(st);
        }
    }

    private ReservoirStreamState stateOrNew() throws Exception {
        ReservoirStreamState st = state.value();
        return st != null ? st : new ReservoirStreamState();
    }

    /** Steps every waiting sample whose label is there or can no longer come, in order. */
    private void drain(ReservoirStreamState st, String key, long watermark, Collector<Prediction> collector, Context ctx) {
        while (!st.pending.isEmpty()) {
            ReservoirStreamState.Pending p = st.pending.peekFirst();
            double[] target = st.labels.remove(p.startMicros());
            if (target == null && watermark < p.startMicros() && st.pending.size() < MAX_PENDING) {
                ctx.timerService().registerEventTimeTimer(p.startMicros());
                return;
            }
            st.pending.removeFirst();
            step(st, key, p, target, collector, ctx);
        }
    }

    private void step(ReservoirStreamState st, String key, ReservoirStreamState.Pending p, double[] target,
                      Collector<Prediction> collector, Context ctx) {
        if (st.reservoir == null) {
            st.spec = config.spec(key, p.values().length);
            st.reservoir = builder.reservoir(st.spec);
            st.params = config.params();
            st.readout = config.readout().create(st.reservoir.featureCount(), config.outputs(), config.params(),
                    st.spec.seed());
            st.lastOutput = new double[config.outputs()];
        }
        double[] u = p.values();
        if (config.feedback()) {
            u = java.util.Arrays.copyOf(p.values(), p.values().length + config.outputs());
            System.arraycopy(st.lastOutput, 0, u, p.values().length, config.outputs());
        }
        double[] x = st.reservoir.step(u);
        boolean learning = st.learningAt(p.startMicros());
        if (!learning && st.wasLearning) {
            st.readout.frozen();
            ctx.output(MODELS, snapshot(key, st));
        }
        st.wasLearning = learning;
        st.readout.predict(x, out);
        List<Double> decoded = new ArrayList<>(out.length);
        for (double v : out) {
            decoded.add(v);
        }
        collector.collect(new Prediction(predictionJob + "/" + key + "/" + p.startMicros(), predictionJob, key,
                p.startMicros(), p.endMicros(), null, List.of(), decoded, null, st.readout.updates(), 1L,
                p.ingestMillis(), System.currentTimeMillis()));
        predicted.inc();
        if (target != null && learning) {
            st.readout.learn(x, target);
            updates.inc();
            if (config.feedback()) {
                st.readout.predict(x, out); // FORCE feeds back the output of the updated readout
            }
            if (config.snapshotEvery() > 0 && st.readout.updates() % config.snapshotEvery() == 0) {
                ctx.output(MODELS, snapshot(key, st));
            }
        }
        System.arraycopy(out, 0, st.lastOutput, 0, out.length);
        st.steps++;
        st.lastSequence = p.sequence();
        st.lastSteppedStart = p.startMicros();
        st.pruneSwitches(p.startMicros());
        // labels for samples already stepped can no longer be used
        st.labels.headMap(p.startMicros(), true).clear();
    }

    private ModelSnapshot snapshot(String key, ReservoirStreamState st) {
        double[] w = st.readout.weightsWithBias();
        ByteBuffer bytes = ByteBuffer.allocate(w.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : w) {
            bytes.putDouble(v);
        }
        bytes.flip();
        ReservoirSpec spec = st.spec;
        Map<String, String> meta = Map.of("reservoir", spec.kind().id(), "units", Integer.toString(spec.units()),
                "inputs", Integer.toString(spec.inputs()), "reservoirSeed", Long.toString(spec.seed()),
                "adaptation", Boolean.toString(spec.adaptation()), "readout", st.readout.kind().id(),
                "ridge", Double.toString(st.params.ridge()), "steps", Long.toString(st.steps),
                "layout", "outputs x (1 + features), bias first");
        return new ModelSnapshot(predictionJob, key, st.readout.kind().id() + "-readout", st.readout.updates(),
                System.currentTimeMillis(), List.of(config.outputs(), st.readout.featureCount() + 1), bytes,
                new java.util.HashMap<>(meta));
    }

    private void reject(Context ctx, String topic, Object record, String key, byte[] value, String reason) {
        rejected.inc();
        KafkaPosition at = KafkaPosition.of(record);
        ctx.output(DEAD_LETTERS, new DeadLetter(topic, at.partition(), at.offset(), at.timestampMillis(),
                ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)), ByteBuffer.wrap(value),
                "stream " + key + ": " + reason, predictionJob, System.currentTimeMillis()));
    }
}
