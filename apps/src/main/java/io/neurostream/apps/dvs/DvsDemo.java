package io.neurostream.apps.dvs;

import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.flink.KafkaConnections;
import io.neurostream.connectors.kafka.flink.RecordSerializers;
import io.neurostream.connectors.sim.MnistDigits;
import io.neurostream.connectors.sim.SaccadeDvsSimulator;
import io.neurostream.connectors.sim.SimulatedNmnistStream;
import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.Percentiles;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole first-run experience in one process: a real Kafka broker (KRaft, loopback), a Flink
 * MiniCluster running {@link DvsClassifyJob}, a replayer streaming MNIST digits turned into DVS
 * events (labelled training samples, then held-out samples without labels), and a read_committed
 * consumer scoring the predictions.
 *
 * <p>Training digits are MNIST indices {@code 0 .. train-1}; held-out digits are taken from the
 * other end of the set ({@code 9999, 9998, ...}), so the two never overlap.
 */
public final class DvsDemo implements AutoCloseable {
    public static final String SENSOR_ID = "sim-nmnist-0";

    /** Receives progress about once a second. */
    public interface ProgressListener {
        void progress(Progress progress);
    }

    /** A progress snapshot. */
    public record Progress(long eventsSent, double eventsPerSecond, int samplesSent, int predictions, int samples,
                           int heldOutScored, int heldOutCorrect, double elapsedSeconds, double etaSeconds) {}

    private final DemoOptions options;
    private final AtomicReference<JobClient> jobClient = new AtomicReference<>();
    private volatile EmbeddedKafkaBroker broker;
    /** Held-out confusion matrix [true][predicted] of the last run (predictions without a class are not counted). */
    private final int[][] heldOutConfusion = new int[10][10];
    private volatile boolean stopped;

    private final String externalBootstrap;

    /** A demo on its own embedded broker. */
    public DvsDemo(DemoOptions options) {
        this(options, null);
    }

    /**
     * A demo against an existing Kafka cluster ({@code bootstrapServers}), or on its own embedded
     * broker when null. Topics are created if missing; they should be empty.
     */
    public DvsDemo(DemoOptions options, String bootstrapServers) {
        this.options = options;
        this.externalBootstrap = bootstrapServers;
    }

    /** Runs the demo to the end (all predictions seen, timeout, or {@link #close()}). */
    public DemoSummary run(ProgressListener listener) throws Exception {
        long startNanos = System.nanoTime();
        NeurostreamTopics topics = NeurostreamTopics.defaults(options.partitions());
        if (externalBootstrap == null) {
            broker = EmbeddedKafkaBroker.start();
        }
        String bootstrap = externalBootstrap != null ? externalBootstrap : broker.bootstrapServers();
        try {
            TopicAdmin.createTopics(bootstrap, topics.definitions());
            JobClient client = startJob(bootstrap, topics);
            jobClient.set(client);

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
            AtomicReference<Throwable> replayFailure = new AtomicReference<>();
            Thread replayer = new Thread(() -> {
                try {
                    replay(bootstrap, topics, stream, eventsSent, samplesSent);
                } catch (Throwable t) {
                    replayFailure.set(t);
                }
            }, "neurostream-replayer");
            replayer.setDaemon(true);
            replayer.start();

            DemoSummary summary = collect(bootstrap, topics, trueLabel, eventsSent, samplesSent,
                    replayFailure, listener, startNanos);
            replayer.join(10_000);
            return summary;
        } finally {
            close();
        }
    }

    private int digitIndex(int sample) {
        return sample < options.trainSamples() ? sample : DemoOptions.DIGITS_AVAILABLE - 1 - (sample - options.trainSamples());
    }

    private JobClient startJob(String bootstrap, NeurostreamTopics topics) throws Exception {
        StreamExecutionEnvironment env = new LocalFlink(options.parallelism(), options.checkpointMillis(),
                options.stateBackend(), options.webUiPort(),
                options.deliveryMode() == DeliveryMode.LOW_LATENCY ? 1 : -1, false).create(checkpointDir());
        String group = "dvs-classify-demo";
        DvsClassifyJob.onKafka(bootstrap, topics, group, options.deliveryMode(), false, DvsClassifyJob.Settings.defaults())
                .build(env);
        return env.executeAsync("dvs-classify");
    }

    private volatile java.nio.file.Path checkpointDir;

    private java.nio.file.Path checkpointDir() throws IOException {
        checkpointDir = LocalFlink.newCheckpointDir();
        return checkpointDir;
    }

