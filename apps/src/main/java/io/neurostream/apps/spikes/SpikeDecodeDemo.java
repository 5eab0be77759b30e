package io.neurostream.apps.spikes;

import io.neurostream.jobs.spikes.SpikeDecodeJob;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.spikes.SpikeBatcher;
import io.neurostream.connectors.spikes.sim.ReachSimParams;
import io.neurostream.connectors.spikes.sim.ReachSimulator;
import io.neurostream.core.decoder.RSquared;
import io.neurostream.flink.spikes.DecoderKind;
import io.neurostream.flink.spikes.SpikeDecodeConfig;
import io.neurostream.apps.common.LocalDemo;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.Percentiles;
import io.neurostream.apps.common.RunSettings;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.SpikeFileReplay;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedSpikes;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.record.TimestampType;

/**
 * spike-decode end to end in one process: a Kafka broker (embedded, or an external cluster), a
 * Flink MiniCluster running {@link SpikeDecodeJob}, a replayer and a read_committed scorer.
 *
 * <p>Generator mode (default): a {@link ReachSimulator} population with drifting tuning streams
 * SpikeBatches on {@code neural.spikes} and, in labelled phases, velocity Labels on
 * {@code labels}. The first {@code trainMinutes} are labelled; after that each minute starts with
 * {@code labelledSecondsPerMinute} labelled seconds and the rest is held out (no labels sent).
 * The same spikes also go out as a second session whose learning a FREEZE on {@code control}
 * stops after training: the "fitted once and frozen" baseline. The scorer computes held-out R^2
 * per decoder and session and the latency of every prediction.
 *
 * <p>File mode ({@code file} set): replays a spike recording with its original timing (scaled by
 * the speed) into the job with the {@link DecoderKind#RATES} decoder (plus the velocity decoders
 * if the file has behaviour), reads back what went through Kafka and draws a raster and a rates
 * PNG ({@code pngDir}).
 */
public final class SpikeDecodeDemo extends LocalDemo {
    public static final String ADAPTIVE = "reach-adaptive";
    public static final String FROZEN = "reach-frozen";
    /** File mode: recording seconds at the start left out of latency figures (JIT warm-up, job start). */
    public static final double WARMUP_SECONDS = 10;

    /** Receives progress about once a second. */
    public interface ProgressListener {
        void progress(Progress progress);
    }

    /** A progress snapshot; {@code expectedPredictions} is -1 while unknown (file mode). */
    public record Progress(long spikesSent, double spikesPerSecond, long binsSent, long predictions,
                           long expectedPredictions, double elapsedSeconds, double etaSeconds, int recoveries) {}

    /** What went through Kafka and the job in file mode: the spikes read back and the job's rates. */
    public record FileOutput(String sessionId, int unitCount, long[] spikeTimesMicros, int[] spikeUnits,
                             long[] binStartsMicros, double[] ratesHz, long batchesSent) {}

    private final SpikeDemoOptions options;
    private Path latencyCsv;
    private Path latencyPng;
    private volatile FileOutput fileOutput;
    private int sessionCount = 1;
    private boolean objectReuse = true;

    /** A demo on its own embedded broker. */
    public SpikeDecodeDemo(SpikeDemoOptions options) {
        this(options, null);
    }

    /** A demo against {@code bootstrapServers}, or on its own embedded broker when null. Topics should be empty. */
    public SpikeDecodeDemo(SpikeDemoOptions options, String bootstrapServers) {
        super(bootstrapServers);
        this.options = options;
    }

    /**
     * Also writes one CSV row per prediction, warm-up included (bin, session, decoder and its latencies) to
     * {@code csv} at the end of {@link #run}, for plotting or for finding what delayed a bin.
     */
    public SpikeDecodeDemo writeLatencies(Path csv) {
        this.latencyCsv = csv;
        return this;
    }

