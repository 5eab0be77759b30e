package io.neurostream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.apps.cluster.FlinkRestClient;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.sim.MnistDigits;
import io.neurostream.connectors.sim.SaccadeDvsSimulator;
import io.neurostream.connectors.sim.SimulatedNmnistStream;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's cluster commands end to end on a real standalone cluster: {@code up.sh} starts a
 * JobManager, two TaskManagers and a Kafka broker as separate JVMs; {@code neurostream submit}
 * sends dvs-classify through the REST API at parallelism 2 (one sensor per subtask, so both
 * TaskManagers learn); simulated MNIST saccades are replayed (labelled training samples, then
 * held-out ones without labels); {@code neurostream stop} takes a savepoint, {@code neurostream
 * resume} starts from it, and held-out samples sent after the restart must be classified by the
 * restored readouts: the model version goes on from the number of samples learned before the stop
 * (a fresh job would start at 0) and the held-out accuracy stays far above chance (an untrained
 * readout scores about 10 %). Then {@code down.sh} must leave no process behind.
 */
class StandaloneClusterITCase {
    private static final int TRAIN_PER_SENSOR = 150;
    private static final int HELD_OUT_PER_SENSOR = 30;
    private static final int LEARNED_AFTER_RESUME = 10;
    /**
     * Labels come on their own topic; on a loaded machine their source can start or stall seconds after the
     * events' one, and while it is idle (--idle-millis) the events' clock alone expires windows waiting for a
     * label. Ten minutes of sensor time (the whole test stream is under 90 s) keeps every window waiting:
     * every label is learned (a later one would go to dead-letters as too late).
     */
    private static final String LABEL_LATENESS_MICROS = "600000000";
    private static final long SLOT_MICROS = DvsClassifyJob.Settings.defaults().learner().windowMicros();
    /** Upper bound of one step; a quiet 2-core machine needs a fraction of it, one shared with other builds more. */
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

    /** In target/, not the temporary folder: its logs stay for a look after a failure, and nothing sweeps it meanwhile. */
    private static Path clusterDir;

    private static final Path ROOT = Path.of(System.getProperty("neurostream.root", "../")).toAbsolutePath().normalize();
    /** Wall time of each step, written to target/standalone-cluster-it/it-summary.txt (tests print nothing). */
    private static final StringBuilder STEPS = new StringBuilder();
    private static long startNanos;
    private static String restUrl;
    private static String bootstrap;

    @BeforeAll
    static void startCluster() throws Exception {
        startNanos = System.nanoTime();
        clusterDir = Path.of("target", "standalone-cluster-it").toAbsolutePath();
        Scripts.deleteRecursively(clusterDir);
        Scripts.Result up = Scripts.run(ROOT, Duration.ofMinutes(6), "bash", "deploy/standalone/up.sh",
                "--dir", clusterDir.toString(), "--rest-port", "0", "--kafka-port", "0", "--checkpoint-interval", "1 s");
        assertThat(up.exitCode()).as(up.output()).isZero();
        Map<String, String> env = Scripts.readEnv(clusterDir.resolve("cluster.env"));
        restUrl = env.get("REST_URL");
        bootstrap = env.get("BOOTSTRAP_SERVERS");
        step("up.sh");
        assertThat(up.output()).contains("REST URL / web UI:  " + restUrl).contains("Kafka bootstrap:    " + bootstrap);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        List<Long> pids = Scripts.pids(clusterDir.resolve("pids"));
        Scripts.Result down = Scripts.run(ROOT, Duration.ofMinutes(2), "bash", "deploy/standalone/down.sh",
                "--dir", clusterDir.toString());
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(pids).as("processes up.sh started").hasSize(4);
        for (long pid : pids) {
            // down.sh returns once a process has exited; its parent (init) may reap it a moment later
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d after down.sh", pid).isFalse();
        }
    }

