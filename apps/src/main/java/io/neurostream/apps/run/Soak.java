package io.neurostream.apps.run;

import io.neurostream.apps.common.Percentiles;
import io.neurostream.apps.plot.Figure;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.Recording;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code run --soak-minutes N}: a steady input for a long time, watched for what leaks. Beside the job
 * ({@link JobRun.Companion}) it replays a recording in a loop at a fixed pace and, every sample
 * interval, records heap used before and after a full GC, the process's resident set, the job's
 * consumer lag on its input topic, and the latency of the predictions committed in that interval;
 * at the end it writes them as CSV and PNG and judges whether heap after GC and lag grew
 * ({@link Verdict}).
 *
 * <p>Everything runs in this process (broker, MiniCluster, job, replay), so the heap and resident
 * set are those of the whole pipeline. The full GC at each sample pauses the job briefly; its cost
 * shows in the latency columns, which is why samples are seconds apart.
 */
public final class Soak implements JobRun.Companion {
    /** The first samples are warm-up (JIT, the first windows, the model filling): not judged. */
    static final double WARM_UP_SHARE = 1.0 / 3;

    /** One row of the CSV. Latencies are NaN when no prediction was committed in the interval. */
    public record Sample(double elapsedSeconds, long eventsSent, double eventsPerSecond, long predictions,
                         double heapUsedMb, double heapAfterGcMb, double rssMb, long lagRecords,
                         double jobLatencyP50Ms, double jobLatencyP99Ms, double visibleLatencyP50Ms,
                         double visibleLatencyP99Ms) {
        static final String CSV_HEADER = "elapsed_s,events_sent,events_per_s,predictions,heap_used_mb,"
                + "heap_after_gc_mb,rss_mb,lag_records,job_latency_p50_ms,job_latency_p99_ms,"
                + "visible_latency_p50_ms,visible_latency_p99_ms";

        String csv() {
            return String.format(Locale.ROOT, "%.1f,%d,%.0f,%d,%.1f,%.1f,%.1f,%d,%.1f,%.1f,%.1f,%.1f", elapsedSeconds,
                    eventsSent, eventsPerSecond, predictions, heapUsedMb, heapAfterGcMb, rssMb, lagRecords,
                    jobLatencyP50Ms, jobLatencyP99Ms, visibleLatencyP50Ms, visibleLatencyP99Ms);
        }
    }