    /**
     * Also draws each bin's latency over recording time (the Kafka-to-Kafka measure where the
     * topics keep append times, else batch sent to prediction received) as a PNG at the end of {@link #run}.
     */
    public SpikeDecodeDemo drawLatencies(Path png) {
        this.latencyPng = png;
        return this;
    }

    /**
     * Generator mode without the frozen session: {@code count} sessions receive the same spikes and labels
     * (sessions {@code reach-adaptive}, {@code reach-adaptive-2}, ...), each decoded on its own key: the load of
     * {@code count} recordings (issue 14: 16 sessions of 256 units).
     */
    public SpikeDecodeDemo withSessions(int count) {
        if (count < 1 || count > 1024) {
            throw new IllegalArgumentException("sessions must be in [1, 1024], got " + count);
        }
        this.sessionCount = count;
        return this;
    }

    /** The job's object reuse ({@code --object-reuse}, default true), for side-by-side measurements. */
    public SpikeDecodeDemo withObjectReuse(boolean reuse) {
        this.objectReuse = reuse;
        return this;
    }

    private List<String> adaptiveSessions() {
        List<String> sessions = new ArrayList<>(List.of(ADAPTIVE));
        for (int i = 2; i <= sessionCount; i++) {
            sessions.add(ADAPTIVE + "-" + i);
        }
        return sessions;
    }

    /** File mode only: what came back, after {@link #run}. */
    public FileOutput fileOutput() {
        return fileOutput;
    }

    /** Runs to the end (all predictions seen, timeout, or {@link #close()}). */
    public SpikeDemoSummary run(ProgressListener listener) throws Exception {
        long startNanos = System.nanoTime();
        RunSettings run = options.runSettings();
        NeurostreamTopics topics = run.topics();
        SpikeFileReplay recording = options.file() == null ? null
                : SpikeFileReplay.open(options.file(), sessionId(options.file()), options.binMicros());
        List<DecoderKind> kinds = recording == null ? options.decoders()
                : recording.behavior() == null ? List.of(DecoderKind.RATES) : withRates(options.decoders());
        List<String> sessions = recording != null ? List.of(sessionId(options.file()))
                : options.frozenSession() ? List.of(ADAPTIVE, FROZEN) : adaptiveSessions();
        try {
            LocalRunner runner = startRunner(topics);
            String bootstrap = runner.bootstrapServers();
            List<SpikeDecodeConfig> configs = new ArrayList<>();
            for (DecoderKind kind : kinds) {
                SpikeDecodeConfig c = SpikeDecodeConfig.defaults(kind).withBins(options.binMicros(), options.binMicros());
                if (recording != null && recording.behavior() != null && kind != DecoderKind.RATES) {
                    c = c.withOutputCount(recording.behavior().dims());
                }
                configs.add(c);
            }
            // Low latency: network buffers leave at once, and checkpoint barriers overtake them.
            runner.submit(run.flink(0, true), "spike-decode", env -> SpikeDecodeJob.onKafka(bootstrap, topics,
                    SpikeDecodeJob.NAME, run.deliveryMode(), false, SpikeDecodeJob.Settings.of(configs)).withObjectReuse(objectReuse).build(env));
            Scorer scorer = new Scorer(runner, configs, sessions, recording != null);
            if (options.speed() > 0) {
                awaitRunning(runner, Duration.ofSeconds(60));
            }
            Replayer replayer = recording == null ? new SimReplayer(bootstrap, topics, scorer)
                    : new FileReplayer(bootstrap, topics, recording, scorer);
            Thread thread = startReplay("neurostream-replayer", replayer);
            SpikeDemoSummary summary = scorer.collect(replayer, listener, startNanos,
                    recording == null ? "generator: " + options.units() + " cosine-tuned neurons, drift "
                            + options.pdDriftDegPerSqrtMin() + " deg/sqrt(min), seed " + options.seed()
                            : recording.describe(), recording == null ? options.units() : recording.unitCount());
            thread.join(10_000);
            if (recording != null && summary.completed()) {
                fileOutput = scorer.fileOutput(recording.unitCount(), replayer.batchesSent.get());
                if (options.pngDir() != null) {
                    writePngs(fileOutput, recording);
                }
            }
            return summary;
        } finally {
            close();
        }
    }

