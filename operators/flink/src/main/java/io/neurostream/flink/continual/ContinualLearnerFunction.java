package io.neurostream.flink.continual;

import io.neurostream.core.continual.ContinualMetrics;
import io.neurostream.core.continual.HlopMlp;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.TaskMetrics;
import io.neurostream.schemas.codec.SingleObjectCodec;
import io.neurostream.schemas.internal.KafkaPosition;
import io.neurostream.schemas.internal.SourcedSample;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The continual learner of one task stream: an HLOP-protected network and the same network learning
 * naively ({@link HlopMlp}), side by side on the same samples, in event-time order.
 *
 * <p>Inputs, keyed by stream: {@link Sample}s (input 1) and labels or controls (input 2). A sample
 * of stream {@code S} is a training sample; a sample whose streamId is {@code S/test/<j>} is a
 * held-out test sample of task {@code j} of stream {@code S} (key {@code S}: see {@link #streamOf}).
 * A label belongs to the sample of the same streamId with the same {@code startTimeMicros}. Each
 * sample is processed once the watermark passes its start, after the controls up to that time:
 * <ul>
 *   <li>a labelled training sample is learned by both learners (unless frozen) and offered to the
 *       task's reservoir buffer; an unlabelled one is only counted;</li>
 *   <li>a labelled test sample is predicted by both learners (never learned) and scored into the
 *       test window of the current task; an unlabelled test sample goes to dead letters;</li>
 *   <li>{@code TASK_BOUNDARY(t)} closes the current task: it emits one {@link TaskMetrics} per
 *       learner (the accuracy-matrix row from the test window, ACC, BWT) and lets HLOP's lateral
 *       neurons learn the task's subspaces from the buffer; then task {@code t} starts. Send a
 *       boundary after the last task's test window to close it. {@code FREEZE}/{@code UNFREEZE} stop
 *       and resume learning, {@code RESET} forgets both learners and the scores.</li>
 * </ul>
 */
public final class ContinualLearnerFunction
        extends KeyedCoProcessFunction<String, Sample, Either<Label, Control>, TaskMetrics> {
    private static final long serialVersionUID = 1L;

    /** Records the operator cannot use, with the reason. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("continual-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Separator of a test sample's stream id: {@code <stream>/test/<task>}. */
    public static final String TEST_MARK = "/test/";

    public static final String HLOP = "hlop";
    public static final String NAIVE = "naive";

    private final ContinualConfig config;
    private final String jobName;
    private final String samplesTopic;
    private final String labelsTopic;
    private final String controlTopic;

    private transient ValueState<ContinualState> state;
    private transient MapState<Long, Sample> pendingSamples;
    /** Kafka position [partition, offset, timestamp ms] of each pending sample that has one (for its dead letter). */
    private transient MapState<Long, long[]> pendingPositions;
    private transient MapState<Long, Integer> pendingLabels;
    private transient ListState<Control> pendingControls;
    private transient double[] x;
    private transient Counter trainedSamples;
    private transient Counter testSamples;
    private transient Counter unlabelledSamples;
    private transient Counter tasksCompleted;
    private transient Counter rejected;
    private transient volatile double[] lastFigures;
    private transient SingleObjectCodec<Sample> sampleCodec;
    private transient SingleObjectCodec<Label> labelCodec;
    private transient SingleObjectCodec<Control> controlCodec;

    public ContinualLearnerFunction(ContinualConfig config, String jobName, String samplesTopic, String labelsTopic,
                                    String controlTopic) {
        this.config = config;
        this.jobName = jobName;
        this.samplesTopic = samplesTopic;
        this.labelsTopic = labelsTopic;
        this.controlTopic = controlTopic;
    }

    /** The stream a sample or label id belongs to: {@code S} for {@code S} and for {@code S/test/<j>}. */
    public static String streamOf(String streamId) {
        int i = streamId.indexOf(TEST_MARK);
        return i < 0 ? streamId : streamId.substring(0, i);
    }

    /** The task of a test sample id {@code S/test/<j>}; -1 for a training sample; -2 if the task is not a number. */
    public static int testTaskOf(String streamId) {
        int i = streamId.indexOf(TEST_MARK);
        if (i < 0) {
            return -1;
        }
        try {
            int t = Integer.parseInt(streamId.substring(i + TEST_MARK.length()));
            return t < 0 ? -2 : t;
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("continual-learners", ContinualStateSerializer.INSTANCE));
        pendingSamples = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-samples", Types.LONG,
                new AvroTypeInfo<>(Sample.class)));
        pendingLabels = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-labels", Types.LONG, Types.INT));
        // new state beside pending-samples (whose Avro serializer keeps no position): older savepoints restore as before
        pendingPositions = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-sample-positions",
                LongSerializer.INSTANCE, LongPrimitiveArraySerializer.INSTANCE));
        pendingControls = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-controls",
                new AvroTypeInfo<>(Control.class)));
        x = new double[config.inputs()];
        var metrics = getRuntimeContext().getMetricGroup();
        trainedSamples = metrics.counter("trainedSamples");
        testSamples = metrics.counter("testSamples");
        unlabelledSamples = metrics.counter("unlabelledSamples");
        tasksCompleted = metrics.counter("tasksCompleted");
        rejected = metrics.counter("deadLetters");
        // ACC/BWT of both learners after the last task closed (any stream of this subtask), NaN before
        lastFigures = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        metrics.gauge("hlopAcc", (Gauge<Double>) () -> lastFigures[0]);
        metrics.gauge("hlopBwt", (Gauge<Double>) () -> lastFigures[1]);
        metrics.gauge("naiveAcc", (Gauge<Double>) () -> lastFigures[2]);
        metrics.gauge("naiveBwt", (Gauge<Double>) () -> lastFigures[3]);
        sampleCodec = SingleObjectCodec.of(Sample.class);
        labelCodec = SingleObjectCodec.of(Label.class);
        controlCodec = SingleObjectCodec.of(Control.class);
    }

    @Override
    public void processElement1(Sample sample, Context ctx, Collector<TaskMetrics> out) throws Exception {
        String problem = check(sample);
        if (problem != null) {
            reject(ctx, samplesTopic, sample.getStreamId(), encode(sampleCodec, sample), problem, KafkaPosition.of(sample));
            return;
        }
        long t = sample.getStartTimeMicros();
        if (ctx.timerService().currentWatermark() >= t) {
            reject(ctx, samplesTopic, sample.getStreamId(), encode(sampleCodec, sample),
                    "late: starts at " + t + " µs, the stream's watermark is already at "
                            + ctx.timerService().currentWatermark(), KafkaPosition.of(sample));
            return;
        }
        if (pendingSamples.contains(t)) {
            reject(ctx, samplesTopic, sample.getStreamId(), encode(sampleCodec, sample),
                    "another sample of stream " + ctx.getCurrentKey() + " starts at " + t + " µs (one sample per start time)",
                    KafkaPosition.of(sample));
            return;
        }
        pendingSamples.put(t, sample);
        KafkaPosition at = KafkaPosition.of(sample);
        if (at != KafkaPosition.UNKNOWN) {
            pendingPositions.put(t, new long[] {at.partition(), at.offset(), at.timestampMillis()});
        }
        ctx.timerService().registerEventTimeTimer(t);
    }

    private String check(Sample s) {
        if (s.getValues().size() != config.inputs()) {
            return "has " + s.getValues().size() + " values, the job takes " + config.inputs() + " (--inputs)";
        }
        for (int i = 0; i < s.getValues().size(); i++) {
            Float v = s.getValues().get(i);
            if (v == null || !Float.isFinite(v)) {
                return "values[" + i + "] is " + v + ", not a finite number";
            }
        }
        if (testTaskOf(s.getStreamId()) == -2) {
            return "streamId '" + s.getStreamId() + "' has no task number after '" + TEST_MARK + "'";
        }
        if (testTaskOf(s.getStreamId()) >= config.maxTasks()) {
            return "test task " + testTaskOf(s.getStreamId()) + " >= maxTasks " + config.maxTasks();
        }
        return null;
    }

    @Override
    public void processElement2(Either<Label, Control> teaching, Context ctx, Collector<TaskMetrics> out)
            throws Exception {
        long wm = ctx.timerService().currentWatermark();
        if (teaching.isLeft()) {
            Label label = teaching.left();
            Integer c = label.getClassIndex();
            if (c == null || c < 0 || c >= config.classes()) {
                reject(ctx, labelsTopic, label.getStreamId(), encode(labelCodec, label),
                        "classIndex " + c + " is not a class of this job (0.." + (config.classes() - 1) + ")",
                        KafkaPosition.of(label));
                return;
            }
            if (wm >= label.getStartTimeMicros()) {
                reject(ctx, labelsTopic, label.getStreamId(), encode(labelCodec, label),
                        "late: its sample at " + label.getStartTimeMicros() + " µs was already processed (watermark " + wm + ")",
                        KafkaPosition.of(label));
                return;
            }
            pendingLabels.put(label.getStartTimeMicros(), c);
            return;
        }
        Control control = teaching.right();
        String problem = switch (control.getCommand()) {
            case TASK_BOUNDARY -> control.getTaskId() == null || control.getTaskId() < 0
                    || control.getTaskId() >= config.maxTasks()
                    ? "TASK_BOUNDARY needs a taskId in [0, " + config.maxTasks() + "), got " + control.getTaskId() : null;
            case FREEZE, UNFREEZE, RESET -> null;
            default -> "command " + control.getCommand() + " means nothing to the continual job";
        };
        if (problem != null) {
            reject(ctx, controlTopic, control.getStreamId(), encode(controlCodec, control), problem,
                    KafkaPosition.of(control));
            return;
        }
        // applied in event-time order with the samples; one already due applies before the next sample
        long at = Math.max(control.getTimeMicros(), wm + 1);
        control.setTimeMicros(at);
        pendingControls.add(control);
        ctx.timerService().registerEventTimeTimer(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TaskMetrics> out) throws Exception {
        ContinualState st = state.value();
        if (st == null) {
            st = new ContinualState();
        }
        applyControls(st, timestamp, ctx, out);
        Sample sample = pendingSamples.get(timestamp);
        if (sample != null) {
            pendingSamples.remove(timestamp);
            long[] at = pendingPositions.get(timestamp);
            if (at != null) {
                pendingPositions.remove(timestamp);
                sample = new SourcedSample(sample, new KafkaPosition((int) at[0], at[1], at[2]));
            }
            Integer label = pendingLabels.get(timestamp);
            if (label != null) {
                pendingLabels.remove(timestamp);
            }
            process(st, sample, label, ctx);
        } else if (pendingLabels.contains(timestamp)) {
            pendingLabels.remove(timestamp); // a label without a sample: nothing to teach
        }
        state.update(st);
    }

    private void applyControls(ContinualState st, long timestamp, OnTimerContext ctx, Collector<TaskMetrics> out)
            throws Exception {
        List<Control> due = new ArrayList<>();
        List<Control> later = new ArrayList<>();
        for (Control c : pendingControls.get()) {
            (c.getTimeMicros() <= timestamp ? due : later).add(c);
        }
        if (due.isEmpty()) {
            return;
        }
        pendingControls.update(later);
        due.sort(Comparator.comparingLong(Control::getTimeMicros).thenComparingLong(Control::getSequence));
        for (Control c : due) {
            switch (c.getCommand()) {
                case TASK_BOUNDARY -> boundary(st, c.getTaskId(), c.getTimeMicros(), ctx.getCurrentKey(), out);
                case FREEZE -> st.frozen = true;
                case UNFREEZE -> st.frozen = false;
                case RESET -> {
                    ContinualState fresh = new ContinualState();
                    st.hlop = fresh.hlop;
                    st.naive = fresh.naive;
                    st.task = -1;
                    st.trained = 0;
                    st.startWindow();
                    st.hlopDiagonal = fresh.hlopDiagonal;
                    st.naiveDiagonal = fresh.naiveDiagonal;
                    st.tested = fresh.tested;
                    st.hlopCorrect = fresh.hlopCorrect;
                    st.naiveCorrect = fresh.naiveCorrect;
                }
                default -> { }
            }
        }
    }

    private void ensureLearners(ContinualState st) {
        if (st.hlop == null) {
            HlopMlp.Config c = config.network();
            st.hlop = new HlopMlp(new HlopMlp.Config(c.inputs(), c.hidden(), c.classes(), c.learningRate(),
                    c.inputComponentsPerTask(), c.hiddenComponentsPerTask(), c.hebbianEpochs(), c.hebbianEta(), true,
                    c.seed()));
            st.naive = new HlopMlp(c.naive());
            st.buffer = new float[config.taskBufferSize()][];
        }
    }

    private void process(ContinualState st, Sample sample, Integer label, OnTimerContext ctx) throws Exception {
        ensureLearners(st);
        if (st.task < 0) {
            st.task = 0; // samples before any boundary belong to task 0
            st.ensureTask(0);
        }
        List<Float> values = sample.getValues();
        for (int i = 0; i < x.length; i++) {
            x[i] = values.get(i);
        }
        int testTask = testTaskOf(sample.getStreamId());
        if (testTask >= 0) {
            if (label == null) {
                reject(ctx, samplesTopic, sample.getStreamId(), encode(sampleCodec, sample),
                        "test sample without a label at " + sample.getStartTimeMicros() + " µs: nothing to score it against",
                        KafkaPosition.of(sample));
                return;
            }
            st.ensureTask(testTask);
            st.tested[testTask]++;
            if (st.hlop.predict(x) == label) {
                st.hlopCorrect[testTask]++;
            }
            if (st.naive.predict(x) == label) {
                st.naiveCorrect[testTask]++;
            }
            testSamples.inc();
            return;
        }
        if (label == null) {
            unlabelledSamples.inc();
            return;
        }
        if (st.frozen) {
            return;
        }
        st.hlop.learn(x, label);
        st.naive.learn(x, label);
        st.trained++;
        trainedSamples.inc();
        offer(st, x);
    }

    /** Reservoir sampling (Vitter's algorithm R) of the task's training inputs, seeded per task. */
    private void offer(ContinualState st, double[] input) {
        long seen = st.taskSeen++;
        int slot;
        if (st.buffered < st.buffer.length) {
            slot = st.buffered++;
        } else {
            long r = new SplittableRandom(config.network().seed() * 1_000_003L + st.task * 7919L + seen).nextLong(seen + 1);
            if (r >= st.buffer.length) {
                return;
            }
            slot = (int) r;
        }
        float[] f = st.buffer[slot];
        if (f == null) {
            f = new float[input.length];
            st.buffer[slot] = f;
        }
        for (int i = 0; i < input.length; i++) {
            f[i] = (float) input[i];
        }
    }

    private void boundary(ContinualState st, int next, long timeMicros, String stream, Collector<TaskMetrics> out) {
        if (st.task >= 0 && next == st.task) {
            return; // repeated boundary of the running task
        }
        if (st.task >= 0 && st.hlop != null) {
            emit(st, timeMicros, stream, out);
            double[][] inputs = new double[st.buffered][];
            for (int i = 0; i < st.buffered; i++) {
                inputs[i] = new double[st.buffer[i].length];
                for (int j = 0; j < inputs[i].length; j++) {
                    inputs[i][j] = st.buffer[i][j];
                }
            }
            st.hlop.endTask(inputs);
            st.naive.endTask(inputs);
            tasksCompleted.inc();
        }
        st.task = next;
        st.ensureTask(next);
        st.startWindow();
    }

    private void emit(ContinualState st, long timeMicros, String stream, Collector<TaskMetrics> out) {
        int i = st.task;
        st.ensureTask(i);
        int n = st.tested.length;
        double[] hlopRow = new double[n];
        double[] naiveRow = new double[n];
        List<Long> counts = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            hlopRow[j] = st.tested[j] == 0 ? Double.NaN : st.hlopCorrect[j] / (double) st.tested[j];
            naiveRow[j] = st.tested[j] == 0 ? Double.NaN : st.naiveCorrect[j] / (double) st.tested[j];
            counts.add(st.tested[j]);
        }
        st.hlopDiagonal[i] = hlopRow[i];
        st.naiveDiagonal[i] = naiveRow[i];
        double[] h = figures(hlopRow, st.hlopDiagonal, i);
        double[] v = figures(naiveRow, st.naiveDiagonal, i);
        lastFigures = new double[] {h[0], h[1], v[0], v[1]};
        long now = System.currentTimeMillis();
        out.collect(record(stream, HLOP, i, hlopRow, counts, h, st.trained, timeMicros, now));
        out.collect(record(stream, NAIVE, i, naiveRow, counts, v, st.trained, timeMicros, now));
    }

    /** [ACC, BWT] of row {@code i} given the diagonal (accuracy right after each task). */
    static double[] figures(double[] row, double[] diagonal, int i) {
        double[][] r = new double[i + 1][];
        for (int k = 0; k <= i; k++) {
            r[k] = new double[i + 1];
            r[k][k] = diagonal[k];
        }
        r[i] = Arrays.copyOf(row, i + 1);
        return new double[] {ContinualMetrics.averageAccuracy(r), ContinualMetrics.backwardTransfer(r)};
    }

    private TaskMetrics record(String stream, String learner, int task, double[] row, List<Long> counts,
                               double[] figures, long trained, long timeMicros, long now) {
        List<Double> accuracies = new ArrayList<>(row.length);
        for (double a : row) {
            accuracies.add(a);
        }
        return TaskMetrics.newBuilder()
                .setId(jobName + "/" + stream + "/" + learner + "/" + task)
                .setJob(jobName)
                .setStreamId(stream)
                .setLearner(learner)
                .setAfterTask(task)
                .setAccuracies(accuracies)
                .setTestCounts(counts)
                .setAcc(figures[0])
                .setBwt(figures[1])
                .setTrainedSamples(trained)
                .setTimeMicros(timeMicros)
                .setEmitTimeMillis(now)
                .build();
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> ByteBuffer encode(SingleObjectCodec<T> codec,
                                                                                           T record) {
        try {
            return ByteBuffer.wrap(codec.encode(record));
        } catch (Exception e) {
            return null;
        }
    }

    /** {@code at}: where the decode step read the record ({@link KafkaPosition#UNKNOWN}, -1, if not from Kafka). */
    private void reject(Context ctx, String topic, String key, ByteBuffer value, String reason, KafkaPosition at) {
        rejected.inc();
        // the value is the record re-encoded
        ctx.output(DEAD_LETTERS, new DeadLetter(topic, at.partition(), at.offset(), at.timestampMillis(),
                ByteBuffer.wrap(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)), value, reason, jobName,
                System.currentTimeMillis()));
    }
}