    @Test
    void learnsOnTwoTaskManagersAndContinuesFromASavepoint() throws Exception {
        FlinkRestClient flink = new FlinkRestClient(URI.create(restUrl));
        assertThat(flink.overview().taskManagers()).isEqualTo(2);
        assertThat(Scripts.httpGet(restUrl + "/")).as("web UI").contains("<html");

        String[] sensors = sensorsOnBothSubtasks();
        try (Feed feed = new Feed(sensors)) {
            // Phase 1, replayed while the job starts (it reads from the earliest offsets): each sensor learns from
            // its own training digits, then classifies held-out digits.
            CompletableFuture<Void> phase1 = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < TRAIN_PER_SENSOR + HELD_OUT_PER_SENSOR; i++) {
                    feed.sample(i, i < TRAIN_PER_SENSOR);
                }
                feed.flush();
            });
            Scripts.Result submitted = neurostream("submit", "dvs-classify", "--jobmanager", restUrl,
                    "--bootstrap-servers", bootstrap, "--parallelism", "2", "--wait-s", "300",
                    "--snapshot-every", Integer.toString(LEARNED_AFTER_RESUME), "--label-lateness-micros", LABEL_LATENESS_MICROS);
            String jobId = jobIdIn(submitted);
            step("submitted");
            assertThat(submitted.output()).contains("--checkpoint-dir file://" + clusterDir.resolve("checkpoints"));
            assertThat(neurostream("jobs", "--jobmanager", restUrl).output())
                    .containsPattern(jobId + "\\s+dvs-classify\\s+RUNNING");
            assertThat(flink.taskManagersOf(jobId, "LSM")).as("learner subtasks on both TaskManagers")
                    .hasSize(2).doesNotHaveDuplicates();
            phase1.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<String, Map<Integer, Prediction>> before = awaitPredictions(sensors, 0,
                    TRAIN_PER_SENSOR + HELD_OUT_PER_SENSOR);
            step("phase 1 predicted");
            double accuracyBefore = feed.accuracy(before, TRAIN_PER_SENSOR, TRAIN_PER_SENSOR + HELD_OUT_PER_SENSOR);
            for (String sensor : sensors) {
                assertThat(before.get(sensor).get(TRAIN_PER_SENSOR).getModelVersion())
                        .as("%s: model version of the first held-out sample", sensor).isPositive()
                        .isLessThanOrEqualTo(TRAIN_PER_SENSOR);
            }
            awaitModelVersion(sensors, TRAIN_PER_SENSOR); // every training label learned before the savepoint
            assertThat(accuracyBefore).as("held-out accuracy before the stop").isGreaterThan(0.4);
            assertLearnerMetricsScrapedFromPrometheus();

            // Stop with a savepoint, resume from it.
            Scripts.Result stopped = neurostream("stop", jobId, "--jobmanager", restUrl,
                    "--savepoint", clusterDir.resolve("savepoints").toUri().toString());
            Matcher savepoint = Pattern.compile("savepoint: (\\S+)").matcher(stopped.output());
            assertThat(savepoint.find()).as(stopped.output()).isTrue();
            assertThat(flink.state(jobId)).isEqualTo("FINISHED");
            String resumedId = jobIdIn(neurostream("resume", "dvs-classify", "--from", savepoint.group(1),
                    "--jobmanager", restUrl, "--bootstrap-servers", bootstrap, "--parallelism", "2", "--wait-s", "300",
                    "--snapshot-every", Integer.toString(LEARNED_AFTER_RESUME), "--label-lateness-micros", LABEL_LATENESS_MICROS));
            assertThat(resumedId).isNotEqualTo(jobId);
            step("stopped and resumed");

            // Phase 2: held-out digits first (no labels: only the restored readouts can classify them), then labelled.
            int first = TRAIN_PER_SENSOR + HELD_OUT_PER_SENSOR;
            for (int i = 0; i < HELD_OUT_PER_SENSOR + LEARNED_AFTER_RESUME; i++) {
                feed.sample(first + i, i >= HELD_OUT_PER_SENSOR);
            }
            feed.flush();
            Map<String, Map<Integer, Prediction>> after = awaitPredictions(sensors, first,
                    first + HELD_OUT_PER_SENSOR + LEARNED_AFTER_RESUME);
            step("phase 2 predicted");
            double accuracyAfter = feed.accuracy(after, first, first + HELD_OUT_PER_SENSOR);
            for (String sensor : sensors) {
                Map<Integer, Prediction> p = after.get(sensor);
                assertThat(p.get(first).getModelVersion()).as("%s: model version right after the resume", sensor)
                        .isEqualTo(TRAIN_PER_SENSOR);
                // Labels and events come on two topics: a window may be predicted before the label of the window just
                // before it is read (that label is learned late, within --label-lateness-micros). So the version a
                // prediction shows is bounded; that every label after the resume was learned shows in the models topic.
                long previous = TRAIN_PER_SENSOR;
                for (int i = first; i < first + HELD_OUT_PER_SENSOR + LEARNED_AFTER_RESUME; i++) {
                    long version = p.get(i).getModelVersion();
                    assertThat(version).as("%s: model version of sample %d after the resume", sensor, i)
                            .isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(TRAIN_PER_SENSOR + Math.max(0,
                                    i - first - HELD_OUT_PER_SENSOR));
                    previous = version;
                }
            }
            awaitModelVersion(sensors, TRAIN_PER_SENSOR + LEARNED_AFTER_RESUME);
            step("every label after the resume learned");
            assertThat(accuracyAfter).as("held-out accuracy after the resume (before: %.2f)", accuracyBefore)
                    .isGreaterThan(0.4).isGreaterThan(accuracyBefore - 0.2);
            neurostream("cancel", resumedId, "--jobmanager", restUrl);
            Files.writeString(clusterDir.resolve("it-summary.txt"), String.format(java.util.Locale.ROOT,
                    "held-out accuracy before stop %.3f, after resume %.3f (%d samples each); %s%n", accuracyBefore,
                    accuracyAfter, 2 * HELD_OUT_PER_SENSOR, STEPS));
        }
    }

    /**
     * Every Flink process of up.sh runs Flink's Prometheus reporter; the TaskManagers running the learner serve
     * its gauges (what a Prometheus server on a real cluster scrapes).
     */
    private static void assertLearnerMetricsScrapedFromPrometheus() throws Exception {
        String urls = Scripts.readEnv(clusterDir.resolve("cluster.env")).get("METRICS_URLS").replace("\"", "");
        assertThat(urls).as("METRICS_URLS in cluster.env").contains("jobmanager=http").contains("taskmanager-1=http")
                .contains("taskmanager-2=http");
        int taskManagersWithLearner = 0;
        for (String entry : urls.split(" ")) {
            if (entry.startsWith("taskmanager-")) {
                String text = Scripts.httpGet(entry.substring(entry.indexOf('=') + 1));
                if (text.contains("flink_taskmanager_job_task_operator_modelVersion")) {
                    taskManagersWithLearner++;
                }
            }
        }
        assertThat(taskManagersWithLearner).as("TaskManagers whose Prometheus endpoint shows the learner's modelVersion")
                .isEqualTo(2);
        step("prometheus scraped");
    }

    private static void step(String name) {
        STEPS.append(String.format(java.util.Locale.ROOT, "%s at %.0f s; ", name, (System.nanoTime() - startNanos) / 1e9));
    }

    /** Two sensor ids whose keys Flink puts on different subtasks at parallelism 2. */
    private static String[] sensorsOnBothSubtasks() {
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(2);
        String[] bySubtask = new String[2];
        for (int i = 0; bySubtask[0] == null || bySubtask[1] == null; i++) {
            String id = "camera-" + i;
            int subtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(id, maxParallelism, 2);
            if (bySubtask[subtask] == null) {
                bySubtask[subtask] = id;
            }
        }
        return bySubtask;
    }

    /** Every prediction of samples [from, to) of each sensor, read_committed, by sample index. */
    private static Map<String, Map<Integer, Prediction>> awaitPredictions(String[] sensors, int from, int to)
            throws Exception {
        SingleObjectCodec<Prediction> codec = SingleObjectCodec.of(Prediction.class);
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        Map<String, Map<Integer, Prediction>> bySensor = new HashMap<>();
        while (true) {
            bySensor.clear();
            for (String sensor : sensors) {
                bySensor.put(sensor, new HashMap<>());
            }
            for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(bootstrap, "predictions", Duration.ofSeconds(20))) {
                Prediction p = codec.decode(r.value());
                int sample = (int) (p.getWindowStartMicros() / SLOT_MICROS);
                Map<Integer, Prediction> ofSensor = bySensor.get(p.getStreamId());
                if (ofSensor != null && sample >= from && sample < to) {
                    ofSensor.putIfAbsent(sample, p);
                }
            }
            boolean complete = bySensor.values().stream().allMatch(m -> m.size() == to - from);
            if (complete || System.nanoTime() > deadline) {
                for (String sensor : sensors) {
                    assertThat(bySensor.get(sensor)).as("predictions of %s for samples [%d, %d)", sensor, from, to)
                            .hasSize(to - from);
                }
                return bySensor;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Waits until {@code models} holds, for every sensor, the readout snapshot of {@code version} updates
     * (the job publishes one every {@code --snapshot-every} updates): the restored readout went on learning
     * from every label sent after the resume.
     */
    private static void awaitModelVersion(String[] sensors, long version) throws Exception {
        SingleObjectCodec<ModelSnapshot> codec = SingleObjectCodec.of(ModelSnapshot.class);
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            Map<String, Long> newest = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(bootstrap, "models", Duration.ofSeconds(20))) {
                ModelSnapshot m = codec.decode(r.value());
                if (m.getKind().equals("rls-readout")) {
                    newest.merge(m.getStreamId(), m.getVersion(), Math::max);
                }
            }
            boolean reached = java.util.Arrays.stream(sensors).allMatch(s -> newest.getOrDefault(s, 0L) >= version);
            if (reached || System.nanoTime() > deadline) {
                for (String sensor : sensors) {
                    assertThat(newest.get(sensor)).as("newest readout version of %s in models", sensor)
                            .isEqualTo(version);
                }
                return;
            }
            Thread.sleep(1000);
        }
    }

    private static Scripts.Result neurostream(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("./neurostream"));
        command.addAll(List.of(args));
        Scripts.Result result = Scripts.run(ROOT, STEP_TIMEOUT, command.toArray(String[]::new));
        assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
        return result;
    }

    private static String jobIdIn(Scripts.Result submitted) {
        Matcher m = Pattern.compile("job dvs-classify ([0-9a-f]{32}): RUNNING").matcher(submitted.output());
        assertThat(m.find()).as(submitted.output()).isTrue();
        return m.group(1);
    }

    /**
     * Simulated saccades over MNIST digits onto {@code dvs.events} and {@code labels}: sample i of a
     * sensor fills its i-th window; each sensor has its own training digits, held-out digits come
     * from the other end of the set and are never trained on.
     */
    private static final class Feed implements AutoCloseable {
        private final MnistDigits digits = MnistDigits.bundled();
        private final String[] sensors;
        private final Map<String, SimulatedNmnistStream> streams = new HashMap<>();
        private final KafkaReplayTarget target;
        private final SimulatedNmnistStream.Sink sink;

        Feed(String[] sensors) {
            this.sensors = sensors;
            this.target = new KafkaReplayTarget(bootstrap, NeurostreamTopics.defaults(2), KafkaReplayTarget.BULK_LINGER_MILLIS);
            for (int s = 0; s < sensors.length; s++) {
                streams.put(sensors[s], new SimulatedNmnistStream(digits,
                        new SaccadeDvsSimulator(SaccadeDvsSimulator.Params.nmnistLike()), sensors[s], SLOT_MICROS, 4096, 7 + s));
            }
            this.sink = new SimulatedNmnistStream.Sink() {
                @Override
                public void label(Label label) {
                    target.label(label);
                }

                @Override
                public void packet(EventPacket packet) {
                    target.packet(packet);
                }
            };
        }

        int digit(int sensor, int sample, boolean labelled) {
            return labelled ? sensor * 3000 + sample : digits.count() - 1 - sensor * 1000 - sample;
        }

        void sample(int sample, boolean labelled) {
            for (int s = 0; s < sensors.length; s++) {
                streams.get(sensors[s]).emitSample(sample, digit(s, sample, labelled), labelled, sink);
            }
        }

        void flush() {
            target.flush();
        }

        @Override
        public void close() {
            target.close();
        }

        /** Share of samples [from, to) of all sensors classified as their digit (only held-out ones are asked). */
        double accuracy(Map<String, Map<Integer, Prediction>> predictions, int from, int to) {
            int correct = 0;
            int total = 0;
            for (int s = 0; s < sensors.length; s++) {
                for (int i = from; i < to; i++) {
                    Prediction p = predictions.get(sensors[s]).get(i);
                    total++;
                    if (p.getPredictedClass() != null && p.getPredictedClass() == digits.label(digit(s, i, false))) {
                        correct++;
                    }
                }
            }
            return (double) correct / total;
        }
    }
}
