package io.neurostream.apps.dvs;

import io.neurostream.apps.common.LocalFlink;

import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.flink.KafkaConnections;
import io.neurostream.connectors.kafka.flink.RecordSerializers;
import io.neurostream.flink.dvs.EventStagesConfig;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.connectors.replay.EventReplay;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.NmnistDataset;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.ReplayOptions;
import io.neurostream.connectors.replay.ReplayProgress;
import io.neurostream.connectors.replay.ReplayStats;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Real N-MNIST end to end: replays a labelled N-MNIST folder (train list with Labels, then the test
 * list without) through a real Kafka broker into dvs-classify on a Flink MiniCluster, and scores the
 * held-out predictions read back from the predictions topic.
 *
 * <p>Two input modes: {@link Features#RAW} (ON/OFF events drive the liquid, the demo's set-up) and
 * {@link Features#FEAST} (the event stages turn events into FEAST feature events; the liquid has one
 * input channel per feature neuron at each pixel).
 */
public final class NmnistRun implements AutoCloseable {
    public static final String SENSOR_ID = "nmnist-small";

    /** What drives the liquid. */
    public enum Features { RAW, FEAST }

    /**
     * Settings of a run.
     *
     * @param dataset        the labelled N-MNIST folder
     * @param trainSamples   labelled samples (spread over the train list), ≤ its size
     * @param testSamples    held-out samples (spread over the test list), ≤ its size
     * @param features       raw events or FEAST features
     * @param feastNeurons   FEAST feature neurons (FEAST mode)
     * @param feastLearnEvents events FEAST learns from before it freezes (FEAST mode)
     * @param timeout        give up after this long
     */
    public record Options(Path dataset, int trainSamples, int testSamples, Features features, int feastNeurons,
                          long feastLearnEvents, Duration timeout) {
        public Options {
            if (trainSamples < 1 || testSamples < 1) {
                throw new IllegalArgumentException("--train and --test must be >= 1, got " + trainSamples + ", " + testSamples);
            }
            if (feastNeurons < 1 || feastNeurons > 64) {
                throw new IllegalArgumentException("--feast-neurons must be in [1, 64], got " + feastNeurons);
            }
        }
    }

    /**
     * What a run measured.
     *
     * @param confusion  [true class][predicted class] counts over the held-out samples (unpredicted: not counted)
     */
    public record Summary(Features features, int trainSamples, int testSamples, int testPredicted, double testAccuracy,
                          double lastTrainPrequentialAccuracy, long events, double wallSeconds, long deadLetters,
                          int[][] confusion, boolean completed) {
        public String toText() {
            return String.format(Locale.ROOT,
                    "%s: held-out accuracy %.1f %% (%d/%d predicted), prequential accuracy on the last train samples %.1f %%,"
                            + " %,d events in %.1f s, %d dead letters%s",
                    features.name().toLowerCase(Locale.ROOT), 100 * testAccuracy, testPredicted, testSamples,
                    100 * lastTrainPrequentialAccuracy, events, wallSeconds, deadLetters,
                    completed ? "" : " (INCOMPLETE: timed out)");
        }
    }

    private final Options options;
    private final String externalBootstrap;
    private final AtomicReference<JobClient> jobClient = new AtomicReference<>();
    private volatile EmbeddedKafkaBroker broker;
    private volatile Pacer replayPacer;
    private volatile Path checkpointDir;
    private volatile boolean stopped;

    /** @param bootstrapServers an existing Kafka, or null for an embedded broker */
    public NmnistRun(Options options, String bootstrapServers) {
        this.options = options;
        this.externalBootstrap = bootstrapServers;
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
        NeurostreamTopics topics = NeurostreamTopics.defaults(1);
        if (externalBootstrap == null) {
            broker = EmbeddedKafkaBroker.start();
        }
        String bootstrap = externalBootstrap != null ? externalBootstrap : broker.bootstrapServers();
        try {
            TopicAdmin.createTopics(bootstrap, topics.definitions());
            DvsClassifyJob.Settings settings = settings(options.features(), options.feastNeurons(),
                    options.feastLearnEvents());
            jobClient.set(startJob(bootstrap, topics, settings));

            long slotMicros = settings.learner().windowMicros();
            EventReplay r = new EventReplay(ReplayOptions.defaults().withPackets(4096, 0).withSlotMicros(slotMicros));
            r.addDataset(SENSOR_ID, dataset.train(), dataset.test());
            Pacer pacer = Pacer.asFastAsPossible();
            replayPacer = pacer;
            AtomicReference<Throwable> replayFailure = new AtomicReference<>();
            AtomicReference<ReplayStats> replayed = new AtomicReference<>();
            Thread replayer = new Thread(() -> {
                try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrap, topics, pacer)) {
                    replayed.set(r.replay(target, pacer, progress));
                } catch (Throwable t) {
                    replayFailure.set(t);
                }
            }, "neurostream-nmnist-replayer");
            replayer.setDaemon(true);
            replayer.start();

            int[] predicted = new int[train + test];
            java.util.Arrays.fill(predicted, Integer.MIN_VALUE);
            boolean complete = score(bootstrap, topics, slotMicros, predicted, replayFailure);
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
            long deadLetters = io.neurostream.apps.common.TopicRecords.count(bootstrap, topics.deadLetters());
            ReplayStats stats = replayed.get();
            return new Summary(options.features(), train, test, testPredicted, (double) correct / test,
                    (double) lastCorrect / last, stats == null ? 0 : stats.events(),
                    (System.nanoTime() - startNanos) / 1e9, deadLetters, confusion, complete);
        } finally {
            close();
        }
    }

    private JobClient startJob(String bootstrap, NeurostreamTopics topics, DvsClassifyJob.Settings settings)
            throws Exception {
        checkpointDir = Files.createTempDirectory("neurostream-nmnist-checkpoints-");
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "1000 ms");
        conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        conf.setString("state.backend.type", "hashmap");
        conf.setString("execution.checkpointing.storage", "filesystem");
        conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        conf.setString("pipeline.generic-types", "false");
        conf.setString("restart-strategy.type", "none");
        conf.setString("taskmanager.numberOfTaskSlots", "1");
        conf.setString("parallelism.default", "1");
        conf.setString("pipeline.auto-watermark-interval", "50 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        String group = "dvs-classify-nmnist";
        DeliveryMode mode = DeliveryMode.EXACTLY_ONCE;
        DvsClassifyJob.onKafka(bootstrap, topics, group, mode, false, settings).build(env);
        return env.executeAsync("dvs-classify-nmnist");
    }

    /** Reads committed predictions until every slot has one; returns false on timeout or stop. */
    private boolean score(String bootstrap, NeurostreamTopics topics, long slotMicros, int[] predicted,
                          AtomicReference<Throwable> replayFailure) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "neurostream-nmnist-scorer");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        SingleObjectCodec<Prediction> codec = SingleObjectCodec.of(Prediction.class);
        long deadline = System.nanoTime() + options.timeout().toNanos();
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.predictions()));
            while (!stopped && System.nanoTime() < deadline) {
                if (replayFailure.get() != null) {
                    throw new IllegalStateException("replay failed: " + replayFailure.get().getMessage(), replayFailure.get());
                }
                JobClient client = jobClient.get();
                if (client != null && client.getJobStatus().get().isGloballyTerminalState()) {
                    throw new IllegalStateException("the Flink job ended early with status " + client.getJobStatus().get()
                            + "; see the log for its exception");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Prediction p = codec.decode(record.value());
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

    /** Writes a 10-class confusion matrix {@code [true][predicted]} as a PNG with a caption. */
    public static void writeConfusionPng(int[][] confusion, String caption, Path png) throws IOException {
        int cell = 36;
        int margin = 40;
        int size = margin + 10 * cell + 8;
        BufferedImage image = new BufferedImage(size, size + 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int max = 1;
        for (int[] row : confusion) {
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int t = 0; t < 10; t++) {
            g.setColor(Color.BLACK);
            g.drawString(Integer.toString(t), margin - 14, margin + t * cell + cell / 2 + 5);
            g.drawString(Integer.toString(t), margin + t * cell + cell / 2 - 3, margin - 8);
            for (int p = 0; p < 10; p++) {
                int v = confusion[t][p];
                int level = 255 - (int) Math.round(215.0 * v / max);
                g.setColor(t == p ? new Color(level, 255, level) : new Color(255, level, level));
                if (v == 0) {
                    g.setColor(Color.WHITE);
                }
                g.fillRect(margin + p * cell, margin + t * cell, cell - 1, cell - 1);
                if (v > 0) {
                    g.setColor(Color.BLACK);
                    g.drawString(Integer.toString(v), margin + p * cell + cell / 2 - 4, margin + t * cell + cell / 2 + 5);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawString(caption, 8, size + 14);
        g.dispose();
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /** Stops replay and scoring, cancels the job and shuts the broker down. Idempotent. */
    @Override
    public synchronized void close() {
        stopped = true;
        Pacer p = replayPacer;
        if (p != null) {
            p.stop();
        }
        LocalFlink.cancelQuietly(jobClient.getAndSet(null));
        EmbeddedKafkaBroker b = broker;
        broker = null;
        if (b != null) {
            b.close();
        }
        Path dir = checkpointDir;
        checkpointDir = null;
        LocalFlink.deleteQuietly(dir);
    }
}
