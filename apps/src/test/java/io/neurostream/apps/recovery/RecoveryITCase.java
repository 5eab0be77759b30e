package io.neurostream.apps.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.apps.recovery.RecoveryHarness.Failure;
import io.neurostream.apps.recovery.RecoveryHarness.Outcome;
import io.neurostream.apps.recovery.RecoveryHarness.Workload;
import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.dvs.ReadoutSnapshots;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.connectors.kafka.TempFolders;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failure injection counted like Flink's own ITCases, on a real broker and a MiniCluster whose
 * TaskManager is killed mid-stream ({@code terminateTaskManager}; a standby takes over) or whose
 * learner throws once ({@code --fail-once-after-inputs}). The jobs recover by themselves; what they
 * committed is read to the end of the topics and compared with an uninterrupted run on the same
 * input — also while the broker restarts: every prediction once (exactly-once) or repeated with the same id, droppable by a consumer
 * (low-latency), none missing, and the same learned model: labels are learned in their order, so a
 * prediction made with the same model version is the same prediction, every held-out window or bin
 * (predicted with the final model) is, and so is the last model snapshot. Which model version a
 * labelled window is predicted with may differ: it depends on whether its predecessor's label had
 * arrived on its own topic when it closed (README, "Guarantees").
 */
class RecoveryITCase {
    private static final int DVS_TRAIN = 40;
    /**
     * dvs-classify reads {@code control}: learning is frozen for training windows 16 to 25, around the kill (a
     * third of the predictions committed) and after the throw (early); each control is sent 10 samples ahead.
     */
    private static final RecoveryHarness.Frozen DVS_FROZEN = new RecoveryHarness.Frozen(16, 26, 10);
    private static final Workload DVS = RecoveryHarness.dvs(DVS_TRAIN, 20, DVS_FROZEN);
    private static final Workload SPIKES = RecoveryHarness.spikes(32, 60);
    private static final long DVS_PAUSE_MILLIS = 60;
    private static final long SPIKES_PAUSE_MILLIS = 60;

    private static final Map<Workload, Outcome> BASELINES = new HashMap<>();
    /** One broker for every run (each on topics of its own); a fixed port and data folder, so it can restart. */
    private static EmbeddedKafkaBroker broker;
    private static int port;
    private static Path dataDir;

    @BeforeAll
    static void startBroker() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        dataDir = Files.createTempDirectory("neurostream-recovery-broker-");
        broker = EmbeddedKafkaBroker.start(port, dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        TempFolders.deleteQuietly(dataDir);
    }

    /**
     * The broker stops and starts again (same port, same data folder) while spike-decode runs exactly
     * once and the replayer writes: both recover by themselves, and the committed predictions hold
     * every bin once, made with the same models as in the uninterrupted run.
     */
    @Test
    void spikeDecodeAndReplayerRecoverFromABrokerRestartWithNothingLostOrRepeated() throws Exception {
        Outcome baseline = baseline(SPIKES, "spikes-baseline", SPIKES_PAUSE_MILLIS);
        int[] restarts = new int[1];
        Outcome restarted = RecoveryHarness.run(broker.bootstrapServers(), "spikes-broker-restart", SPIKES,
                DeliveryMode.EXACTLY_ONCE, Failure.RESTART_BROKER, SPIKES_PAUSE_MILLIS, () -> {
                    broker.close();
                    RecoveryHarness.sleep(1_000);
                    broker = EmbeddedKafkaBroker.start(port, dataDir);
                    restarts[0]++;
                });
        assertThat(restarts[0]).as("broker restarts").isEqualTo(1);
        assertThat(broker.reusedDataDir()).as("the broker came back on its data").isTrue();
        assertExactlyOnce(restarted, baseline);
    }

    private static synchronized Outcome baseline(Workload workload, String name, long pauseMillis) throws Exception {
        Outcome o = BASELINES.get(workload);
        if (o == null) {
            o = RecoveryHarness.run(broker.bootstrapServers(), name, workload, DeliveryMode.EXACTLY_ONCE, Failure.NONE,
                    pauseMillis, null);
            assertThat(o.recoveries()).as("the uninterrupted run").isZero();
            assertExactlyOnce(o, o);
            if (workload == DVS) {
                assertFrozenWindowsNotLearned(o.predictions(), o);
            }
            BASELINES.put(workload, o);
        }
        return o;
    }

