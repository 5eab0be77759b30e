package io.neurostream.apps.dvs;

import io.neurostream.apps.common.LocalDemo;
import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.Percentiles;
import io.neurostream.apps.common.RunSettings;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.sim.MnistDigits;
import io.neurostream.connectors.sim.SaccadeDvsSimulator;
import io.neurostream.connectors.sim.SimulatedNmnistStream;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The whole first-run experience in one process: a real Kafka broker (KRaft, loopback), a Flink
 * MiniCluster running {@link DvsClassifyJob}, a replayer streaming MNIST digits turned into DVS
 * events (labelled training samples, then held-out samples without labels), and a read_committed
 * consumer scoring the predictions.
 *
 * <p>Training digits are MNIST indices {@code 0 .. train-1}; held-out digits are taken from the
 * other end of the set ({@code 9999, 9998, ...}), so the two never overlap.
 */
public final class DvsDemo extends LocalDemo {
    public static final String SENSOR_ID = "sim-nmnist-0";
    /** linger.ms of the replayer: a little batching, the simulator is fast. */
    private static final int LINGER_MILLIS = 2;

    /** Receives progress about once a second. */
    public interface ProgressListener {
        void progress(Progress progress);
    }

    /** A progress snapshot. */
    public record Progress(long eventsSent, double eventsPerSecond, int samplesSent, int predictions, int samples,
                           int heldOutScored, int heldOutCorrect, double elapsedSeconds, double etaSeconds,
                           int recoveries) {}

    /** Consumer group of the scorer: a later run against the same topics goes on from its committed offsets. */
    private static final String SCORER_GROUP = "neurostream-demo-scorer";

    private final DemoOptions options;
    /** Held-out confusion matrix [true][predicted] of the last run (predictions without a class are not counted). */
    private final int[][] heldOutConfusion = new int[10][10];

    /**
     * A demo against an existing Kafka cluster ({@code bootstrapServers}), or on its own embedded
     * broker when null. Topics are created if missing; they should be empty.
     */
    public DvsDemo(DemoOptions options, String bootstrapServers) {
        super(bootstrapServers);
        this.options = options;
    }

    /**
     * dvs-classify's MiniCluster: in low-latency mode network buffers leave after 1 ms (aligned
     * checkpoints); exactly-once keeps Flink's defaults.
     */
    static LocalFlink flink(RunSettings settings) {
        return settings.flink(1, false);
    }

    /** Runs the demo to the end (all predictions seen, timeout, or {@link #close()}). */
    public DemoSummary run(ProgressListener listener) throws Exception {
        long startNanos = System.nanoTime();
        RunSettings settings = options.runSettings();
        NeurostreamTopics topics = settings.topics();
        try {
            LocalRunner runner = startRunner(topics);
            runner.submit(flink(settings), "dvs-classify", env -> DvsClassifyJob.onKafka(runner.bootstrapServers(),
                    topics, "dvs-classify-demo", settings.deliveryMode(), false, DvsClassifyJob.Settings.defaults())
                    .build(env));

            MnistDigits digits = MnistDigits.bundled();
            SimulatedNmnistStream stream = new SimulatedNmnistStream(digits,
                    new SaccadeDvsSimulator(SaccadeDvsSimulator.Params.nmnistLike()), SENSOR_ID,
                    DvsClassifyJob.Settings.defaults().learner().windowMicros(), options.maxEventsPerPacket(),
                    options.seed());
            int[] trueLabel = new int[options.samples()];
            for (int i = 0; i < options.samples(); i++) {
                trueLabel[i] = digits.label(digitIndex(i));
            }
            AtomicLong eventsSent = new AtomicLong();
            AtomicLong samplesSent = new AtomicLong();
            Thread replayer = startReplay("neurostream-replayer",
                    () -> replay(runner.bootstrapServers(), topics, stream, eventsSent, samplesSent));
            DemoSummary summary = collect(runner, trueLabel, eventsSent, samplesSent, listener, startNanos);
            replayer.join(10_000);
            return summary;
        } finally {
            close();
        }
    }

    private int digitIndex(int sample) {
        return sample < options.trainSamples() ? sample : DemoOptions.DIGITS_AVAILABLE - 1 - (sample - options.trainSamples());
    }

