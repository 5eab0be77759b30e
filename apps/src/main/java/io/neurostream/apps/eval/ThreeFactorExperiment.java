package io.neurostream.apps.eval;

import io.neurostream.apps.common.LocalDemo;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.RunSettings;
import io.neurostream.apps.plot.Figure;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.sim.MnistDigits;
import io.neurostream.connectors.sim.SaccadeDvsSimulator;
import io.neurostream.connectors.sim.SimulatedNmnistStream;
import io.neurostream.flink.learning.LearningConfig;
import io.neurostream.flink.learning.ReadoutKind;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * {@code neurostream eval three-factor}: the local, error-modulated three-factor Hebbian readout
 * against RLS on the same features. Simulated N-MNIST (MNIST digits through the saccade DVS simulator)
 * is produced into the embedded broker's {@code dvs.events}/{@code labels} three times, as three sensors
 * with identical events and labels; one dvs-classify job on a MiniCluster learns each sensor with another
 * readout ({@code --stream-readout}): RLS (the baseline), three-factor, and plain NLMS (for reference).
 * Predictions are read back read_committed; the held-out samples (no label sent) are scored per readout.
 * Target: three-factor within 3 points of RLS.
 */
public final class ThreeFactorExperiment implements Experiment {
    static final String RLS_SENSOR = "sim-nmnist-rls";
    static final String HEBBIAN_SENSOR = "sim-nmnist-three-factor";
    static final String LMS_SENSOR = "sim-nmnist-lms";
    private static final List<String> SENSORS = List.of(RLS_SENSOR, HEBBIAN_SENSOR, LMS_SENSOR);
    private static final int DIGITS = 10_000;
    static final String NAME = "three-factor";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "three-factor Hebbian readout vs RLS on the same LSM features (simulated N-MNIST, dvs-classify through Kafka)";
    }

    @Override
    public EvalReport run(EvalSettings settings) throws Exception {
        int train = settings.full() ? 8_000 : 300;
        int test = settings.full() ? 2_000 : 100;
        Duration timeout = settings.full() ? Duration.ofMinutes(120) : Duration.ofMinutes(8);
        try (Run run = new Run(settings, train, test, timeout)) {
            return run.execute();
        }
    }

    /** One run: broker, job, replay of the three identical streams, scoring. */
    static final class Run extends LocalDemo {
        private final EvalSettings settings;
        private final int train;
        private final int test;
        private final Duration timeout;

        Run(EvalSettings settings, int train, int test, Duration timeout) {
            super(null);
            this.settings = settings;
            this.train = train;
            this.test = test;
            this.timeout = timeout;
        }

        private int digitIndex(int sample) {
            return sample < train ? sample : DIGITS - 1 - (sample - train); // held out: from the other end
        }

        EvalReport execute() throws Exception {
            long startNanos = System.nanoTime();
            RunSettings runSettings = RunSettings.single();
            NeurostreamTopics topics = runSettings.topics();
            LocalRunner runner = startRunner(topics);
            DvsClassifyJob.Settings jobSettings = DvsClassifyJob.Settings.defaults();
            LearningConfig learning = LearningConfig.defaults().withStreamReadouts(Map.of(RLS_SENSOR, ReadoutKind.RLS,
                    HEBBIAN_SENSOR, ReadoutKind.THREE_FACTOR, LMS_SENSOR, ReadoutKind.LMS));
            runner.submit(runSettings.flink(1, false), "dvs-classify", env -> DvsClassifyJob.onKafka(
                    runner.bootstrapServers(), topics, "three-factor-eval", runSettings.deliveryMode(), false, jobSettings)
                    .withLearning(learning).build(env));
            MnistDigits digits = MnistDigits.bundled();
            long slotMicros = jobSettings.learner().windowMicros();
            int samples = train + test;
            int[] truth = new int[samples];
            for (int i = 0; i < samples; i++) {
                truth[i] = digits.label(digitIndex(i));
            }
            Thread replayer = startReplay("three-factor-replayer", () -> {
                try (KafkaReplayTarget target = new KafkaReplayTarget(runner.bootstrapServers(), topics, 2)) {
                    List<SimulatedNmnistStream> streams = new ArrayList<>();
                    for (String sensor : SENSORS) {
                        streams.add(new SimulatedNmnistStream(digits,
                                new SaccadeDvsSimulator(SaccadeDvsSimulator.Params.nmnistLike()), sensor, slotMicros,
                                4096, settings.seed()));
                    }
                    SimulatedNmnistStream.Sink sink = new SimulatedNmnistStream.Sink() {
                        @Override
                        public void label(Label label) {
                            target.label(label);
                        }

                        @Override
                        public void packet(EventPacket packet) {
                            target.packet(packet);
                        }
                    };
                    for (int i = 0; i < samples && !stopped(); i++) {
                        for (SimulatedNmnistStream s : streams) {
                            s.emitSample(i, digitIndex(i), i < train, sink);
                        }
                    }
                    target.flush();
                }
            });
            // per sensor and sample: 1 correct, 0 wrong, -1 not predicted yet
            Map<String, int[]> outcome = new LinkedHashMap<>();
            Map<String, int[][]> confusion = new LinkedHashMap<>();
            for (String s : SENSORS) {
                int[] o = new int[samples];
                java.util.Arrays.fill(o, -1);
                outcome.put(s, o);
                confusion.put(s, new int[10][10]);
            }
            int seen = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextProgress = 0;
            TopicEnd end = new TopicEnd(2 * runSettings.checkpointMillis() + 2_000);
            try (KafkaConsumer<byte[], byte[]> consumer = runner.committedConsumer("three-factor-scorer",
                    List.of(topics.predictions()))) {
                while (!stopped()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("three-factor: " + seen + " of " + 3 * samples
                                + " predictions after " + timeout.toMinutes() + " min; the job is too slow on this machine");
                    }
                    List<Received> received = pollPredictions(consumer, Duration.ofMillis(200));
                    for (Received r : received) {
                        Prediction p = r.prediction();
                        int[] o = outcome.get(p.getStreamId());
                        int sample = (int) (p.getWindowStartMicros() / slotMicros);
                        if (o == null || sample < 0 || sample >= samples || o[sample] >= 0) {
                            continue;
                        }
                        Integer predicted = p.getPredictedClass();
                        o[sample] = predicted != null && predicted == truth[sample] ? 1 : 0;
                        if (sample >= train && predicted != null && predicted >= 0 && predicted < 10) {
                            confusion.get(p.getStreamId())[truth[sample]][predicted]++;
                        }
                        seen++;
                    }
                    double elapsed = (System.nanoTime() - startNanos) / 1e9;
                    if (elapsed >= nextProgress) {
                        nextProgress = (long) elapsed + 5;
                        settings.progress().accept(String.format(Locale.ROOT,
                                "three-factor: %,d / %,d predictions (3 readouts x %,d samples), %.0f s", seen,
                                3 * samples, samples, elapsed));
                    }
                    if (seen == 3 * samples && end.reached(consumer, received.size())) {
                        break;
                    }
                }
            }
            replayer.join(10_000);
            double rls = heldOut(outcome.get(RLS_SENSOR));
            double hebbian = heldOut(outcome.get(HEBBIAN_SENSOR));
            double lms = heldOut(outcome.get(LMS_SENSOR));
            List<Path> pictures = pictures(outcome, confusion.get(HEBBIAN_SENSOR), rls, hebbian, lms);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("trainSamples", train);
            details.put("testSamples", test);
            details.put("data", "simulated N-MNIST: MNIST digits 0.." + (train - 1) + " (train, labelled) and "
                    + (DIGITS - test) + ".." + (DIGITS - 1) + " (held out) through the saccade DVS simulator, seed "
                    + settings.seed());
            details.put("features", jobSettings.learner().liquid().featureCount() + " (LSM " + jobSettings.learner().liquid()
                    .neuronCount() + " neurons x " + jobSettings.learner().liquid().timeBins() + " time bins + bias)");
            details.put("pipeline", "3 sensors with identical events/labels -> Kafka -> dvs-classify (MiniCluster, "
                    + "--stream-readout) -> predictions read_committed");
            details.put("lmsHeldOutAccuracy", lms);
            details.put("rlsPrequentialLast500", prequential(outcome.get(RLS_SENSOR), train));
            details.put("threeFactorPrequentialLast500", prequential(outcome.get(HEBBIAN_SENSOR), train));
            details.put("threeFactorParams", "mu " + learning.hebbianMu() + ", epsilon " + learning.hebbianEpsilon()
                    + ", weight average rate " + learning.hebbianAverageRate());
            List<EvalResult> results = List.of(
                    new EvalResult(NAME, "three-factor readout, held-out accuracy (" + test + " samples)", "accuracy",
                            hebbian, "RLS readout, same features and split", rls, rls - 0.03, true, details),
                    new EvalResult(NAME, "NLMS readout (reference), held-out accuracy", "accuracy", lms,
                            "RLS readout, same features and split", rls, Double.NaN, true, Map.of()));
            return new EvalReport(NAME, results, pictures, (System.nanoTime() - startNanos) / 1e9);
        }

        private double heldOut(int[] outcome) {
            int correct = 0;
            for (int i = train; i < outcome.length; i++) {
                correct += outcome[i] == 1 ? 1 : 0;
            }
            return correct / (double) test;
        }

        private static double prequential(int[] outcome, int train) {
            int from = Math.max(0, train - 500);
            int correct = 0;
            for (int i = from; i < train; i++) {
                correct += outcome[i] == 1 ? 1 : 0;
            }
            return correct / (double) (train - from);
        }

        private List<Path> pictures(Map<String, int[]> outcome, int[][] confusion, double rls, double hebbian, double lms)
                throws java.io.IOException {
            Files.createDirectories(settings.pngDir());
            Path accuracy = settings.pngDir().resolve("three-factor-accuracy.png");
            int window = Math.max(20, Math.min(500, train / 10));
            Figure f = new Figure("three-factor vs RLS: accuracy over the stream (same LSM features)", 1200, 560)
                    .x("training sample (prediction made before learning from it)", 0, train).y("accuracy", 0, 1).grid();
            String[] names = {"RLS", "three-factor", "NLMS"};
            java.awt.Color[] colors = {Figure.BLUE, Figure.ORANGE, Figure.GREY};
            for (int k = 0; k < SENSORS.size(); k++) {
                int[] o = outcome.get(SENSORS.get(k));
                int n = Math.max(0, train - window + 1);
                double[] xs = new double[n];
                double[] ys = new double[n];
                int correct = 0;
                for (int i = 0; i < train; i++) {
                    correct += o[i] == 1 ? 1 : 0;
                    if (i >= window) {
                        correct -= o[i - window] == 1 ? 1 : 0;
                    }
                    if (i >= window - 1) {
                        xs[i - window + 1] = i;
                        ys[i - window + 1] = correct / (double) window;
                    }
                }
                f.line(xs, ys, n, colors[k], names[k] + " (running mean of " + window + ")");
            }
            f.rule(rls, Figure.BLUE, String.format(Locale.ROOT, "RLS held out %.1f%%", 100 * rls), true)
                    .rule(hebbian, Figure.ORANGE, String.format(Locale.ROOT, "three-factor held out %.1f%%", 100 * hebbian), true)
                    .rule(lms, Figure.GREY, String.format(Locale.ROOT, "NLMS held out %.1f%%", 100 * lms), true)
                    .caption(String.format(Locale.ROOT, "simulated N-MNIST, %,d labelled + %,d held-out samples, one pass; "
                            + "three identical streams through Kafka into one dvs-classify job, one readout each", train, test))
                    .write(accuracy);
            Path matrix = settings.pngDir().resolve("three-factor-confusion.png");
            double[][] rows = new double[10][10];
            for (int t = 0; t < 10; t++) {
                int sum = 0;
                for (int c = 0; c < 10; c++) {
                    sum += confusion[t][c];
                }
                for (int c = 0; c < 10; c++) {
                    rows[t][c] = sum == 0 ? 0 : confusion[t][c] / (double) sum;
                }
            }
            String[] digitsNames = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
            new Figure("three-factor readout: held-out confusion (row = true digit)", 760, 720)
                    .categories("predicted", digitsNames, "true", digitsNames)
                    .cells(rows, 0, 1, Figure.whiteToBlue(), "share of the row", true)
                    .write(matrix);
            return List.of(accuracy, matrix);
        }
    }
}