    private static List<DecoderKind> withRates(List<DecoderKind> kinds) {
        List<DecoderKind> out = new ArrayList<>(kinds);
        if (!out.contains(DecoderKind.RATES)) {
            out.add(DecoderKind.RATES);
        }
        return out;
    }

    /** The session id a file replays under by default: its name without extension. */
    public static String sessionId(Path file) {
        return io.neurostream.connectors.replay.Recordings.defaultId(file);
    }

    private void writePngs(FileOutput out, SpikeFileReplay recording) throws IOException {
        String stem = out.sessionId();
        long from = out.binStartsMicros().length == 0 ? 0 : out.binStartsMicros()[0];
        long to = out.binStartsMicros().length == 0 ? 1
                : out.binStartsMicros()[out.binStartsMicros().length - 1] + options.binMicros();
        SpikePlots.raster(out.spikeTimesMicros(), out.spikeUnits(), out.spikeTimesMicros().length, out.unitCount(),
                from, to, String.format(Locale.ROOT, "%s: %,d spikes of %d units read back from Kafka (neural.spikes)",
                        stem, out.spikeTimesMicros().length, out.unitCount()),
                options.pngDir().resolve(stem + "-raster.png"));
        // 20 ms bins are too fine for a 1000 s picture: average to about 1000 columns
        int bins = out.binStartsMicros().length;
        int group = Math.max(1, bins / 1000);
        int columns = (bins + group - 1) / group;
        long[] starts = new long[columns];
        double[] rates = new double[columns * out.unitCount()];
        for (int c = 0; c < columns; c++) {
            starts[c] = out.binStartsMicros()[c * group];
            int n = 0;
            for (int b = c * group; b < Math.min(bins, (c + 1) * group); b++, n++) {
                for (int u = 0; u < out.unitCount(); u++) {
                    rates[c * out.unitCount() + u] += out.ratesHz()[b * out.unitCount() + u];
                }
            }
            for (int u = 0; u < out.unitCount(); u++) {
                rates[c * out.unitCount() + u] /= n;
            }
        }
        SpikePlots.rates(rates, starts, columns, out.unitCount(), String.format(Locale.ROOT,
                "%s: rates published by spike-decode (%d ms bins%s)", stem, options.binMicros() / 1000,
                group > 1 ? ", mean of " + group + " bins per column" : ""),
                options.pngDir().resolve(stem + "-rates.png"));
    }

