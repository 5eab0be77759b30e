package io.neurostream.apps.bench;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.apps.run.JobRun;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.Recording;
import io.neurostream.connectors.replay.Recordings;
import io.neurostream.connectors.replay.ReplayOptions;
import io.neurostream.connectors.replay.ReplayStats;
import io.neurostream.connectors.replay.ReplayTarget;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code neurostream bench}: how fast each job runs here, against what Kafka itself delivers.
 *
 * <ol>
 *   <li>Pre-fills the input topics with real recordings ({@code dvs.events}: the event-camera files,
 *       looped; {@code neural.spikes}: a spike recording), as fast as possible.</li>
 *   <li>The ceiling: a plain consumer reads each pre-filled topic from its start and decodes every
 *       record to its event (spike) count; events per second of that read.</li>
 *   <li>Per job: a backlog run (the job reads the pre-filled topic as fast as it can, bounded), then
 *       paced runs at rising input rates, each on fresh topics, the recording replayed at the pace
 *       that gives the rate while the job runs.</li>
 * </ol>
 *
 * Every job runs as {@code run} runs it ({@link JobRun}: its cluster topology from job arguments, on
 * a MiniCluster) in low-latency delivery. A step's sustained rate is the events its outputs account
 * for over the span between its first and last output record; latency is from the input record's
 * Kafka append time ({@code ingestTimeMillis}) to the output: a prediction's {@code emitTimeMillis},
 * a filtered packet's own Kafka append time.
 */
public final class Bench {
    /** The jobs the bench runs, in order. */
    public static final List<JobRun.Kind> JOBS = List.of(JobRun.Kind.DVS_INGEST, JobRun.Kind.DVS_CLASSIFY,
            JobRun.Kind.SPIKE_DECODE);

    /**
     * @param bootstrapServers an existing Kafka cluster, or null for the embedded broker
     * @param eventFiles event-camera recordings (looped) for the event jobs
     * @param spikeFile a spike recording for spike-decode
     * @param jobs which jobs, in order
     * @param prefillPasses passes of the event files in the pre-filled topic
     * @param eventRates paced input rates of the event jobs (events/s), rising
     * @param spikeRates paced input rates of spike-decode (spikes/s), rising
     * @param pacedSeconds how long each paced step feeds
     * @param parallelism MiniCluster parallelism
     * @param jobArguments extra job arguments per job id (e.g. dvs-ingest's filters)
     */
    public record Options(String bootstrapServers, List<Path> eventFiles, Path spikeFile, List<JobRun.Kind> jobs,
                          int prefillPasses, List<Double> eventRates, List<Double> spikeRates, double pacedSeconds,
                          int parallelism, Map<String, List<String>> jobArguments) {
        public Options {
            eventFiles = List.copyOf(eventFiles);
            jobs = List.copyOf(jobs);
            eventRates = List.copyOf(eventRates);
            spikeRates = List.copyOf(spikeRates);
            if (jobs.isEmpty()) {
                throw new IllegalArgumentException("--jobs: name at least one of dvs-ingest, dvs-classify, spike-decode");
            }
            if (prefillPasses < 1) {
                throw new IllegalArgumentException("--prefill-passes must be >= 1, got " + prefillPasses);
            }
            if (!(pacedSeconds >= 1)) {
                throw new IllegalArgumentException("--paced-seconds must be >= 1, got " + pacedSeconds);
            }
            for (double r : eventRates) {
                if (!(r > 0)) {
                    throw new IllegalArgumentException("--event-rates must be > 0 events/s, got " + r);
                }
            }
            for (double r : spikeRates) {
                if (!(r > 0)) {
                    throw new IllegalArgumentException("--spike-rates must be > 0 spikes/s, got " + r);
                }
            }
            if (jobs.stream().anyMatch(k -> k != JobRun.Kind.SPIKE_DECODE) && eventFiles.isEmpty()) {
                throw new IllegalArgumentException("the event jobs need event-camera recordings (--event-files)");
            }
            if (jobs.contains(JobRun.Kind.SPIKE_DECODE) && spikeFile == null) {
                throw new IllegalArgumentException("spike-decode needs a spike recording (--spike-file)");
            }
            jobArguments = Map.copyOf(jobArguments);
        }
    }