    @Test
    void dvsClassifyExactlyOnceThroughAKilledTaskManagerAndAThrowingLearner() throws Exception {
        Outcome baseline = baseline(DVS, "dvs-baseline", DVS_PAUSE_MILLIS);
        assertThat(baseline.models()).as("model snapshots of the uninterrupted run").isNotEmpty();

        Outcome killed = RecoveryHarness.run(broker.bootstrapServers(), "dvs-kill", DVS, DeliveryMode.EXACTLY_ONCE,
                Failure.KILL_TASKMANAGER, DVS_PAUSE_MILLIS, null);
        assertThat(killed.recoveries()).as("restarts after the TaskManager kill").isGreaterThanOrEqualTo(1);
        assertExactlyOnce(killed, baseline);
        assertSameLastModel(killed, baseline);
        assertFrozenWindowsNotLearned(killed.predictions(), killed);

        Outcome thrown = RecoveryHarness.run(broker.bootstrapServers(), "dvs-throw", DVS, DeliveryMode.EXACTLY_ONCE,
                Failure.THROW_ONCE, DVS_PAUSE_MILLIS, null);
        assertThat(thrown.recoveries()).as("restarts after the learner threw").isEqualTo(1);
        assertExactlyOnce(thrown, baseline);
        assertSameLastModel(thrown, baseline);
        assertFrozenWindowsNotLearned(thrown.predictions(), thrown);
    }

    @Test
    void spikeDecodeExactlyOnceThroughAKilledTaskManagerAndAThrowingDecoder() throws Exception {
        Outcome baseline = baseline(SPIKES, "spikes-baseline", SPIKES_PAUSE_MILLIS);

        Outcome killed = RecoveryHarness.run(broker.bootstrapServers(), "spikes-kill", SPIKES,
                DeliveryMode.EXACTLY_ONCE, Failure.KILL_TASKMANAGER, SPIKES_PAUSE_MILLIS, null);
        assertThat(killed.recoveries()).as("restarts after the TaskManager kill").isGreaterThanOrEqualTo(1);
        assertExactlyOnce(killed, baseline);

        Outcome thrown = RecoveryHarness.run(broker.bootstrapServers(), "spikes-throw", SPIKES,
                DeliveryMode.EXACTLY_ONCE, Failure.THROW_ONCE, SPIKES_PAUSE_MILLIS, null);
        assertThat(thrown.recoveries()).as("restarts after the decoder threw").isEqualTo(1);
        assertExactlyOnce(thrown, baseline);
    }

    @Test
    void lowLatencyRepeatsOnlyPredictionsAConsumerCanDropByIdAndLosesNone() throws Exception {
        for (Workload workload : List.of(DVS, SPIKES)) {
            boolean dvs = workload == DVS;
            Outcome baseline = dvs ? baseline(DVS, "dvs-baseline", DVS_PAUSE_MILLIS)
                    : baseline(SPIKES, "spikes-baseline", SPIKES_PAUSE_MILLIS);
            Outcome killed = RecoveryHarness.run(broker.bootstrapServers(), dvs ? "dvs-ll-kill" : "spikes-ll-kill",
                    workload, DeliveryMode.LOW_LATENCY, Failure.KILL_TASKMANAGER,
                    dvs ? DVS_PAUSE_MILLIS : SPIKES_PAUSE_MILLIS, null);
            assertThat(killed.recoveries()).as("restarts after the TaskManager kill").isGreaterThanOrEqualTo(1);
            Map<String, Prediction> first = new HashMap<>();
            int repeats = 0;
            for (Prediction p : killed.predictions()) {
                Prediction earlier = first.putIfAbsent(p.getId(), p);
                if (earlier != null) {
                    repeats++;
                    assertThat(p.getWindowStartMicros()).isEqualTo(earlier.getWindowStartMicros());
                    if (p.getModelVersion() == earlier.getModelVersion()) {
                        assertThat(content(p)).as("a repeat (id %s) made with the same model", p.getId())
                                .isEqualTo(content(earlier));
                    }
                }
            }
            assertThat(killed.predictions()).as("what a consumer that drops repeats by id keeps, plus the repeats")
                    .hasSize(first.size() + repeats);
            assertThat(first).as("no gaps").hasSize((int) killed.expected());
            assertSameModels(new ArrayList<>(first.values()), baseline);
            if (dvs) {
                assertSameLastModel(killed, baseline);
                assertFrozenWindowsNotLearned(killed.predictions(), killed);
            }
        }
    }

    /** Every expected prediction exactly once, each as in {@code baseline} (same model behind it). */
    static void assertExactlyOnce(Outcome run, Outcome baseline) {
        assertThat(run.predictions()).as("committed predictions, read to the end of the topic")
                .hasSize((int) run.expected());
        assertThat(run.distinctIds()).as("no duplicates, no gaps").hasSize((int) run.expected());
        assertSameModels(run.predictions(), baseline);
    }

