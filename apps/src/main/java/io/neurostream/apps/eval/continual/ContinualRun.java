package io.neurostream.apps.eval.continual;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.apps.plot.Figure;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.RecordProducer;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.continual.ContinualConfig;
import io.neurostream.flink.continual.ContinualLearnerFunction;
import io.neurostream.jobs.continual.ContinualJob;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.TaskMetrics;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Runs a {@link TaskStream} through the real pipeline: an embedded Kafka broker, the
 * {@link ContinualJob} on a Flink MiniCluster (bounded sources), and the job's {@code TaskMetrics}
 * read back read_committed from {@code continual.metrics}. Stream layout (one clock, 1 ms per
 * sample): {@code TASK_BOUNDARY(t)}, task t's training samples {@code epochs} times (shuffled per
 * pass, seeded), then the test samples of tasks 0..t as {@code <stream>/test/<j>}; after the last
 * task one more boundary closes it. Every sample has its label on {@code labels}.
 */
public final class ContinualRun {
    private static final long SAMPLE_MICROS = 1_000;

    /** The accuracy matrices of both learners, rows = after task i, columns = task j (NaN: not tested). */
    public record Result(double[][] hlop, double[][] naive, double[] hlopAcc, double[] hlopBwt, double[] naiveAcc,
                         double[] naiveBwt, long samplesSent, long deadLetters, double jobSeconds) {
        public double finalHlopAcc() {
            return hlopAcc[hlopAcc.length - 1];
        }

        public double finalHlopBwt() {
            return hlopBwt[hlopBwt.length - 1];
        }

        public double finalNaiveAcc() {
            return naiveAcc[naiveAcc.length - 1];
        }

        public double finalNaiveBwt() {
            return naiveBwt[naiveBwt.length - 1];
        }
    }

    private ContinualRun() {
    }