    /** Progress lines for the console. */
    private final Consumer<String> log;
    private final Options options;

    private io.neurostream.apps.cluster.ClusterJobs cluster;
    private Path clusterJar;

    public Bench(Options options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    /**
     * Runs the jobs on a Flink cluster (submitted through its REST API with {@code jar}, as {@code
     * neurostream submit} does) instead of a MiniCluster in this process. Its TaskManagers must reach
     * the brokers: {@code --bootstrap-servers}, or the embedded broker when the cluster runs on this machine.
     */
    public Bench onCluster(io.neurostream.apps.cluster.ClusterJobs jobs, Path jar) {
        this.cluster = jobs;
        this.clusterJar = jar;
        return this;
    }

    /** Runs every step and returns what was measured. */
    public BenchReport run() throws Exception {
        long start = System.nanoTime();
        NeurostreamTopics topics = NeurostreamTopics.defaults(options.parallelism());
        List<BenchReport.Step> steps = new ArrayList<>();
        Map<String, BenchReport.Ceiling> ceilings = new java.util.LinkedHashMap<>();
        String broker;
        try (LocalRunner runner = LocalRunner.start(options.bootstrapServers(), topics)) {
            String bootstrap = runner.bootstrapServers();
            broker = (runner.embedded() ? "embedded (" + bootstrap + ")" : bootstrap)
                    + (cluster == null ? "" : ", jobs on " + cluster.flink().jobManager());
            boolean events = options.jobs().stream().anyMatch(k -> k != JobRun.Kind.SPIKE_DECODE);
            boolean spikes = options.jobs().contains(JobRun.Kind.SPIKE_DECODE);
            // each run may leave data behind on a given cluster: the bench's own topic names, fresh per run
            String runId = Long.toString(System.currentTimeMillis(), 36);
            NeurostreamTopics input = new NeurostreamTopics("bench." + runId + ".dvs.events",
                    "bench." + runId + ".neural.spikes", "bench." + runId + ".labels", topics.control(),
                    topics.predictions(), topics.models(), topics.deadLetters(), options.parallelism());
            io.neurostream.connectors.kafka.TopicAdmin.createTopics(bootstrap, input.definitions());
            Map<String, Integer> packetEvents = new ConcurrentHashMap<>();
            long eventsSent = 0;
            long spikesSent = 0;
            if (events) {
                Recording rec = Recordings.open(options.eventFiles(),
                        ReplayOptions.defaults().withPasses(options.prefillPasses()));
                eventsSent = prefill(bootstrap, input, rec, packetEvents).events();
                ceilings.put(input.dvsEvents(), ceiling(bootstrap, input.dvsEvents(), eventsSent, true));
            }
            if (spikes) {
                Recording rec = Recordings.open(List.of(options.spikeFile()), ReplayOptions.defaults());
                spikesSent = prefill(bootstrap, input, rec, packetEvents).events();
                ceilings.put(input.neuralSpikes(), ceiling(bootstrap, input.neuralSpikes(), spikesSent, false));
            }
            int stepNumber = 0;
            for (JobRun.Kind kind : options.jobs()) {
                boolean spikeJob = kind == JobRun.Kind.SPIKE_DECODE;
                BenchReport.Ceiling ceiling = ceilings.get(spikeJob ? input.neuralSpikes() : input.dvsEvents());
                steps.add(step(kind, bootstrap, input, ++stepNumber, 0, spikeJob ? spikesSent : eventsSent, ceiling,
                        packetEvents));
                List<Double> rates = spikeJob ? options.spikeRates() : options.eventRates();
                for (double rate : rates) {
                    NeurostreamTopics fresh = stepTopics(input, runId, ++stepNumber);
                    steps.add(step(kind, bootstrap, fresh, stepNumber, rate, -1, ceiling, packetEvents));
                }
            }
        }
        return new BenchReport(broker, options.parallelism(), new ArrayList<>(ceilings.values()), steps,
                (System.nanoTime() - start) / 1e9);
    }

    /** Fresh input and output topics of one paced step (nothing of an earlier step is read again). */
    private static NeurostreamTopics stepTopics(NeurostreamTopics input, String runId, int step) {
        String p = "bench." + runId + ".step" + step + ".";
        return new NeurostreamTopics(p + "dvs.events", p + "neural.spikes", p + "labels", input.control(),
                p + "predictions", input.models(), input.deadLetters(), input.partitions());
    }

    private ReplayStats prefill(String bootstrap, NeurostreamTopics topics, Recording recording,
                                Map<String, Integer> packetEvents) throws Exception {
        log.accept("pre-filling: " + recording.describe().replace("\n", "; "));
        try (ReplayTarget target = new CountingTarget(new KafkaReplayTarget(bootstrap, topics,
                KafkaReplayTarget.BULK_LINGER_MILLIS), packetEvents)) {
            ReplayStats stats = recording.replay(target, Pacer.asFastAsPossible(), null);
            log.accept(String.format(Locale.ROOT, "  %,d events in %,d records, %.1f s", stats.events(), stats.packets(),
                    stats.wallSeconds()));
            return stats;
        }
    }

    /**
     * The ceiling: a plain consumer (read_committed, no group) reads {@code topic} from its start to
     * its end offsets and decodes every record to its event count.
     */
    static BenchReport.Ceiling ceiling(String bootstrap, String topic, long expectedEvents, boolean packets)
            throws IOException {
        SingleObjectCodec<EventPacket> packetCodec = SingleObjectCodec.of(EventPacket.class);
        SingleObjectCodec<SpikeBatch> batchCodec = SingleObjectCodec.of(SpikeBatch.class);
        long events = 0;
        long records = 0;
        long bytes = 0;
        long startNanos;
        long endNanos;
        try (KafkaConsumer<byte[], byte[]> consumer = TopicRecords.fromStart(bootstrap, topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            consumer.assignment().forEach(consumer::position); // metadata and offsets before the clock starts
            startNanos = System.nanoTime();
            long deadline = startNanos + 300_000_000_000L;
            while (!atEnd(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    events += packets ? packetCodec.decode(r.value()).getEventCount()
                            : batchCodec.decode(r.value()).getSpikeCount();
                    records++;
                    bytes += r.serializedValueSize();
                }
            }
            endNanos = System.nanoTime();
        }
        if (events != expectedEvents) {
            throw new IllegalStateException("the ceiling read " + events + " events from " + topic + ", the pre-fill sent "
                    + expectedEvents);
        }
        double seconds = (endNanos - startNanos) / 1e9;
        return new BenchReport.Ceiling(topic, records, events, bytes, seconds);
    }

    /** True once the consumer's position has reached {@code end} in every partition. */
    static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * One step: {@code rate} 0 = backlog (the pre-filled topics, bounded run), else paced at {@code rate}
     * events/s on fresh topics for {@link Options#pacedSeconds()}.
     */
    private BenchReport.Step step(JobRun.Kind kind, String bootstrap, NeurostreamTopics topics, int number, double rate,
                                  long eventsPrefilled, BenchReport.Ceiling ceiling, Map<String, Integer> packetEvents)
            throws Exception {
        boolean paced = rate > 0;
        String outputTopic = kind == JobRun.Kind.DVS_INGEST ? topics.dvsEvents() + ".filtered" : topics.predictions();
        List<String> args = new ArrayList<>(List.of("--delivery", "low-latency", "--group-id",
                "bench-" + kind.id() + "-" + number + "-" + System.nanoTime(),
                "--partitions", Integer.toString(topics.partitions()),
                "--topic-dvs-events", topics.dvsEvents(), "--topic-neural-spikes", topics.neuralSpikes(),
                "--topic-labels", topics.labels(), "--topic-predictions", topics.predictions()));
        if (kind == JobRun.Kind.DVS_INGEST) {
            args.addAll(List.of("--topic-filtered", outputTopic));
        }
        args.addAll(options.jobArguments().getOrDefault(kind.id(), List.of()));
        JobRun run = new JobRun(new JobRun.Options(kind, bootstrap, args, paced, Duration.ofMinutes(paced ? 10 : 30)));
        if (cluster != null) {
            run.onCluster(cluster, clusterJar);
        }
        if (kind == JobRun.Kind.DVS_INGEST) {
            // the probe subscribes to the output topic before the job creates it
            io.neurostream.connectors.kafka.TopicAdmin.createTopics(bootstrap, List.of(
                    new org.apache.kafka.clients.admin.NewTopic(outputTopic, topics.partitions(), (short) 1)
                            .configs(Map.of("message.timestamp.type", "LogAppendTime"))));
        }
        Recording feed = null;
        java.util.function.IntFunction<Recording> loop = null;
        double speed = 0;
        if (paced) {
            boolean spikes = kind == JobRun.Kind.SPIKE_DECODE;
            List<Path> files = spikes ? List.of(options.spikeFile()) : options.eventFiles();
            double recordingRate = recordingEventsPerSecond(files, spikes);
            speed = rate / recordingRate;
            feed = Recordings.open(files, ReplayOptions.defaults().withPasses(spikes ? 1 : ReplayOptions.FOREVER));
            if (spikes) {
                String session = Recordings.defaultId(options.spikeFile());
                loop = pass -> {
                    try {
                        return Recordings.open(files, ReplayOptions.defaults().withIds(List.of(session + "-" + pass)));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
            }
        }
        log.accept(String.format(Locale.ROOT, "%s: %s", kind.id(), paced
                ? String.format(Locale.ROOT, "paced at %,.0f %s/s for %.0f s (recording at %.3gx)", rate,
                kind == JobRun.Kind.SPIKE_DECODE ? "spikes" : "events", options.pacedSeconds(), speed)
                : String.format(Locale.ROOT, "backlog of %,d %s, as fast as possible", eventsPrefilled,
                kind == JobRun.Kind.SPIKE_DECODE ? "spikes" : "events")));
        StepProbe probe = new StepProbe(kind, outputTopic, paced ? new ConcurrentHashMap<>() : packetEvents, feed,
                new Pacer(speed), options.pacedSeconds(), run, loop);
        LocalFlink flink = new LocalFlink(options.parallelism(), 10_000, "hashmap", 0, 0, true);
        JobRun.RunSummary summary;
        try (run) {
            summary = run.run(flink, null, probe, p -> { });
        }
        BenchReport.Step step = probe.result(number, rate, paced ? probe.eventsFed() : eventsPrefilled, summary.eventsIn(),
                summary.eventsDropped(), summary.deadLetters(), ceiling);
        log.accept("  " + step.toLine() + (probe.afterFeedOutputs() > 0
                ? String.format(Locale.ROOT, " [%,d outputs after the feed stopped, not measured]", probe.afterFeedOutputs())
                : ""));
        return step;
    }

    /** Events per second of recording time of one pass, all inputs together (each input keeps its own clock). */
    private static double recordingEventsPerSecond(List<Path> files, boolean spikes) throws Exception {
        double total = 0;
        for (Path f : files) {
            ReplayStats s = Recordings.open(List.of(f), ReplayOptions.defaults())
                    .replay(new CountingTarget(null, null), Pacer.asFastAsPossible(), null);
            total += s.events() / Math.max(1e-6, s.recordingSeconds());
        }
        return total;
    }

    /**
     * Passes records on (to Kafka, or nowhere when {@code next} is null) and notes each packet's event
     * count by sensor and sequence, and each spike batch's spike count by session and start time, so
     * that an output (a filtered packet, a bin's prediction) can be traced to its input's count.
     */
    static final class CountingTarget implements ReplayTarget {
        private final ReplayTarget next;
        private final Map<String, Integer> packetEvents;

        CountingTarget(ReplayTarget next, Map<String, Integer> packetEvents) {
            this.next = next;
            this.packetEvents = packetEvents;
        }

        static String key(String sensorId, long sequence) {
            return sensorId + "#" + sequence;
        }

        @Override
        public void packet(EventPacket packet) {
            if (packetEvents != null) {
                packetEvents.put(key(packet.getSensorId(), packet.getSequence()), packet.getEventCount());
            }
            if (next != null) {
                next.packet(packet);
            }
        }

        @Override
        public void spikes(SpikeBatch batch) {
            if (packetEvents != null) {
                packetEvents.put(key(batch.getSessionId(), batch.getStartTimeMicros()), batch.getSpikeCount());
            }
            if (next != null) {
                next.spikes(batch);
            }
        }

        @Override
        public void label(Label label) {
            if (next != null) {
                next.label(label);
            }
        }

        @Override
        public void flush() {
            if (next != null) {
                next.flush();
            }
        }

        @Override
        public void close() {
            if (next != null) {
                next.close();
            }
        }
    }
}