    /** Real-time replays start when the job's tasks run, so that start-up does not count as latency. */
    private static void awaitRunning(LocalRunner runner, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobClient client = runner.job();
        while (client != null && client.getJobStatus().get() != JobStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(3000); // sources assign their splits and start fetching
    }

    /** Replays onto Kafka in its own thread ({@link #startReplay}); failures surface in the scorer. */
    private abstract static class Replayer implements Replay {
        final AtomicLong spikesSent = new AtomicLong();
        final AtomicLong batchesSent = new AtomicLong();
        volatile boolean done;

        @Override
        public final void run() throws Exception {
            try {
                replay();
            } finally {
                done = true;
            }
        }

        abstract void replay() throws Exception;
    }

    /** The generator, its labels, the frozen twin session, optional malformed messages. */
    private final class SimReplayer extends Replayer {
        private final String bootstrap;
        private final NeurostreamTopics topics;
        private final Scorer scorer;

        SimReplayer(String bootstrap, NeurostreamTopics topics, Scorer scorer) {
            this.bootstrap = bootstrap;
            this.topics = topics;
            this.scorer = scorer;
        }

        @Override
        void replay() throws Exception {
            ReachSimParams params = ReachSimParams.builder().neuronCount(options.units())
                    .pdDriftDegPerSqrtMin(options.pdDriftDegPerSqrtMin()).build();
            ReachSimulator sim = new ReachSimulator(params, options.seed());
            long bin = options.binMicros();
            int totalBins = scorer.totalBins;
            double[] velocitySum = new double[2 * totalBins];
            int[] samples = new int[totalBins];
            Pacer pacer = new Pacer(options.speed());
            int trainBins = options.trainMinutes() * options.binsPerMinute();
            int labelledPerMinute = (int) (options.labelledSecondsPerMinute() * 1_000_000L / bin);
            int malformedEvery = options.malformedMessages() == 0 ? 0 : totalBins / (options.malformedMessages() + 1);
            int[] malformedSent = new int[1];
            try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrap, topics, KafkaReplayTarget.REAL_TIME_LINGER_MILLIS)) {
                if (options.frozenSession()) {
                    // sent ahead of time: learning stops for bins from the end of training on
                    target.raw(topics.control(), FROZEN, SingleObjectCodec.of(Control.class).encode(new Control(FROZEN,
                            0L, trainBins * bin, ControlCommand.FREEZE, null, "frozen baseline")));
                    target.flush();
                }
                SpikeBatcher batcher = new SpikeBatcher(ADAPTIVE, options.units(), options.batchMicros(), batch -> {
                    // the batch that ends a bin closes it: its label goes first, and latency counts from it
                    boolean closesBin = batch.getEndTimeMicros() % bin == 0;
                    int b = (int) ((batch.getEndTimeMicros() - 1) / bin);
                    if (closesBin) {
                        scorer.truth[2 * b] = velocitySum[2 * b] / Math.max(1, samples[b]);
                        scorer.truth[2 * b + 1] = velocitySum[2 * b + 1] / Math.max(1, samples[b]);
                        scorer.binsGenerated.set(b + 1);
                    }
                    try {
                        pacer.await(batch.getEndTimeMicros());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stop();
                        return;
                    }
                    boolean labelled = closesBin
                            && (b < trainBins || (b - trainBins) % options.binsPerMinute() < labelledPerMinute);
                    for (int s = 0; s < scorer.sessions.size(); s++) {
                        String session = scorer.sessions.get(s);
                        if (labelled) {
                            target.label(new Label(session, (long) b, b * bin, (b + 1) * bin, null,
                                    List.of(scorer.truth[2 * b], scorer.truth[2 * b + 1])));
                        }
                        SpikeBatch out = s == 0 ? batch : SpikeBatch.newBuilder(batch).setSessionId(session)
                                .setSpikes(batch.getSpikes().duplicate()).build();
                        if (closesBin) {
                            scorer.sendNanos.put(Scorer.key(s, b), System.nanoTime());
                        }
                        target.spikes(out);
                    }
                    if (closesBin && malformedEvery > 0 && b > 0 && b % malformedEvery == 0
                            && malformedSent[0] < options.malformedMessages()) {
                        target.raw(topics.neuralSpikes(), ADAPTIVE, malformed(malformedSent[0]++, batch));
                    }
                    spikesSent.addAndGet((long) batch.getSpikeCount() * scorer.sessions.size());
                    if (closesBin) {
                        batchesSent.incrementAndGet();
                    }
                });
                batcher.startAt(0);
                long steps = options.minutes() * 60_000_000L / params.stepMicros();
                for (long s = 0; s < steps && !stopped(); s++) {
                    int k = sim.step();
                    for (int i = 0; i < k; i++) {
                        batcher.add(sim.spikeTimeMicros(i), sim.spikeUnit(i));
                    }
                    // the velocity sample at the end of step (t - dt, t] belongs to the bin holding that step
                    int b = (int) ((sim.timeMicros() - 1) / bin);
                    if (b < totalBins) {
                        velocitySum[2 * b] += sim.vxCmPerS();
                        velocitySum[2 * b + 1] += sim.vyCmPerS();
                        samples[b]++;
                    }
                    batcher.advanceTo(sim.timeMicros());
                }
                target.flush();
            }
        }

