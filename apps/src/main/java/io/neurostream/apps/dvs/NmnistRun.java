package io.neurostream.apps.dvs;

import io.neurostream.apps.common.LocalDemo;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.RunReport;
import io.neurostream.apps.common.RunSettings;
import io.neurostream.apps.common.SummaryJson;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.replay.EventReplay;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.NmnistDataset;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.ReplayOptions;
import io.neurostream.connectors.replay.ReplayProgress;
import io.neurostream.connectors.replay.ReplayStats;
import io.neurostream.flink.dvs.EventStagesConfig;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.Prediction;
import io.neurostream.apps.plot.Figure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Real N-MNIST end to end: replays a labelled N-MNIST folder (train list with Labels, then the test
 * list without) through a real Kafka broker into dvs-classify on a Flink MiniCluster, and scores the
 * held-out predictions read back from the predictions topic.
 *
 * <p>Two input modes: {@link Features#RAW} (ON/OFF events drive the liquid, the demo's set-up) and
 * {@link Features#FEAST} (the event stages turn events into FEAST feature events; the liquid has one
 * input channel per feature neuron at each pixel).
 */
public final class NmnistRun extends LocalDemo {
    public static final String SENSOR_ID = "nmnist-small";
    /** Consumer group of the scorer: a later run against the same topics goes on from its committed offsets. */
    private static final String SCORER_GROUP = "neurostream-nmnist-scorer";

    /** What drives the liquid. */
    public enum Features { RAW, FEAST }

    /** Events per EventPacket at most, unless the options say otherwise. */
    public static final int DEFAULT_MAX_EVENTS_PER_PACKET = 4096;

    /**
     * Settings of a run.
     *
     * @param dataset        the labelled N-MNIST folder
     * @param trainSamples   labelled samples (spread over the train list), ≤ its size
     * @param testSamples    held-out samples (spread over the test list), ≤ its size
     * @param features       raw events or FEAST features
     * @param feastNeurons   FEAST feature neurons (FEAST mode)
     * @param feastLearnEvents events FEAST learns from before it freezes (FEAST mode)
     * @param maxEventsPerPacket events per EventPacket the replay sends at most
     * @param settings       partitions, MiniCluster and delivery
     * @param timeout        give up after this long
     */
    public record Options(Path dataset, int trainSamples, int testSamples, Features features, int feastNeurons,
                          long feastLearnEvents, int maxEventsPerPacket, RunSettings settings, Duration timeout) {
        public Options {
            if (trainSamples < 1 || testSamples < 1) {
                throw new IllegalArgumentException("--train and --test must be >= 1, got " + trainSamples + ", " + testSamples);
            }
            if (feastNeurons < 1 || feastNeurons > 64) {
                throw new IllegalArgumentException("--feast-neurons must be in [1, 64], got " + feastNeurons);
            }
            if (maxEventsPerPacket < 1) {
                throw new IllegalArgumentException("--max-events-per-packet must be >= 1, got " + maxEventsPerPacket);
            }
            if (settings == null) {
                throw new IllegalArgumentException("no run settings");
            }
        }

        /** The same run with other features. */
        public Options withFeatures(Features other) {
            return new Options(dataset, trainSamples, testSamples, other, feastNeurons, feastLearnEvents,
                    maxEventsPerPacket, settings, timeout);
        }

        /** {@value #DEFAULT_MAX_EVENTS_PER_PACKET} events per packet, on {@link RunSettings#single()}. */
        public Options(Path dataset, int trainSamples, int testSamples, Features features, int feastNeurons,
                       long feastLearnEvents, Duration timeout) {
            this(dataset, trainSamples, testSamples, features, feastNeurons, feastLearnEvents,
                    DEFAULT_MAX_EVENTS_PER_PACKET, RunSettings.single(), timeout);
        }
    }

    /**
     * What a run measured.
     *
     * @param confusion  [true class][predicted class] counts over the held-out samples (unpredicted: not counted)
     */
    public record Summary(Features features, int trainSamples, int testSamples, int testPredicted, double testAccuracy,
                          double lastTrainPrequentialAccuracy, long events, double wallSeconds, long deadLetters,
                          int[][] confusion, String deliveryMode, int parallelism, boolean completed)
            implements RunReport {
        @Override
        public String toText() {
            return String.format(Locale.ROOT,
                    "%s: held-out accuracy %.1f %% (%d/%d predicted), prequential accuracy on the last train samples %.1f %%,"
                            + " %,d events in %.1f s, %d dead letters%s",
                    features.name().toLowerCase(Locale.ROOT), 100 * testAccuracy, testPredicted, testSamples,
                    100 * lastTrainPrequentialAccuracy, events, wallSeconds, deadLetters,
                    completed ? "" : " (INCOMPLETE: timed out)");
        }

        /** The figures of {@link DemoSummary} that a run on recordings has. */
        @Override
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("features", features.name().toLowerCase(Locale.ROOT));
            m.put("events", events);
            m.put("eventsPerSecond", SummaryJson.round(wallSeconds > 0 ? events / wallSeconds : 0));
            DemoSummary.putAccuracy(m, trainSamples, testSamples, testPredicted, testAccuracy,
                    lastTrainPrequentialAccuracy);
            SummaryJson.putOutcome(m, deadLetters, wallSeconds, deliveryMode, parallelism, completed);
            return m;
        }
    }

    private final Options options;
    private volatile Pacer replayPacer;

    /** @param bootstrapServers an existing Kafka, or null for an embedded broker */
    public NmnistRun(Options options, String bootstrapServers) {
        super(bootstrapServers);
        this.options = options;
    }

    /** The job settings of a mode: the demo's learner, plus FEAST stages in FEAST mode. */
    public static DvsClassifyJob.Settings settings(Features features, int feastNeurons, long feastLearnEvents) {
        DvsClassifyJob.Settings defaults = DvsClassifyJob.Settings.defaults();
        if (features == Features.RAW) {
            return defaults;
        }
        DvsClassifyJob.FeastDefaults f = DvsClassifyJob.FeastDefaults.NMNIST;
        EventStagesConfig stages = EventStagesConfig.checkOnly(34, 34, defaults.disorderMicros())
                .withFeast(feastNeurons, f.radius(), f.tauMicros(), f.eta(), f.thresholdOpen(), f.thresholdClose(),
                        f.pool(), feastLearnEvents, f.seed());
        return defaults.withStages(stages);
    }

    /** Runs to the end (every sample predicted, timeout, or {@link #close()}). */
    public Summary run(ReplayProgress progress) throws Exception {
        long startNanos = System.nanoTime();
        NmnistDataset dataset = NmnistDataset.open(options.dataset()).subset(options.trainSamples(), options.testSamples());
        int train = dataset.train().size();
        int test = dataset.test().size();
        if (test == 0) {
            throw new IOException(options.dataset() + ": no test*.txt list, nothing to score");
        }
        int[] truth = new int[train + test];
        for (int i = 0; i < train; i++) {
            truth[i] = dataset.train().get(i).classIndex();
        }
        for (int i = 0; i < test; i++) {
            truth[train + i] = dataset.test().get(i).classIndex();
        }
        RunSettings run = options.settings();
        NeurostreamTopics topics = run.topics();
        try {
            LocalRunner runner = startRunner(topics);
            DvsClassifyJob.Settings settings = settings(options.features(), options.feastNeurons(),
                    options.feastLearnEvents());
            runner.submit(DvsDemo.flink(run), "dvs-classify-nmnist", env -> DvsClassifyJob.onKafka(
                    runner.bootstrapServers(), topics, "dvs-classify-nmnist", run.deliveryMode(), false, settings)
                    .build(env));

            long slotMicros = settings.learner().windowMicros();
            EventReplay r = new EventReplay(ReplayOptions.defaults().withPackets(options.maxEventsPerPacket(), 0)
                    .withSlotMicros(slotMicros));
            r.addDataset(SENSOR_ID, dataset.train(), dataset.test());
            Pacer pacer = Pacer.asFastAsPossible();
            replayPacer = pacer;
            AtomicReference<ReplayStats> replayed = new AtomicReference<>();
            Thread replayer = startReplay("neurostream-nmnist-replayer", () -> {
                try (KafkaReplayTarget target = new KafkaReplayTarget(runner.bootstrapServers(), topics, pacer)) {
                    replayed.set(r.replay(target, pacer, progress));
                }
            });

            int[] predicted = new int[train + test];
            java.util.Arrays.fill(predicted, Integer.MIN_VALUE);
            boolean complete = score(runner, slotMicros, predicted);
            replayer.join(10_000);
            int[][] confusion = new int[10][10];
            int testPredicted = 0;
            int correct = 0;
            for (int i = train; i < train + test; i++) {
                if (predicted[i] >= 0) {
                    testPredicted++;
                    confusion[truth[i]][predicted[i]]++;
                    correct += predicted[i] == truth[i] ? 1 : 0;
                }
            }
            int last = Math.min(200, train);
            int lastCorrect = 0;
            for (int i = train - last; i < train; i++) {
                lastCorrect += predicted[i] == truth[i] ? 1 : 0;
            }
            long deadLetters = TopicRecords.count(runner.bootstrapServers(), topics.deadLetters());
            ReplayStats stats = replayed.get();
            return new Summary(options.features(), train, test, testPredicted, (double) correct / test,
                    (double) lastCorrect / last, stats == null ? 0 : stats.events(),
                    (System.nanoTime() - startNanos) / 1e9, deadLetters, confusion, run.deliveryName(),
                    run.parallelism(), complete);
        } finally {
            close();
        }
    }

    /** Reads committed predictions until every slot has one; returns false on timeout or stop. */
    private boolean score(LocalRunner runner, long slotMicros, int[] predicted) throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     runner.committedConsumer(SCORER_GROUP, List.of(runner.topics().predictions()))) {
            while (!stopped() && System.nanoTime() < deadline) {
                for (Received received : pollPredictions(consumer, Duration.ofMillis(200))) {
                    Prediction p = received.prediction();
                    int slot = (int) (p.getWindowStartMicros() / slotMicros);
                    if (slot < 0 || slot >= predicted.length || predicted[slot] != Integer.MIN_VALUE) {
                        continue;
                    }
                    predicted[slot] = p.getPredictedClass() == null ? -1 : p.getPredictedClass();
                    seen++;
                }
                if (seen == predicted.length) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes the confusion matrix as a PNG (rows: true digit, columns: predicted digit). */
    public static void writeConfusionPng(Summary summary, Path png) throws IOException {
        writeConfusionPng(summary.confusion(), String.format(Locale.ROOT,
                "%s: %.0f %% held-out (rows true, columns predicted)",
                summary.features().name().toLowerCase(Locale.ROOT), 100 * summary.testAccuracy()), png);
    }

    /** Writes a confusion matrix {@code [true][predicted]} as a PNG with a caption ({@link Figure}). */
    public static void writeConfusionPng(int[][] confusion, String caption, Path png) throws IOException {
        int classes = confusion.length;
        String[] names = new String[classes];
        double[][] counts = new double[classes][classes];
        double max = 1;
        for (int t = 0; t < classes; t++) {
            names[t] = Integer.toString(t);
            for (int p = 0; p < classes; p++) {
                counts[t][p] = confusion[t][p];
                max = Math.max(max, confusion[t][p]);
            }
        }
        new Figure("Confusion matrix", 40 * classes + 200, 40 * classes + 140)
                .categories("predicted class", names, "true class", names)
                .cells(counts, 0, max, Figure.whiteToBlue(), "samples", true)
                .caption(caption)
                .write(png);
    }

    /** Stops the replay's pacer (the replay then ends at once). */
    @Override
    protected void onClose() {
        Pacer p = replayPacer;
        if (p != null) {
            p.stop();
        }
    }
}