    /**
     * Same ids as {@code baseline}; a prediction made with the model version the uninterrupted run
     * used is identical to its, and nearly all held-out predictions (made with the final model, but
     * the first ones may race the last label) are. (During training, spike-decode's 20 ms bins race
     * their labels often: about half of its predictions are made with a model one update apart.)
     */
    static void assertSameModels(List<Prediction> predictions, Outcome baseline) {
        Map<String, Prediction> expected = new HashMap<>();
        baseline.predictions().forEach(p -> expected.put(p.getId(), p));
        int sameVersion = 0;
        int heldOut = 0;
        int heldOutSame = 0;
        for (Prediction p : predictions) {
            Prediction b = expected.get(p.getId());
            assertThat(b).as("prediction %s exists in the uninterrupted run", p.getId()).isNotNull();
            boolean isHeldOut = p.getWindowStartMicros() >= baseline.heldOutFromMicros();
            heldOut += isHeldOut ? 1 : 0;
            if (p.getModelVersion() == b.getModelVersion()) {
                assertThat(content(p)).as("prediction %s as in the uninterrupted run; windows up to it (start, "
                                + "version, events, label) here %s, there %s", p.getId(), history(predictions, p),
                        history(baseline.predictions(), p)).isEqualTo(content(b));
                sameVersion++;
                heldOutSame += isHeldOut ? 1 : 0;
            }
        }
        assertThat(heldOutSame).as("held-out predictions made with the uninterrupted run's final model")
                .isGreaterThanOrEqualTo((int) Math.ceil(0.9 * heldOut)).isPositive();
        assertThat(sameVersion).as("predictions compared").isGreaterThanOrEqualTo(heldOutSame);
    }

    /**
     * The windows FREEZE and UNFREEZE enclose were predicted but not learned: no prediction up to the end of the
     * frozen span was made with more updates than the windows before it, and the model ends with the labelled
     * windows outside the span (predictions and the last model snapshot; snapshot versions skip none of them).
     */
    static void assertFrozenWindowsNotLearned(List<Prediction> predictions, Outcome run) {
        long windowMicros = io.neurostream.jobs.dvs.DvsClassifyJob.Settings.defaults().learner().windowMicros();
        long learned = DVS_TRAIN - DVS_FROZEN.windows();
        long maxVersion = 0;
        for (Prediction p : predictions) {
            long window = p.getWindowStartMicros() / windowMicros;
            if (window <= DVS_FROZEN.untilWindow()) {
                assertThat(p.getModelVersion()).as("updates behind window %d (frozen from %d to %d)", window,
                        DVS_FROZEN.fromWindow(), DVS_FROZEN.untilWindow() - 1).isLessThanOrEqualTo(DVS_FROZEN.fromWindow());
            }
            maxVersion = Math.max(maxVersion, p.getModelVersion());
        }
        assertThat(maxVersion).as("updates behind the last predictions").isEqualTo(learned);
        assertThat(run.models().stream().filter(m -> m.getKind().equals(ReadoutSnapshots.KIND))
                .map(ModelSnapshot::getVersion).distinct().sorted().toList())
                .as("readout snapshots (every 10 updates)")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, learned / 10).map(k -> 10 * k)
                        .boxed().toList());
    }

    /** The last model snapshot per stream (highest version) is the uninterrupted run's, parameter for parameter. */
    static void assertSameLastModel(Outcome run, Outcome baseline) {
        assertThat(lastModels(run)).isEqualTo(lastModels(baseline)).isNotEmpty();
    }

    private static Map<String, List<Object>> lastModels(Outcome o) {
        Map<String, ModelSnapshot> last = new HashMap<>();
        for (ModelSnapshot m : o.models()) {
            last.merge(m.getStreamId(), m, (a, b) -> b.getVersion() > a.getVersion() ? b : a);
        }
        Map<String, List<Object>> out = new HashMap<>();
        last.forEach((stream, m) -> out.put(stream, List.of(m.getVersion(), m.getKind(), m.getShape(),
                m.getParameters())));
        return out;
    }

    /** The stream's predictions up to {@code last}'s window, in window order: start, model version, events, label. */
    private static String history(List<Prediction> predictions, Prediction last) {
        StringBuilder b = new StringBuilder();
        predictions.stream().filter(q -> q.getStreamId().equals(last.getStreamId())
                        && q.getWindowStartMicros() <= last.getWindowStartMicros())
                .sorted(java.util.Comparator.comparingLong(Prediction::getWindowStartMicros))
                .forEach(q -> b.append(String.format(java.util.Locale.ROOT, "[%d %d %d %s]", q.getWindowStartMicros(),
                        q.getModelVersion(), q.getEventCount(), q.getLabelClass())));
        return b.toString();
    }

    /** What a prediction says (not when it was made): class, scores, decoded values, model version. */
    static List<Object> content(Prediction p) {
        List<Object> c = new ArrayList<>();
        c.add(p.getId());
        c.add(String.valueOf(p.getPredictedClass()));
        c.add(String.valueOf(p.getScores()));
        c.add(String.valueOf(p.getDecoded()));
        c.add(p.getModelVersion());
        return c;
    }
}