    private void replay(String bootstrap, NeurostreamTopics topics, SimulatedNmnistStream stream, AtomicLong eventsSent,
                        AtomicLong samplesSent) {
        int malformedEvery = options.malformedMessages() == 0 ? 0
                : Math.max(1, options.samples() / (options.malformedMessages() + 1));
        int malformedSent = 0;
        try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrap, topics, LINGER_MILLIS)) {
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
            for (int i = 0; i < options.samples() && !stopped(); i++) {
                if (malformedEvery > 0 && i > 0 && i % malformedEvery == 0 && malformedSent < options.malformedMessages()) {
                    // Bad input a real producer might send: JSON instead of Avro.
                    target.raw(topics.dvsEvents(), SENSOR_ID,
                            ("{\"sensorId\":\"" + SENSOR_ID + "\",\"oops\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                    malformedSent++;
                }
                int n = stream.emitSample(i, digitIndex(i), i < options.trainSamples(), sink);
                eventsSent.addAndGet(n);
                samplesSent.incrementAndGet();
            }
            target.flush();
        }
    }

    /** The scorer's tally: every prediction read back, duplicates counted wherever they come. */
    private final class Score {
        final int[] trueLabel;
        final int[] seen;
        final boolean[] trainCorrect = new boolean[options.trainSamples()];
        final List<Double> jobLatencies = new ArrayList<>();
        final List<Double> visibleLatencies = new ArrayList<>();
        final long slotMicros = DvsClassifyJob.Settings.defaults().learner().windowMicros();
        int predictions;
        int duplicates;
        int heldOutScored;
        int heldOutCorrect;

        Score(int[] trueLabel) {
            this.trueLabel = trueLabel;
            this.seen = new int[trueLabel.length];
        }

        void accept(Received received) {
            Prediction p = received.prediction();
            int sample = (int) (p.getWindowStartMicros() / slotMicros);
            if (sample < 0 || sample >= seen.length) {
                return;
            }
            if (seen[sample]++ > 0) {
                duplicates++;
                return;
            }
            predictions++;
            jobLatencies.add((double) (p.getEmitTimeMillis() - p.getIngestTimeMillis()));
            visibleLatencies.add((double) (received.epochMillis() - p.getIngestTimeMillis()));
            boolean correct = p.getPredictedClass() != null && p.getPredictedClass() == trueLabel[sample];
            if (sample >= options.trainSamples()) {
                heldOutScored++;
                Integer predictedClass = p.getPredictedClass();
                if (predictedClass != null && predictedClass >= 0 && predictedClass < 10) {
                    heldOutConfusion[trueLabel[sample]][predictedClass]++;
                }
                if (correct) {
                    heldOutCorrect++;
                }
            } else {
                trainCorrect[sample] = correct;
            }
        }
    }

    private DemoSummary collect(LocalRunner runner, int[] trueLabel, AtomicLong eventsSent, AtomicLong samplesSent,
                                ProgressListener listener, long startNanos) throws Exception {
        int samples = options.samples();
        Score score = new Score(trueLabel);
        long deadline = System.nanoTime() + options.timeout().toNanos();
        long nextProgress = 0;
        boolean complete = false;
        TopicEnd end = new TopicEnd(2 * options.checkpointMillis() + 2_000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     runner.committedConsumer(SCORER_GROUP, List.of(runner.topics().predictions()))) {
            while (!stopped() && System.nanoTime() < deadline) {
                List<Received> received = pollPredictions(consumer, Duration.ofMillis(200));
                received.forEach(score::accept);
                double elapsed = (System.nanoTime() - startNanos) / 1e9;
                if (listener != null && elapsed >= nextProgress) {
                    nextProgress = (long) elapsed + 1;
                    double rate = eventsSent.get() / Math.max(1e-3, elapsed);
                    double eta = score.predictions == 0 ? Double.NaN
                            : elapsed * (samples - score.predictions) / score.predictions;
                    listener.progress(new Progress(eventsSent.get(), rate, (int) samplesSent.get(), score.predictions,
                            samples, score.heldOutScored, score.heldOutCorrect, elapsed, eta, recoveries()));
                }
                // every sample predicted: read on to the end of the topic, so late duplicates count too
                complete = score.predictions == samples;
                if (complete && end.reached(consumer, received.size())) {
                    break;
                }
            }
        }
        double wall = (System.nanoTime() - startNanos) / 1e9;
        long deadLetters = TopicRecords.count(runner.bootstrapServers(), runner.topics().deadLetters());
        int lastTrain = Math.min(500, options.trainSamples());
        int prequentialCorrect = 0;
        for (int i = options.trainSamples() - lastTrain; i < options.trainSamples(); i++) {
            prequentialCorrect += score.trainCorrect[i] ? 1 : 0;
        }
        int missing = 0;
        for (int count : score.seen) {
            missing += count == 0 ? 1 : 0;
        }
        return new DemoSummary(eventsSent.get(), eventsSent.get() / wall, samples, options.trainSamples(),
                options.testSamples(), score.heldOutScored,
                score.heldOutScored == 0 ? 0 : (double) score.heldOutCorrect / options.testSamples(),
                (double) prequentialCorrect / lastTrain, Percentiles.of(score.jobLatencies, 50),
                Percentiles.of(score.jobLatencies, 99), Percentiles.of(score.visibleLatencies, 50),
                Percentiles.of(score.visibleLatencies, 99), score.duplicates, missing, deadLetters, wall,
                options.runSettings().deliveryName(), options.parallelism(), complete, recoveries());
    }

    /** Copy of the held-out confusion matrix [true digit][predicted digit] of the last run. */
    public int[][] heldOutConfusion() {
        int[][] copy = new int[10][];
        for (int i = 0; i < 10; i++) {
            copy[i] = heldOutConfusion[i].clone();
        }
        return copy;
    }
}
