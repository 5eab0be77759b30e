package io.neurostream.apps.run;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.SummaryJson;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.dvs.EventFilterFunction;
import io.neurostream.flink.dvs.LiquidClassifierFunction;
import io.neurostream.flink.spikes.SpikeDecodeConfig;
import io.neurostream.flink.spikes.SpikeDecodeFunction;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.jobs.dvs.DvsIngestJob;
import io.neurostream.jobs.spikes.SpikeDecodeJob;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code neurostream run <job>}: one of the deployable jobs, exactly as its cluster {@code main}
 * builds it from {@code --key value} job arguments, on a Flink MiniCluster against the embedded
 * broker or an existing Kafka cluster, optionally fed first by a {@link Feed} (file replay).
 *
 * <p>By default the run is bounded: the job's sources stop at the end offsets seen when it starts,
 * so it processes what is in the topics (what the feed sent, plus what was there), closes its last
 * windows and finishes; the summary then holds exact counts (Flink accumulators of the finished
 * job and every committed record it wrote). With {@code follow} the job keeps consuming until
 * {@link #stop()} (Ctrl-C) or the timeout, and the counts are those at that moment.
 */
public final class JobRun implements AutoCloseable {
    /** The jobs {@code run} knows. */
    public enum Kind {
        DVS_CLASSIFY(DvsClassifyJob.NAME, DvsClassifyJob.OPTIONS),
        DVS_INGEST(DvsIngestJob.NAME, DvsIngestJob.OPTIONS),
        SPIKE_DECODE(SpikeDecodeJob.NAME, SpikeDecodeJob.OPTIONS);

        private final String id;
        private final Map<String, String> options;

        Kind(String id, Map<String, String> options) {
            this.id = id;
            this.options = options;
        }

        public String id() {
            return id;
        }

        /** The job's own options (beside {@link JobArguments#COMMON_OPTIONS}). */
        public Map<String, String> options() {
            return options;
        }

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.id.equals(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown job '" + text + "': dvs-classify, dvs-ingest or spike-decode");
        }
    }

    /**
     * @param kind which job
     * @param bootstrapServers an existing Kafka cluster, or null for the embedded broker
     * @param jobArguments the job's {@code --key value} arguments, as its cluster main takes them
     *     (without {@code --bootstrap-servers}, which the run supplies)
     * @param follow keep consuming until stopped, instead of a bounded run
     * @param timeout give up (bounded) or stop (follow) after this long
     */
    public record Options(Kind kind, String bootstrapServers, List<String> jobArguments, boolean follow,
                          Duration timeout) {
        public Options {
            jobArguments = List.copyOf(jobArguments);
            if (jobArguments.contains("--bootstrap-servers")) {
                throw new IllegalArgumentException("give the broker with --bootstrap-servers or --embedded of 'run', "
                        + "not as a job argument");
            }
            if (jobArguments.contains("--bounded")) {
                throw new IllegalArgumentException("--bounded is set by 'run' (use --follow for an unbounded run)");
            }
        }
    }

    /** Writes input into the topics before the job starts (e.g. a file replay); returns records sent. */
    @FunctionalInterface
    public interface Feed {
        long send(String bootstrapServers, NeurostreamTopics topics) throws Exception;
    }

    /**
     * Runs beside the job from the moment it is submitted until it ends (a soak's steady feed and
     * its sampler); closed before the final read-back, also when the run fails.
     */
    public interface Companion extends AutoCloseable {
        /**
         * @param groupId the job's consumer group (its committed offsets give the input lag)
         * @param inputTopic the job's main input topic (events or spikes)
         */
        void jobStarted(String bootstrapServers, NeurostreamTopics topics, String groupId, String inputTopic)
                throws Exception;

        @Override
        void close();
    }

    /** Progress, about once a second. */
    public record Progress(String phase, long predictions, long deadLetters, double elapsedSeconds) {}

    private final Options options;
    private final JobArguments validated;
    private volatile LocalRunner runner;
    private volatile boolean stopped;
    private volatile Duration killTaskManagerAfter;
    private volatile Consumer<String> notices;
    private volatile Consumer<LocalRunner> onRunnerStarted = r -> { };
    private volatile Collected lastCollected;
    private volatile io.neurostream.apps.cluster.ClusterJobs cluster;
    private volatile java.nio.file.Path clusterJar;

    /** Checks the job arguments (fails naming the option) before anything starts. */
    public JobRun(Options options) {
        this.options = options;
        this.validated = arguments(options, "localhost:0");
        if (options.kind() == Kind.DVS_CLASSIFY) {
            DvsClassifyJob.Settings.from(validated);
        } else if (options.kind() == Kind.DVS_INGEST) {
            DvsIngestJob.stagesFrom(validated);
        } else {
            SpikeDecodeJob.settingsFrom(validated);
        }
        validated.getBoolean("object-reuse", true);
    }

    private static JobArguments arguments(Options options, String bootstrap) {
        List<String> args = new ArrayList<>(options.jobArguments());
        args.add("--bootstrap-servers");
        args.add(bootstrap);
        args.add("--bounded");
        args.add(Boolean.toString(!options.follow()));
        return JobArguments.parse(args.toArray(String[]::new), options.kind().options().keySet());
    }

    /**
     * Kills the TaskManager running the job {@code delay} after it started ({@code
     * --kill-taskmanager-after-s}); {@code notices} hears what happens, the summary counts the recoveries.
     */
    public JobRun killTaskManagerAfter(Duration delay, Consumer<String> notices) {
        this.killTaskManagerAfter = delay;
        this.notices = notices;
        return this;
    }

    /**
     * Runs the job on a Flink cluster instead of a MiniCluster: submitted through the JobManager's
     * REST API as {@code neurostream submit} does ({@code jar} = the shaded job jar), watched, its
     * accumulators read and, when the run is stopped, cancelled there. The cluster's TaskManagers must
     * reach the Kafka brokers of the run ({@code --bootstrap-servers}); the MiniCluster settings given to
     * {@link #run} then only supply the parallelism.
     */
    public JobRun onCluster(io.neurostream.apps.cluster.ClusterJobs jobs, java.nio.file.Path jar) {
        this.cluster = jobs;
        this.clusterJar = jar;
        return this;
    }

    /** Writes the run's pictures ({@link RunPlots}) into {@code dir}; returns the files written. */
    public List<java.nio.file.Path> writePlots(java.nio.file.Path dir) throws IOException {
        Collected c = lastCollected;
        return c == null ? List.of() : c.plots.write(dir, options.kind().id());
    }

    /** The job arguments, checked (bootstrap servers still a placeholder). */
    public JobArguments arguments() {
        return validated;
    }

    /** Called with the runner once its broker and topics exist, before the feed and the job (e.g. a live view). */
    public JobRun whenRunnerStarts(Consumer<LocalRunner> listener) {
        onRunnerStarted = listener;
        return this;
    }

    /** The topics of the run (names from the job arguments). */
    public NeurostreamTopics topics() {
        return validated.topics();
    }

    /**
     * Runs to the end: feed, job, collection.
     *
     * @param flink the MiniCluster settings (they may depend on {@link #delivery()})
     */
    public RunSummary run(LocalFlink flink, Feed feed, Consumer<Progress> listener) throws Exception {
        return run(flink, feed, null, listener);
    }

    /**
     * Runs to the end as {@link #run(LocalFlink, Feed, Consumer)}, with {@code companion} (may be
     * null) started once the job is submitted and closed when it has ended.
     */
    public RunSummary run(LocalFlink flink, Feed feed, Companion companion, Consumer<Progress> listener)
            throws Exception {
        try (Companion beside = companion) {
            return runWith(flink, feed, beside, listener);
        }
    }

    private RunSummary runWith(LocalFlink flink, Feed feed, Companion companion, Consumer<Progress> listener)
            throws Exception {
        long startNanos = System.nanoTime();
        NeurostreamTopics topics = validated.topics();
        LocalRunner r = LocalRunner.start(options.bootstrapServers(), topics);
        runner = r;
        if (killTaskManagerAfter != null) {
            r.killTaskManagerAfter(killTaskManagerAfter, notices);
        }
        onRunnerStarted.accept(r);
        if (stopped) {
            throw new InterruptedException("stopped");
        }
        String bootstrap = r.bootstrapServers();
        Map<TopicPartition, Long> predictionsFrom = endOffsets(r, topics.predictions());
        Map<TopicPartition, Long> deadLettersFrom = endOffsets(r, topics.deadLetters());
        long sent = -1;
        if (feed != null) {
            listener.accept(new Progress("replaying into " + bootstrap, 0, 0, seconds(startNanos)));
            sent = feed.send(bootstrap, topics);
        }
        JobArguments arguments = arguments(options, bootstrap);
        String groupId = arguments.get("group-id", options.kind().id());
        String filteredTopic = null;
        if (options.kind() == Kind.DVS_INGEST) {
            io.neurostream.connectors.kafka.TopicAdmin.createTopics(bootstrap, List.of(DvsIngestJob.filteredTopic(arguments)));
            // dvs-ingest writes filtered packets, not predictions: those are its outputs
            filteredTopic = DvsIngestJob.filteredTopic(arguments).name();
            predictionsFrom = endOffsets(r, filteredTopic);
        }
        io.neurostream.apps.cluster.ClusterJobs remote = cluster;
        String remoteJobId = null;
        if (remote != null) {
            List<String> jobOptions = new ArrayList<>(options.jobArguments());
            jobOptions.addAll(List.of("--bootstrap-servers", bootstrap, "--bounded", Boolean.toString(!options.follow())));
            remoteJobId = remote.submit(new io.neurostream.apps.cluster.ClusterJobs.Submission(options.kind(), clusterJar,
                    jobOptions, flink.parallelism(), null, false, Duration.ofMinutes(5))).jobId();
        }
        JobClient client = remote != null ? null : r.submit(flink, groupId, env -> {
            if (options.kind() == Kind.DVS_CLASSIFY) {
                DvsClassifyJob.fromArguments(arguments, topics).build(env);
            } else if (options.kind() == Kind.DVS_INGEST) {
                DvsIngestJob.fromArguments(arguments, topics).build(env);
            } else {
                SpikeDecodeJob.fromArguments(arguments, topics).build(env);
            }
        });
        if (companion != null) {
            companion.jobStarted(bootstrap, topics, groupId,
                    options.kind() == Kind.SPIKE_DECODE ? topics.neuralSpikes() : topics.dvsEvents());
        }
        Collected collected = new Collected();
        collected.filteredTopic = filteredTopic;
        lastCollected = collected;
        long deadline = System.nanoTime() + options.timeout().toNanos();
        // A local job's MiniCluster shuts down when the job ends: watch the result, not the status.
        var result = client == null ? null : client.getJobExecutionResult();
        ClusterWatch watch = remote == null ? null : new ClusterWatch(remote.flink(), remoteJobId);
        JobStatus status;
        Map<String, Object> accumulators = Map.of();
        try (KafkaConsumer<byte[], byte[]> consumer = r.committedConsumer("neurostream-run-" + System.nanoTime(), List.of())) {
            List<TopicPartition> partitions = new ArrayList<>(predictionsFrom.keySet());
            partitions.addAll(deadLettersFrom.keySet());
            consumer.assign(partitions);
            predictionsFrom.forEach(consumer::seek);
            deadLettersFrom.forEach(consumer::seek);
            long nextProgress = 0;
            while (!(watch != null ? watch.ended() : result.isDone()) && !stopped && System.nanoTime() < deadline) {
                poll(consumer, topics, collected);
                double elapsed = seconds(startNanos);
                if (elapsed >= nextProgress) {
                    nextProgress = (long) elapsed + 1;
                    listener.accept(new Progress(options.follow() ? "following (Ctrl-C stops)" : "running",
                            collected.predictions, collected.deadLetters, elapsed));
                }
            }
            if (watch != null) {
                if (watch.ended()) {
                    if (!"FINISHED".equals(watch.state)) {
                        throw new IllegalStateException("the job " + remoteJobId + " on " + remote.flink().jobManager()
                                + " ended " + watch.state + ": " + remote.flink().latestFailure(remoteJobId));
                    }
                    status = JobStatus.FINISHED;
                    accumulators = remote.flink().accumulators(remoteJobId);
                } else {
                    if (companion != null) {
                        companion.close();
                    }
                    accumulators = remote.flink().accumulators(remoteJobId);
                    remote.flink().cancel(remoteJobId);
                    status = JobStatus.CANCELED;
                }
            } else if (result.isDone()) {
                try {
                    accumulators = result.get().getAllAccumulatorResults();
                    status = JobStatus.FINISHED;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the job failed: " + rootMessage(e), e);
                }
            } else {
                if (companion != null) {
                    companion.close(); // stop feeding before the job is cancelled
                }
                accumulators = client.getAccumulators().get();
                r.cancelJob();
                status = JobStatus.CANCELED;
            }
            // Everything the job committed: read up to the end offsets as they are now.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long drainDeadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < drainDeadline && !atEnd(consumer, end)) {
                poll(consumer, topics, collected);
            }
        }
        return summary(sent, accumulators, collected, status, seconds(startNanos), r.embedded(), bootstrap,
                r.recoveries());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static Map<TopicPartition, Long> endOffsets(LocalRunner r, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = r.committedConsumer("neurostream-run-offsets", List.of())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return new HashMap<>(c.endOffsets(partitions));
        }
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The state of a job on a cluster, asked at most once a second. */
    private static final class ClusterWatch {
        private final io.neurostream.apps.cluster.FlinkRestClient flink;
        private final String jobId;
        private long nextAskNanos;
        String state = "";

        ClusterWatch(io.neurostream.apps.cluster.FlinkRestClient flink, String jobId) {
            this.flink = flink;
            this.jobId = jobId;
        }

        boolean ended() {
            if (System.nanoTime() >= nextAskNanos && !io.neurostream.apps.cluster.FlinkRestClient.TERMINAL_STATES.contains(state)) {
                state = flink.state(jobId);
                nextAskNanos = System.nanoTime() + 1_000_000_000L;
            }
            return io.neurostream.apps.cluster.FlinkRestClient.TERMINAL_STATES.contains(state);
        }
    }

    /** What the job committed, as read back. */
    private static final class Collected {
        final SingleObjectCodec<Prediction> predictionCodec = SingleObjectCodec.of(Prediction.class);
        final SingleObjectCodec<DeadLetter> deadLetterCodec = SingleObjectCodec.of(DeadLetter.class);
        final SingleObjectCodec<io.neurostream.schemas.EventPacket> packetCodec =
                SingleObjectCodec.of(io.neurostream.schemas.EventPacket.class);
        /** dvs-ingest's output topic (its packets count as the run's outputs), or null. */
        String filteredTopic;
        final Set<String> ids = new HashSet<>();
        final Set<String> keys = new HashSet<>();
        final Map<String, Long> eventsByJob = new TreeMap<>();
        final Map<String, Long> deadLetterReasons = new TreeMap<>();
        final RunPlots plots = new RunPlots();
        long predictions;
        long duplicates;
        long deadLetters;
        long undecodable;
    }

    private static void poll(KafkaConsumer<byte[], byte[]> consumer, NeurostreamTopics topics, Collected c) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            try {
                if (record.topic().equals(c.filteredTopic)) {
                    io.neurostream.schemas.EventPacket p = c.packetCodec.decode(record.value());
                    if (!c.ids.add(p.getSensorId() + "#" + p.getSequence())) {
                        c.duplicates++;
                        continue;
                    }
                    c.predictions++;
                    c.keys.add(p.getSensorId());
                } else if (record.topic().equals(topics.predictions())) {
                    Prediction p = c.predictionCodec.decode(record.value());
                    if (!c.ids.add(p.getId())) {
                        c.duplicates++;
                        continue;
                    }
                    c.predictions++;
                    c.keys.add(p.getStreamId());
                    c.eventsByJob.merge(p.getJob(), p.getEventCount(), Long::sum);
                    c.plots.add(p);
                } else {
                    DeadLetter d = c.deadLetterCodec.decode(record.value());
                    c.deadLetters++;
                    c.deadLetterReasons.merge(reasonKind(d.getReason()), 1L, Long::sum);
                }
            } catch (IOException e) {
                c.undecodable++;
            }
        }
    }

    /** The kind of a dead letter's reason: its text up to the first colon or digit, short. */
    public static String reasonKind(String reason) {
        String r = reason == null ? "" : reason;
        int cut = r.length();
        for (int i = 0; i < r.length(); i++) {
            char ch = r.charAt(i);
            if (ch == ':' || Character.isDigit(ch)) {
                cut = i;
                break;
            }
        }
        String kind = r.substring(0, Math.min(cut, 60)).trim();
        return kind.isEmpty() ? "(no reason)" : kind;
    }

    private RunSummary summary(long sent, Map<String, Object> acc, Collected c, JobStatus status, double wallSeconds,
                               boolean embedded, String bootstrap, int recoveries) {
        Map<String, Long> filtered = new LinkedHashMap<>();
        Map<String, Long> dropped = new LinkedHashMap<>();
        long in;
        long used;
        if (options.kind() != Kind.SPIKE_DECODE) {
            String p = options.kind().id() + ".";
            in = count(acc, p + "eventsIn");
            used = count(acc, p + "eventsUsed");
            for (String name : options.kind() == Kind.DVS_INGEST ? EventFilterFunction.EVENT_COUNTERS
                    : LiquidClassifierFunction.EVENT_COUNTERS) {
                if (name.startsWith("eventsFiltered")) {
                    filtered.put(reasonName(name, "eventsFiltered"), count(acc, p + name));
                } else if (name.startsWith("eventsDropped")) {
                    dropped.put(reasonName(name, "eventsDropped"), count(acc, p + name));
                }
            }
        } else {
            // Every decoder sees every spike; the first decoder's accounts speak for the run.
            SpikeDecodeConfig first = SpikeDecodeJob.settingsFrom(validated).decoders().get(0);
            String p = first.jobName(SpikeDecodeJob.NAME) + ".";
            in = count(acc, p + SpikeDecodeFunction.SPIKE_ACCUMULATORS.get(0));
            dropped.put("late", count(acc, p + SpikeDecodeFunction.SPIKE_ACCUMULATORS.get(1)));
            dropped.put("rejectedBatch", count(acc, p + SpikeDecodeFunction.SPIKE_ACCUMULATORS.get(2)));
            used = c.eventsByJob.getOrDefault(first.jobName(SpikeDecodeJob.NAME), 0L);
        }
        return new RunSummary(options.kind().id(), embedded ? "embedded (" + bootstrap + ")" : bootstrap, sent, in, used,
                filtered, dropped, c.predictions, c.duplicates, c.keys.size(), c.deadLetters, c.deadLetterReasons,
                c.undecodable, status.name(), wallSeconds, !options.follow() && status == JobStatus.FINISHED || options.follow()
                && status != JobStatus.FAILED, recoveries);
    }

    private static String reasonName(String counter, String prefix) {
        String rest = counter.substring(prefix.length());
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }

    private static long count(Map<String, Object> acc, String name) {
        Object v = acc.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Stops a follow run (or a bounded one early); the summary is written with what was seen. */
    public void stop() {
        stopped = true;
    }

    @Override
    public void close() {
        stopped = true;
        LocalRunner r = runner;
        runner = null;
        if (r != null) {
            r.close();
        }
    }

    /**
     * What a run did.
     *
     * @param eventsSent events (or spikes) the feed sent, -1 without feed
     * @param eventsIn events (spikes) that reached the learner
     * @param eventsUsed events that drove the model (spike-decode: spikes binned into predicted bins)
     * @param eventsFilteredByReason events a configured stage removed, by stage
     * @param eventsDroppedByReason events lost otherwise, by reason
     */
    public record RunSummary(String job, String broker, long eventsSent, long eventsIn, long eventsUsed,
                             Map<String, Long> eventsFilteredByReason, Map<String, Long> eventsDroppedByReason,
                             long predictions, long duplicatePredictions, long keys, long deadLetters,
                             Map<String, Long> deadLetterReasons, long undecodableRecords, String jobStatus,
                             double wallSeconds, boolean completed, int recoveries) {
        public long eventsFiltered() {
            return eventsFilteredByReason.values().stream().mapToLong(Long::longValue).sum();
        }

        public long eventsDropped() {
            return eventsDroppedByReason.values().stream().mapToLong(Long::longValue).sum();
        }

        public String toText() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%s on %s: %s in %.1f s%n", job, broker, jobStatus, wallSeconds));
            if (eventsSent >= 0) {
                sb.append(String.format(Locale.ROOT, "  events sent       %,d%n", eventsSent));
            }
            sb.append(String.format(Locale.ROOT, "  events in         %,d (%,.0f /s)%n", eventsIn,
                    wallSeconds > 0 ? eventsIn / wallSeconds : 0));
            sb.append(String.format(Locale.ROOT, "  events used       %,d%n", eventsUsed));
            sb.append(String.format(Locale.ROOT, "  events filtered   %,d %s%n", eventsFiltered(), nonZero(eventsFilteredByReason)));
            sb.append(String.format(Locale.ROOT, "  events dropped    %,d %s%n", eventsDropped(), nonZero(eventsDroppedByReason)));
            if (job.equals(DvsIngestJob.NAME)) {
                // its outputs are filtered packets (one per input packet), holding the events used
                sb.append(String.format(Locale.ROOT, "  packets out       %,d for %d sensor(s) (%,d events written), %d duplicate%n",
                        predictions, keys, eventsUsed, duplicatePredictions));
            } else {
                sb.append(String.format(Locale.ROOT, "  predictions       %,d for %d %s, %d duplicate%n", predictions, keys,
                        job.equals(SpikeDecodeJob.NAME) ? "session(s)" : "sensor(s)", duplicatePredictions));
            }
            sb.append(String.format(Locale.ROOT, "  dead letters      %,d %s%n", deadLetters, deadLetterReasons.isEmpty() ? ""
                    : deadLetterReasons.toString()));
            if (recoveries > 0) {
                sb.append(String.format(Locale.ROOT, "  recoveries        %d (event counts cover the attempt that finished)%n",
                        recoveries));
            }
            return sb.toString();
        }

        private static String nonZero(Map<String, Long> byReason) {
            Map<String, Long> shown = new LinkedHashMap<>();
            byReason.forEach((k, v) -> {
                if (v != 0) {
                    shown.put(k, v);
                }
            });
            return shown.isEmpty() ? "" : shown.toString();
        }

        public String toJson() {
            return SummaryJson.of(toJsonMap());
        }

        /** The JSON summary's fields, for callers that add their own (a soak's verdict). */
        public Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", job);
            m.put("broker", broker);
            m.put("eventsSent", eventsSent);
            m.put("eventsIn", eventsIn);
            m.put("eventsUsed", eventsUsed);
            m.put("eventsFiltered", eventsFiltered());
            m.put("eventsFilteredByReason", eventsFilteredByReason);
            m.put("eventsDropped", eventsDropped());
            m.put("eventsDroppedByReason", eventsDroppedByReason);
            if (job.equals(DvsIngestJob.NAME)) {
                m.put("packetsOut", predictions);
                m.put("eventsOut", eventsUsed);
            }
            m.put("predictions", job.equals(DvsIngestJob.NAME) ? 0 : predictions);
            m.put("duplicatePredictions", duplicatePredictions);
            m.put("recoveries", recoveries);
            m.put("keys", keys);
            m.put("deadLetters", deadLetters);
            m.put("deadLetterReasons", deadLetterReasons);
            m.put("undecodableRecords", undecodableRecords);
            m.put("jobStatus", jobStatus);
            m.put("wallSeconds", SummaryJson.round(wallSeconds));
            m.put("eventsPerSecond", SummaryJson.round(wallSeconds > 0 ? eventsIn / wallSeconds : 0));
            m.put("completed", completed);
            return m;
        }
    }

    /** The delivery mode the job arguments ask for. */
    public DeliveryMode delivery() {
        return validated.delivery();
    }
}