    public static Result run(TaskStream stream, ContinualConfig config, long seed, Consumer<String> progress)
            throws Exception {
        NeurostreamTopics topics = NeurostreamTopics.defaults(1);
        String samplesTopic = ContinualJob.SAMPLES_TOPIC;
        String metricsTopic = ContinualJob.METRICS_TOPIC;
        int tasks = stream.tasks().size();
        try (LocalRunner runner = LocalRunner.start(null, topics)) {
            TopicAdmin.createTopics(runner.bootstrapServers(), List.of(new NewTopic(samplesTopic, 1, (short) 1),
                    new NewTopic(metricsTopic, 1, (short) 1)));
            long sent = produce(runner.bootstrapServers(), topics, samplesTopic, stream, seed, progress);
            progress.accept(String.format(Locale.ROOT, "%s: %,d samples + labels in Kafka; starting the continual job",
                    stream.name(), sent));
            long start = System.nanoTime();
            runner.submit(new LocalFlink(1, 10_000, "hashmap", 0, -1, false), "continual-" + stream.name(),
                    env -> ContinualJob.onKafka(runner.bootstrapServers(), topics, samplesTopic, metricsTopic,
                            ContinualJob.NAME, DeliveryMode.EXACTLY_ONCE, true,
                            ContinualJob.Settings.of(config)).build(env));
            double[][] hlop = nanMatrix(tasks);
            double[][] naive = nanMatrix(tasks);
            double[][] figures = new double[4][tasks];
            for (double[] f : figures) {
                java.util.Arrays.fill(f, Double.NaN);
            }
            SingleObjectCodec<TaskMetrics> codec = SingleObjectCodec.of(TaskMetrics.class);
            int rows = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = TopicRecords.fromStart(runner.bootstrapServers(), metricsTopic)) {
                int emptyAfterEnd = 0;
                while (rows < 2 * tasks) {
                    var polled = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<byte[], byte[]> r : polled) {
                        TaskMetrics m = codec.decode(r.value());
                        int i = m.getAfterTask();
                        if (i < 0 || i >= tasks) {
                            continue;
                        }
                        boolean isHlop = m.getLearner().equals(ContinualLearnerFunction.HLOP);
                        double[][] into = isHlop ? hlop : naive;
                        for (int j = 0; j < Math.min(tasks, m.getAccuracies().size()); j++) {
                            into[i][j] = m.getAccuracies().get(j);
                        }
                        figures[isHlop ? 0 : 2][i] = m.getAcc();
                        figures[isHlop ? 1 : 3][i] = m.getBwt();
                        rows++;
                        if (!isHlop) {
                            progress.accept(String.format(Locale.ROOT,
                                    "%s: after task %d/%d (%s): HLOP ACC %.2f%% BWT %+.2f%% | naive ACC %.2f%% BWT %+.2f%%"
                                            + " | %.0f s", stream.name(), i + 1, tasks, stream.tasks().get(i).name(),
                                    100 * figures[0][i], 100 * figures[1][i], 100 * figures[2][i], 100 * figures[3][i],
                                    (System.nanoTime() - start) / 1e9));
                        }
                    }
                    // the last transaction commits as the job finishes: give it a few empty polls before giving up
                    if (rows < 2 * tasks && polled.isEmpty() && runner.job().getJobStatus().get().isGloballyTerminalState()
                            && ++emptyAfterEnd > 10) {
                        throw new IllegalStateException("the continual job ended (" + runner.job().getJobStatus().get()
                                + ") after " + rows / 2 + " of " + tasks + " tasks' metrics; see the log");
                    }
                }
            }
            double jobSeconds = (System.nanoTime() - start) / 1e9;
            long dead = TopicRecords.count(runner.bootstrapServers(), topics.deadLetters());
            return new Result(hlop, naive, figures[0], figures[1], figures[2], figures[3], sent, dead, jobSeconds);
        }
    }

    private static double[][] nanMatrix(int n) {
        double[][] m = new double[n][n];
        for (double[] row : m) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        return m;
    }

    /** Writes the whole stream (samples, labels, controls) into Kafka; returns the samples sent. */
    static long produce(String bootstrap, NeurostreamTopics topics, String samplesTopic, TaskStream stream, long seed,
                        Consumer<String> progress) {
        SingleObjectCodec<Sample> samples = SingleObjectCodec.of(Sample.class);
        SingleObjectCodec<Label> labels = SingleObjectCodec.of(Label.class);
        SingleObjectCodec<Control> controls = SingleObjectCodec.of(Control.class);
        String id = stream.name();
        long total = stream.sampleCount();
        long sent = 0;
        long t = 0;
        long[] sequence = {0, 0};
        SplittableRandom order = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long lastReport = System.nanoTime();
        try (RecordProducer producer = new RecordProducer(bootstrap, 50, 8 << 20)) {
            for (int task = 0; task <= stream.tasks().size(); task++) {
                producer.send(topics.control(), id, controls.encode(Control.newBuilder().setStreamId(id)
                        .setSequence(sequence[1]++).setTimeMicros(t).setCommand(ControlCommand.TASK_BOUNDARY)
                        .setTaskId(task).setNote(task < stream.tasks().size() ? "start of task " + task : "end of stream")
                        .build()));
                if (task == stream.tasks().size()) {
                    break;
                }
                TaskStream.Task current = stream.tasks().get(task);
                int n = current.trainX().length;
                int[] idx = new int[n];
                for (int e = 0; e < stream.epochs(); e++) {
                    for (int i = 0; i < n; i++) {
                        idx[i] = i;
                    }
                    for (int i = n - 1; i > 0; i--) {
                        int j = order.nextInt(i + 1);
                        int tmp = idx[i];
                        idx[i] = idx[j];
                        idx[j] = tmp;
                    }
                    for (int i = 0; i < n; i++) {
                        send(producer, samples, labels, samplesTopic, topics.labels(), id, sequence, t,
                                current.trainX()[idx[i]], current.trainY()[idx[i]]);
                        t += SAMPLE_MICROS;
                        sent++;
                    }
                }
                for (int j = 0; j <= task; j++) {
                    TaskStream.Task tested = stream.tasks().get(j);
                    String testId = id + ContinualLearnerFunction.TEST_MARK + j;
                    for (int i = 0; i < tested.testX().length; i++) {
                        send(producer, samples, labels, samplesTopic, topics.labels(), testId, sequence, t,
                                tested.testX()[i], tested.testY()[i]);
                        t += SAMPLE_MICROS;
                        sent++;
                    }
                }
                if (System.nanoTime() - lastReport > 2e9) {
                    lastReport = System.nanoTime();
                    progress.accept(String.format(Locale.ROOT, "%s: producing %,d / %,d samples", id, sent, total));
                }
            }
            producer.flush();
        }
        return sent;
    }

    private static void send(RecordProducer producer, SingleObjectCodec<Sample> samples, SingleObjectCodec<Label> labels,
                             String samplesTopic, String labelsTopic, String streamId, long[] sequence, long t,
                             double[] x, int y) {
        List<Float> values = new ArrayList<>(x.length);
        for (double v : x) {
            values.add((float) v);
        }
        producer.send(samplesTopic, streamId, samples.encode(Sample.newBuilder().setStreamId(streamId)
                .setSequence(sequence[0]).setStartTimeMicros(t).setEndTimeMicros(t + SAMPLE_MICROS).setValues(values)
                .build()));
        producer.send(labelsTopic, streamId, labels.encode(Label.newBuilder().setStreamId(streamId)
                .setSequence(sequence[0]++).setStartTimeMicros(t).setEndTimeMicros(t + SAMPLE_MICROS).setClassIndex(y)
                .build()));
    }

    /**
     * Two pictures: the accuracy matrices of both learners (task tested x after task), and the
     * accuracy over the stream (ACC after each task, and task 0's accuracy, for both).
     */
    public static List<Path> pictures(String name, String[] taskNames, Result r, Path dir) throws Exception {
        Files.createDirectories(dir);
        int n = taskNames.length;
        String[] after = new String[n];
        for (int i = 0; i < n; i++) {
            after[i] = "after " + i;
        }
        List<Figure> panels = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            double[][] m = k == 0 ? r.hlop() : r.naive();
            double[][] cells = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    cells[i][j] = Double.isNaN(m[i][j]) ? 0 : m[i][j];
                }
            }
            panels.add(new Figure(name + ": accuracy matrix, " + (k == 0 ? "HLOP" : "naive"), 720, 420)
                    .categories("task tested", taskNames, "after training task", after)
                    .cells(cells, 0, 1, Figure.whiteToBlue(), "accuracy", n <= 10)
                    .caption(String.format(Locale.ROOT, "ACC %.2f%%, BWT %+.2f%% (rows: after each task; blank: not yet tested)",
                            100 * (k == 0 ? r.finalHlopAcc() : r.finalNaiveAcc()),
                            100 * (k == 0 ? r.finalHlopBwt() : r.finalNaiveBwt()))));
        }
        Path matrix = dir.resolve(name + "-accuracy-matrix.png");
        Figure.writeStacked(panels, matrix);

        double[] xs = new double[n];
        double[] first = new double[n];
        double[] firstNaive = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i + 1;
            first[i] = 100 * r.hlop()[i][0];
            firstNaive[i] = 100 * r.naive()[i][0];
        }
        Figure f = new Figure(name + ": accuracy over the stream", 720, 380)
                .x("tasks trained", 0.5, n + 0.5).y("accuracy (%)", 0, 100).grid()
                .line(xs, scale(r.hlopAcc()), n, Figure.BLUE, "HLOP: ACC (mean over tasks so far)")
                .line(xs, scale(r.naiveAcc()), n, Figure.ORANGE, "naive: ACC")
                .line(xs, first, n, Figure.GREEN, "HLOP: task 0")
                .line(xs, firstNaive, n, Figure.RED, "naive: task 0")
                .caption("read back from continual.metrics (TaskMetrics) after each task boundary");
        Path stream = dir.resolve(name + "-accuracy-over-stream.png");
        f.write(stream);
        return List.of(matrix, stream);
    }

    private static double[] scale(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = 100 * v[i];
        }
        return out;
    }

    /** The accuracy matrix as nested lists for the JSON (NaN as null). */
    public static List<List<Double>> rows(double[][] m) {
        List<List<Double>> out = new ArrayList<>();
        for (double[] row : m) {
            List<Double> r = new ArrayList<>();
            for (double v : row) {
                r.add(Double.isNaN(v) ? null : Math.round(v * 10_000) / 10_000.0);
            }
            out.add(r);
        }
        return out;
    }

}