    private void replay(String bootstrap, NeurostreamTopics topics, SimulatedNmnistStream stream, AtomicLong eventsSent,
                        AtomicLong samplesSent) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        SingleObjectCodec<EventPacket> packetCodec = SingleObjectCodec.of(EventPacket.class);
        SingleObjectCodec<Label> labelCodec = SingleObjectCodec.of(Label.class);
        byte[] key = SENSOR_ID.getBytes(StandardCharsets.UTF_8);
        int malformedEvery = options.malformedMessages() == 0 ? 0
                : Math.max(1, options.samples() / (options.malformedMessages() + 1));
        int malformedSent = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            SimulatedNmnistStream.Sink sink = new SimulatedNmnistStream.Sink() {
                @Override
                public void label(Label label) {
                    producer.send(new ProducerRecord<>(topics.labels(), key, labelCodec.encode(label)));
                }

                @Override
                public void packet(EventPacket packet) {
                    producer.send(new ProducerRecord<>(topics.dvsEvents(), key, packetCodec.encode(packet)));
                }
            };
            for (int i = 0; i < options.samples() && !stopped; i++) {
                if (malformedEvery > 0 && i > 0 && i % malformedEvery == 0 && malformedSent < options.malformedMessages()) {
                    // Bad input a real producer might send: JSON instead of Avro.
                    producer.send(new ProducerRecord<>(topics.dvsEvents(), key,
                            ("{\"sensorId\":\"" + SENSOR_ID + "\",\"oops\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
                    malformedSent++;
                }
                int n = stream.emitSample(i, digitIndex(i), i < options.trainSamples(), sink);
                eventsSent.addAndGet(n);
                samplesSent.incrementAndGet();
            }
            producer.flush();
        }
    }

    private DemoSummary collect(String bootstrap, NeurostreamTopics topics, int[] trueLabel, AtomicLong eventsSent,
                                AtomicLong samplesSent, AtomicReference<Throwable> replayFailure,
                                ProgressListener listener, long startNanos) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "neurostream-demo-scorer");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500"); // answered at once when data arrives
        SingleObjectCodec<Prediction> codec = SingleObjectCodec.of(Prediction.class);
        int samples = options.samples();
        long slotMicros = DvsClassifyJob.Settings.defaults().learner().windowMicros();
        int[] seen = new int[samples];
        int predictions = 0;
        int duplicates = 0;
        int heldOutScored = 0;
        int heldOutCorrect = 0;
        List<Double> jobLatencies = new ArrayList<>();
        List<Double> visibleLatencies = new ArrayList<>();
        boolean[] trainCorrect = new boolean[options.trainSamples()];
        long deadline = System.nanoTime() + options.timeout().toNanos();
        long nextProgress = 0;
        boolean complete = false;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.predictions()));
            while (!stopped && System.nanoTime() < deadline) {
                if (replayFailure.get() != null) {
                    throw new IllegalStateException("replayer failed: " + replayFailure.get().getMessage(), replayFailure.get());
                }
                JobClient client = jobClient.get();
                if (client != null && client.getJobStatus().get().isGloballyTerminalState()) {
                    throw new IllegalStateException("the Flink job ended early with status " + client.getJobStatus().get()
                            + "; see the log for its exception");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long nowMillis = System.currentTimeMillis();
                    Prediction p;
                    try {
                        p = codec.decode(record.value());
                    } catch (IOException e) {
                        continue;
                    }
                    int sample = (int) (p.getWindowStartMicros() / slotMicros);
                    if (sample < 0 || sample >= samples) {
                        continue;
                    }
                    if (seen[sample]++ > 0) {
                        duplicates++;
                        continue;
                    }
                    predictions++;
                    jobLatencies.add((double) (p.getEmitTimeMillis() - p.getIngestTimeMillis()));
                    visibleLatencies.add((double) (nowMillis - p.getIngestTimeMillis()));
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
                double elapsed = (System.nanoTime() - startNanos) / 1e9;
                if (listener != null && elapsed >= nextProgress) {
                    nextProgress = (long) elapsed + 1;
                    double rate = eventsSent.get() / Math.max(1e-3, elapsed);
                    double eta = predictions == 0 ? Double.NaN : elapsed * (samples - predictions) / predictions;
                    listener.progress(new Progress(eventsSent.get(), rate, (int) samplesSent.get(), predictions, samples,
                            heldOutScored, heldOutCorrect, elapsed, eta));
                }
                if (predictions == samples) {
                    complete = true;
                    break;
                }
            }
        }
        double wall = (System.nanoTime() - startNanos) / 1e9;
        long deadLetters = TopicRecords.count(bootstrap, topics.deadLetters());
        int lastTrain = Math.min(500, options.trainSamples());
        int prequentialCorrect = 0;
        for (int i = options.trainSamples() - lastTrain; i < options.trainSamples(); i++) {
            prequentialCorrect += trainCorrect[i] ? 1 : 0;
        }
        int missing = 0;
        for (int count : seen) {
            missing += count == 0 ? 1 : 0;
        }
        return new DemoSummary(eventsSent.get(), eventsSent.get() / wall, samples, options.trainSamples(),
                options.testSamples(), heldOutScored, heldOutScored == 0 ? 0 : (double) heldOutCorrect / options.testSamples(),
                (double) prequentialCorrect / lastTrain, Percentiles.of(jobLatencies, 50), Percentiles.of(jobLatencies, 99),
                Percentiles.of(visibleLatencies, 50), Percentiles.of(visibleLatencies, 99), duplicates, missing, deadLetters,
                wall, options.deliveryMode().name().toLowerCase().replace('_', '-'), options.parallelism(), complete);
    }

    /** Copy of the held-out confusion matrix [true digit][predicted digit] of the last run. */
    public int[][] heldOutConfusion() {
        int[][] copy = new int[10][];
        for (int i = 0; i < 10; i++) {
            copy[i] = heldOutConfusion[i].clone();
        }
        return copy;
    }

    /** Stops replay and scoring, cancels the job and shuts the broker down. Idempotent. */
    @Override
    public synchronized void close() {
        stopped = true;
        LocalFlink.cancelQuietly(jobClient.getAndSet(null));
        EmbeddedKafkaBroker b = broker;
        broker = null;
        if (b != null) {
            b.close();
        }
        java.nio.file.Path checkpoints = checkpointDir;
        checkpointDir = null;
        LocalFlink.deleteQuietly(checkpoints);
    }
}