        /** Even: not Avro at all; odd: a well-formed SpikeBatch breaking its invariants (unit out of range). */
        private byte[] malformed(int i, SpikeBatch template) {
            if (i % 2 == 0) {
                return ("{\"sessionId\":\"" + ADAPTIVE + "\",\"oops\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            }
            ByteBuffer spikes = PackedSpikes.allocate(1);
            PackedSpikes.put(spikes, 0, options.units() + 7);
            spikes.flip();
            return SingleObjectCodec.of(SpikeBatch.class).encode(SpikeBatch.newBuilder(template).setSpikeCount(1)
                    .setSpikes(spikes).build());
        }
    }

    /** A spike file with its original timing. */
    private final class FileReplayer extends Replayer {
        private final String bootstrap;
        private final NeurostreamTopics topics;
        private final SpikeFileReplay recording;
        private final Scorer scorer;

        FileReplayer(String bootstrap, NeurostreamTopics topics, SpikeFileReplay recording, Scorer scorer) {
            this.bootstrap = bootstrap;
            this.topics = topics;
            this.recording = recording;
            this.scorer = scorer;
        }

        @Override
        void replay() throws Exception {
            try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrap, topics, KafkaReplayTarget.REAL_TIME_LINGER_MILLIS)) {
                var stats = recording.replay(new io.neurostream.connectors.replay.ReplayTarget() {
                    @Override
                    public void packet(io.neurostream.schemas.EventPacket packet) {
                        target.packet(packet);
                    }

                    @Override
                    public void spikes(SpikeBatch batch) {
                        scorer.sendNanos.put(Scorer.key(0, (int) (batch.getStartTimeMicros() / options.binMicros())),
                                System.nanoTime());
                        target.spikes(batch);
                        spikesSent.addAndGet(batch.getSpikeCount());
                        batchesSent.incrementAndGet();
                        if (scorer.firstBinStartMicros == Long.MIN_VALUE) {
                            scorer.firstBinStartMicros = batch.getStartTimeMicros();
                        }
                    }

                    @Override
                    public void label(Label label) {
                        target.label(label);
                    }

                    @Override
                    public void flush() {
                        target.flush();
                    }

                    @Override
                    public void close() {
                    }
                }, new Pacer(options.speed()), null);
                scorer.fileBatches = stats.packets();
            }
        }
    }

    /** Consumes predictions (read_committed) and scores them. */
    private final class Scorer {
        final List<String> sessions;
        final List<SpikeDecodeConfig> configs;
        final Map<String, Integer> decoderIndex = new HashMap<>();
        final int totalBins;
        final double[] truth;
        final AtomicLong binsGenerated = new AtomicLong();
        final Map<Long, Long> sendNanos = new ConcurrentHashMap<>();
        final boolean fileMode;
        volatile long firstBinStartMicros = Long.MIN_VALUE;
        volatile long fileBatches = -1;
        private final LocalRunner runner;
        private final Map<Long, double[]> rates = new TreeMap<>();

        Scorer(LocalRunner runner, List<SpikeDecodeConfig> configs, List<String> sessions, boolean fileMode) {
            this.runner = runner;
            this.configs = configs;
            this.sessions = sessions;
            this.fileMode = fileMode;
            for (int d = 0; d < configs.size(); d++) {
                decoderIndex.put(configs.get(d).jobName(SpikeDecodeJob.NAME), d);
            }
            this.totalBins = fileMode ? 0 : options.minutes() * options.binsPerMinute();
            this.truth = new double[2 * totalBins];
        }

        static long key(int session, long bin) {
            return ((long) session << 40) | bin;
        }

        SpikeDemoSummary collect(Replayer replayer, ProgressListener listener, long startNanos, String source,
                                 int units) throws Exception {
            int decoders = configs.size();
            int minutes = options.minutes();
            RSquared[][][] r2 = new RSquared[decoders][sessions.size()][minutes];
            for (RSquared[][] perSession : r2) {
                for (RSquared[] perMinute : perSession) {
                    for (int m = 0; m < minutes; m++) {
                        perMinute[m] = new RSquared(2);
                    }
                }
            }
            BitSet[][] seen = new BitSet[decoders][sessions.size()];
            for (BitSet[] row : seen) {
                for (int s = 0; s < row.length; s++) {
                    row[s] = new BitSet();
                }
            }
            int trainBins = options.trainMinutes() * options.binsPerMinute();
            int labelledPerMinute = (int) (options.labelledSecondsPerMinute() * 1_000_000L / options.binMicros());
            long predictions = 0;
            long duplicates = 0;
            List<Double> sendLatency = new ArrayList<>();
            List<Double> ingestLatency = new ArrayList<>();
            List<Double> jobLatency = new ArrayList<>();
            List<Double> kafkaLatency = new ArrayList<>();
            List<Long> plotBinEnds = new ArrayList<>();        // bin end (µs from the first bin), with plotLatency
            List<Double> plotLatency = new ArrayList<>();
            StringBuilder csv = latencyCsv == null ? null : new StringBuilder(
                    "session,decoder,bin,received_epoch_ms,sent_to_received_ms,spikes_in_kafka_epoch_ms,"
                            + "emitted_epoch_ms,prediction_in_kafka_epoch_ms\n");
            double[] decoded = new double[2];
            long deadline = System.nanoTime() + options.timeout().toNanos();
            long nextProgress = 0;
            boolean complete = false;
            long expected = fileMode ? -1 : (long) totalBins * sessions.size() * decoders;
            double latencyFromSeconds = fileMode ? WARMUP_SECONDS : options.scoreFromMinute() * 60.0;
            // The broker answers a fetch as soon as a record arrives (fetch.min.bytes=1): a long
            // wait costs no latency, a short one only busy-polls (see KafkaConnections).
            TopicEnd end = new TopicEnd(2 * options.checkpointMillis() + 2_000);
            try (KafkaConsumer<byte[], byte[]> consumer = runner.committedConsumerFromStart(runner.topics().predictions())) {
                while (!stopped() && System.nanoTime() < deadline) {
                    List<Received> polled = pollPredictions(consumer, Duration.ofMillis(50));
                    for (Received received : polled) {
                        ConsumerRecord<byte[], byte[]> record = received.record();
                        long nowNanos = received.nanos();
                        long nowMillis = received.epochMillis();
                        Prediction p = received.prediction();
                        Integer d = decoderIndex.get(p.getJob());
                        int s = sessions.indexOf(p.getStreamId());
                        if (d == null || s < 0) {
                            continue;
                        }
                        long binIndex = p.getWindowStartMicros() / options.binMicros();
                        if (binIndex < 0 || binIndex > Integer.MAX_VALUE || !fileMode && binIndex >= totalBins) {
                            continue;
                        }
                        int b = (int) binIndex;
                        if (seen[d][s].get(b)) {
                            duplicates++;
                            continue;
                        }
                        seen[d][s].set(b);
                        predictions++;
                        long origin = fileMode ? firstBinStartMicros : 0;
                        Long sent = sendNanos.get(key(s, b));
                        double sentToReceivedMs = sent == null ? Double.NaN : (nowNanos - sent) / 1e6;
                        // the measure: both timestamps are the broker's append times
                        boolean inKafka = record.timestampType() == TimestampType.LOG_APPEND_TIME;
                        double inKafkaMs = inKafka ? record.timestamp() - p.getIngestTimeMillis() : Double.NaN;
                        // generator: latency of the closed-loop phase, the scored minutes after calibration
                        if (p.getWindowEndMicros() - origin >= latencyFromSeconds * 1e6) {
                            if (sent != null) {
                                sendLatency.add(sentToReceivedMs);
                            }
                            ingestLatency.add((double) (nowMillis - p.getIngestTimeMillis()));
                            jobLatency.add((double) (p.getEmitTimeMillis() - p.getIngestTimeMillis()));
                            if (inKafka) {
                                kafkaLatency.add(inKafkaMs);
                            }
                        }
                        if (latencyPng != null) {
                            double ms = inKafka ? inKafkaMs : sentToReceivedMs;
                            if (!Double.isNaN(ms)) {
                                plotBinEnds.add(p.getWindowEndMicros() - origin);
                                plotLatency.add(ms);
                            }
                        }
                        if (csv != null) {
                            csv.append(sessions.get(s)).append(',').append(configs.get(d).decoder().id())
                                    .append(',').append(b).append(',').append(nowMillis).append(',')
                                    .append(String.format(Locale.ROOT, "%.3f", sentToReceivedMs)).append(',')
                                    .append(p.getIngestTimeMillis()).append(',').append(p.getEmitTimeMillis())
                                    .append(',').append(inKafka ? Long.toString(record.timestamp()) : "")
                                    .append('\n');
                        }
                        if (fileMode) {
                            if (configs.get(d).decoder() == DecoderKind.RATES) {
                                double[] r = new double[p.getDecoded().size()];
                                for (int i = 0; i < r.length; i++) {
                                    r[i] = p.getDecoded().get(i);
                                }
                                rates.put(p.getWindowStartMicros(), r);
                            }
                            continue;
                        }
                        int minute = b / options.binsPerMinute();
                        boolean heldOut = b >= trainBins
                                && (b - trainBins) % options.binsPerMinute() >= labelledPerMinute;
                        if (heldOut && minute >= options.scoreFromMinute() && b < binsGenerated.get()
                                && p.getDecoded().size() == 2) {
                            decoded[0] = p.getDecoded().get(0);
                            decoded[1] = p.getDecoded().get(1);
                            r2[d][s][minute].add(new double[] {truth[2 * b], truth[2 * b + 1]}, decoded);
                        }
                    }
                    if (fileMode && replayer.done && fileBatches >= 0) {
                        expected = fileBatches * decoders;
                    }
                    double elapsed = (System.nanoTime() - startNanos) / 1e9;
                    if (listener != null && elapsed >= nextProgress) {
                        nextProgress = (long) elapsed + 1;
                        double eta = expected <= 0 || predictions == 0 ? Double.NaN
                                : elapsed * (expected - predictions) / predictions;
                        listener.progress(new Progress(replayer.spikesSent.get(),
                                replayer.spikesSent.get() / Math.max(1e-3, elapsed), replayer.batchesSent.get(),
                                predictions, expected, elapsed, eta, recoveries()));
                    }
                    // every bin predicted: read on to the end of the topic, so late duplicates count too
                    complete = expected >= 0 && predictions >= expected;
                    if (complete && end.reached(consumer, polled.size())) {
                        break;
                    }
                }
            }
            double wall = (System.nanoTime() - startNanos) / 1e9;
            if (csv != null) {
                Files.writeString(latencyCsv, csv);
            }
            if (latencyPng != null) {
                int n = plotLatency.size();
                long[] ends = new long[n];
                double[] ms = new double[n];
                for (int i = 0; i < n; i++) {
                    ends[i] = plotBinEnds.get(i);
                    ms[i] = plotLatency.get(i);
                }
                boolean kafkaMeasure = !kafkaLatency.isEmpty();
                SpikePlots.latency(ends, ms, n, (long) (latencyFromSeconds * 1e6), 5, String.format(Locale.ROOT,
                        "spike-decode latency per bin, %s (%d ms bins; grey: before second %.0f, not counted)",
                        kafkaMeasure ? "closing batch in Kafka -> prediction in Kafka" : "batch sent -> prediction received",
                        options.binMicros() / 1000, latencyFromSeconds), latencyPng);
            }
            long deadLetters = TopicRecords.count(runner.bootstrapServers(), runner.topics().deadLetters());
            long bins = fileMode ? Math.max(0, fileBatches) : totalBins;
            long missing = Math.max(0, (fileMode ? Math.max(0, expected) : expected) - predictions);
            Map<String, Double> r2Mean = new LinkedHashMap<>();
            Map<String, double[]> r2Minutes = new LinkedHashMap<>();
            if (!fileMode) {
                for (int d = 0; d < decoders; d++) {
                    for (int s = 0; s < sessions.size(); s++) {
                        String name = configs.get(d).decoder().id() + " "
                                + (sessions.get(s).equals(FROZEN) ? "frozen" : "adaptive");
                        double[] perMinute = new double[minutes];
                        double sum = 0;
                        int n = 0;
                        for (int m = 0; m < minutes; m++) {
                            perMinute[m] = r2[d][s][m].count() > 1 ? r2[d][s][m].mean() : Double.NaN;
                            if (m >= options.scoreFromMinute() && !Double.isNaN(perMinute[m])) {
                                sum += perMinute[m];
                                n++;
                            }
                        }
                        r2Mean.put(name, n == 0 ? Double.NaN : sum / n);
                        r2Minutes.put(name, perMinute);
                    }
                }
            }
            return new SpikeDemoSummary(source, units, bins, sessions.size(), decoders, replayer.spikesSent.get(),
                    Math.max(expected, 0), predictions, duplicates, missing, r2Mean, r2Minutes,
                    options.scoreFromMinute(), sendLatency.size(), Percentiles.of(sendLatency, 50),
                    Percentiles.of(sendLatency, 99), Percentiles.of(sendLatency, 99.9), Percentiles.of(ingestLatency, 50),
                    Percentiles.of(ingestLatency, 99), Percentiles.of(ingestLatency, 99.9), Percentiles.of(jobLatency, 50),
                    Percentiles.of(jobLatency, 99), kafkaLatency.size(), Percentiles.of(kafkaLatency, 50),
                    Percentiles.of(kafkaLatency, 99), Percentiles.of(kafkaLatency, 99.9), latencyFromSeconds, deadLetters, wall,
                    options.runSettings().deliveryName(), options.speed(),
                    options.parallelism(), complete, recoveries());
        }

        /** File mode: the spikes as they are on neural.spikes now, and the rates the job published. */
        FileOutput fileOutput(int unitCount, long batches) {
            String session = sessions.get(0);
            SingleObjectCodec<SpikeBatch> codec = SingleObjectCodec.of(SpikeBatch.class);
            List<SpikeBatch> read = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(runner.bootstrapServers(),
                    runner.topics().neuralSpikes(), Duration.ofSeconds(30))) {
                try {
                    SpikeBatch batch = codec.decode(r.value());
                    if (batch.getSessionId().equals(session)) {
                        read.add(batch);
                    }
                } catch (IOException e) {
                    // not ours
                }
            }
            read.sort((a, b) -> Long.compare(a.getSequence(), b.getSequence()));
            int total = 0;
            for (SpikeBatch batch : read) {
                total += batch.getSpikeCount();
            }
            long[] times = new long[total];
            int[] units = new int[total];
            int k = 0;
            for (SpikeBatch batch : read) {
                ByteBuffer view = PackedSpikes.view(batch.getSpikes());
                for (int i = 0; i < batch.getSpikeCount(); i++, k++) {
                    times[k] = batch.getStartTimeMicros() + PackedSpikes.dtMicros(view, i);
                    units[k] = PackedSpikes.unitIndex(view, i);
                }
            }
            long[] starts = new long[rates.size()];
            double[] values = new double[rates.size() * unitCount];
            int b = 0;
            for (var e : rates.entrySet()) {
                starts[b] = e.getKey();
                System.arraycopy(e.getValue(), 0, values, b * unitCount, Math.min(unitCount, e.getValue().length));
                b++;
            }
            return new FileOutput(session, unitCount, times, units, starts, values, batches);
        }
    }
}