    /**
     * Whether the run held steady, judged after the warm-up third on the two halves of what remains
     * (medians, so one slow sample does not decide): heap after GC may grow by at most
     * {@code max(32 MB, 10 %)}, the lag by at most the records the feed sends in 10 s plus 10 %.
     */
    public record Verdict(int samplesJudged, double heapAfterGcEarlyMb, double heapAfterGcLateMb, double heapLimitMb,
                          double lagEarlyRecords, double lagLateRecords, double lagLimitRecords, boolean heapSteady,
                          boolean lagSteady) {
        public boolean steady() {
            return heapSteady && lagSteady;
        }

        public double heapGrowthMb() {
            return heapAfterGcLateMb - heapAfterGcEarlyMb;
        }

        public double lagGrowthRecords() {
            return lagLateRecords - lagEarlyRecords;
        }

        /** {@code recordsPerSecond}: input records (packets) the feed sends per second. */
        public static Verdict of(List<Sample> samples, double recordsPerSecond) {
            int from = (int) Math.ceil(samples.size() * WARM_UP_SHARE);
            List<Sample> judged = samples.subList(Math.min(from, samples.size()), samples.size());
            if (judged.size() < 4) {
                throw new IllegalStateException("a soak needs at least 4 samples after its warm-up third, got "
                        + judged.size() + ": run longer or sample more often");
            }
            List<Sample> early = judged.subList(0, judged.size() / 2);
            List<Sample> late = judged.subList(judged.size() / 2, judged.size());
            double heapEarly = median(early, Sample::heapAfterGcMb);
            double heapLate = median(late, Sample::heapAfterGcMb);
            double lagEarly = median(early, s -> (double) s.lagRecords());
            double lagLate = median(late, s -> (double) s.lagRecords());
            double heapLimit = heapEarly + Math.max(32, 0.10 * heapEarly);
            double lagLimit = lagEarly * 1.10 + 10 * recordsPerSecond;
            return new Verdict(judged.size(), heapEarly, heapLate, heapLimit, lagEarly, lagLate, lagLimit,
                    heapLate <= heapLimit, lagLate <= lagLimit);
        }

        private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
            List<Double> values = new ArrayList<>();
            samples.forEach(s -> values.add(value.applyAsDouble(s)));
            return Percentiles.of(values, 50);
        }
    }

    private final Recording recording;
    private final Pacer pacer;
    private final Duration sampleEvery;
    private final Consumer<Sample> onSample;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong packetsSent = new AtomicLong();
    private final List<double[]> latencies = new ArrayList<>(); // {job ms, visible ms}, guarded by itself
    private final AtomicLong predictions = new AtomicLong();
    private volatile boolean stopping;
    private volatile Throwable feedFailure;
    private Thread feedThread;
    private Thread sampleThread;
    private Thread predictionsThread;
    private long startNanos;

    /**
     * @param recording what to replay, opened to loop until stopped
     * @param pacer its pace (speed &gt; 0: a soak at "as fast as possible" measures a backlog, not a steady state)
     * @param onSample called with every sample, from the sampling thread
     */
    public Soak(Recording recording, Pacer pacer, Duration sampleEvery, Consumer<Sample> onSample) {
        if (pacer.speed() <= 0) {
            throw new IllegalArgumentException("a soak needs a steady input: give --speed > 0 (1 = real time)");
        }
        if (sampleEvery.toMillis() < 500) {
            throw new IllegalArgumentException("--soak-sample-s must be >= 0.5 s, got " + sampleEvery);
        }
        this.recording = recording;
        this.pacer = pacer;
        this.sampleEvery = sampleEvery;
        this.onSample = onSample;
    }

    @Override
    public void jobStarted(String bootstrapServers, NeurostreamTopics topics, String groupId, String inputTopic) {
        startNanos = System.nanoTime();
        feedThread = new Thread(() -> feed(bootstrapServers, topics), "soak-feed");
        predictionsThread = new Thread(() -> readPredictions(bootstrapServers, topics.predictions()), "soak-predictions");
        sampleThread = new Thread(() -> sample(bootstrapServers, groupId, inputTopic), "soak-sampler");
        for (Thread t : List.of(feedThread, predictionsThread, sampleThread)) {
            t.setDaemon(true);
            t.start();
        }
    }

    private void feed(String bootstrapServers, NeurostreamTopics topics) {
        try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrapServers, topics, pacer)) {
            recording.replay(target, pacer, soFar -> {
                eventsSent.set(soFar.events());
                packetsSent.set(soFar.packets());
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            if (!stopping) {
                feedFailure = e;
            }
        }
    }

    private void readPredictions(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        SingleObjectCodec<Prediction> codec = SingleObjectCodec.of(Prediction.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions); // the soak's own predictions only
            partitions.forEach(consumer::position);
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.currentTimeMillis();
                    try {
                        Prediction pr = codec.decode(r.value());
                        predictions.incrementAndGet();
                        synchronized (latencies) {
                            latencies.add(new double[] {pr.getEmitTimeMillis() - pr.getIngestTimeMillis(),
                                    now - pr.getIngestTimeMillis()});
                        }
                    } catch (IOException e) {
                        // not ours to judge here: the run's summary counts undecodable records
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // stopping
        }
    }

    private void sample(String bootstrapServers, String groupId, String inputTopic) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            long next = startNanos;
            long lastEvents = 0;
            double lastElapsed = 0;
            while (!stopping) {
                next += sampleEvery.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (stopping) {
                    break;
                }
                Sample s = takeSample(admin, groupId, inputTopic, lastEvents, lastElapsed);
                lastEvents = s.eventsSent();
                lastElapsed = s.elapsedSeconds();
                samples.add(s);
                onSample.accept(s);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Sample takeSample(Admin admin, String groupId, String inputTopic, long lastEvents, double lastElapsed) {
        var memory = ManagementFactory.getMemoryMXBean();
        double heapUsedMb = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
        System.gc(); // a full GC (ParallelGC, G1): what is left is what the pipeline holds on to
        double heapAfterGcMb = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long events = eventsSent.get();
        List<double[]> interval;
        synchronized (latencies) {
            interval = new ArrayList<>(latencies);
            latencies.clear();
        }
        List<Double> job = new ArrayList<>();
        List<Double> visible = new ArrayList<>();
        for (double[] l : interval) {
            job.add(l[0]);
            visible.add(l[1]);
        }
        return new Sample(elapsed, events, (events - lastEvents) / Math.max(1e-9, elapsed - lastElapsed),
                predictions.get(), heapUsedMb, heapAfterGcMb, residentSetMb(), lag(admin, groupId, inputTopic),
                Percentiles.of(job, 50), Percentiles.of(job, 99), Percentiles.of(visible, 50), Percentiles.of(visible, 99));
    }

    /** Records in {@code topic} the job's group has not committed yet (all of them before its first checkpoint). */
    static long lag(Admin admin, String groupId, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new LinkedHashMap<>();
            for (var info : partitions) {
                latest.put(new TopicPartition(topic, info.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1; // broker busy: a gap in the lag column, not a failed soak
        }
    }

    /** VmRSS of this process (Linux), NaN where /proc is not there. */
    static double residentSetMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }

    /** Stops the feed and the sampler (idempotent); the samples stay readable. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        pacer.stop();
        for (Thread t : new Thread[] {feedThread, sampleThread, predictionsThread}) {
            if (t != null) {
                if (t == sampleThread) {
                    t.interrupt(); // wakes it from its sleep; the others see the flag within a poll
                }
                try {
                    t.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The feed's failure, if it stopped before the soak did (null otherwise). */
    public Throwable feedFailure() {
        return feedFailure;
    }

    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Input records (packets) per second over the soak. */
    public double recordsPerSecond() {
        List<Sample> s = samples();
        return s.isEmpty() ? 0 : packetsSent.get() / s.get(s.size() - 1).elapsedSeconds();
    }

    public Verdict verdict() {
        return Verdict.of(samples(), recordsPerSecond());
    }

    /** Heap, resident set, lag, latency and input rate over the soak, with the verdict's limits. */
    public void writePng(String title, Path png) throws IOException {
        List<Sample> s = samples();
        int n = s.size();
        double[] minutes = new double[n];
        double[][] c = new double[9][n];
        for (int i = 0; i < n; i++) {
            Sample a = s.get(i);
            minutes[i] = a.elapsedSeconds() / 60;
            double[] row = {a.heapUsedMb(), a.heapAfterGcMb(), a.rssMb(), a.lagRecords() < 0 ? Double.NaN : a.lagRecords(),
                a.jobLatencyP50Ms(), a.jobLatencyP99Ms(), a.visibleLatencyP99Ms(), a.eventsPerSecond(), a.predictions()};
            for (int k = 0; k < row.length; k++) {
                c[k][i] = row[k];
            }
        }
        Verdict v = n >= 6 ? verdict() : null;
        double xMax = n == 0 ? 1 : Math.max(minutes[n - 1], 1e-3);
        Figure memory = panel(title + ": memory", "MB", xMax, max(c[0], c[1], c[2], v == null ? 0 : v.heapLimitMb()))
                .line(minutes, c[0], n, Figure.BLUE, "heap used")
                .line(minutes, c[1], n, Figure.ORANGE, "heap after a full GC")
                .line(minutes, c[2], n, Figure.GREEN, "resident set");
        Figure lag = panel("Consumer lag of the job on its input topic", "lag (records)", xMax,
                max(c[3], v == null ? 0 : v.lagLimitRecords()))
                .line(minutes, c[3], n, Figure.BLUE, "lag");
        if (v != null) {
            memory.rule(v.heapLimitMb(), Figure.RED, "heap-after-GC limit", true);
            lag.rule(v.lagLimitRecords(), Figure.RED, "lag limit", true);
        }
        Figure latency = panel("Latency of the predictions committed in each interval", "latency (ms)", xMax,
                max(c[4], c[5], c[6]))
                .line(minutes, c[4], n, Figure.BLUE, "ingest to emit p50")
                .line(minutes, c[5], n, Figure.ORANGE, "ingest to emit p99")
                .line(minutes, c[6], n, Figure.GREEN, "ingest to visible (read_committed) p99");
        Figure rate = panel("Input rate", "events/s", xMax, max(c[7]))
                .line(minutes, c[7], n, Figure.BLUE, "events sent per second");
        Figure.writeStacked(List.of(memory, lag, latency, rate), png);
    }

    private static Figure panel(String title, String yLabel, double xMax, double yMax) {
        return new Figure(title, 1000, 300).x("wall time (min)", 0, xMax).y(yLabel, 0, yMax > 0 ? yMax * 1.05 : 1).grid();
    }

    private static double max(double[]... columns) {
        double m = 0;
        for (double[] column : columns) {
            for (double v : column) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, v);
                }
            }
        }
        return m;
    }

    private static double max(double[] a, double b) {
        return Math.max(max(a), b);
    }

    private static double max(double[] a, double[] b, double[] c, double d) {
        return Math.max(max(a, b, c), d);
    }

    public void writeCsv(Path csv) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Sample.CSV_HEADER);
        samples().forEach(s -> lines.add(s.csv()));
        Files.write(csv, lines);
    }
}
