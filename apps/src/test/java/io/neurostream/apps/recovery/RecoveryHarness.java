package io.neurostream.apps.recovery;

import io.neurostream.apps.common.LocalDemo;
import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.sim.MnistDigits;
import io.neurostream.connectors.sim.SaccadeDvsSimulator;
import io.neurostream.connectors.sim.SimulatedNmnistStream;
import io.neurostream.connectors.spikes.SpikeBatcher;
import io.neurostream.connectors.spikes.sim.ReachSimParams;
import io.neurostream.connectors.spikes.sim.ReachSimulator;
import io.neurostream.flink.common.FailureInjection;
import io.neurostream.flink.spikes.DecoderKind;
import io.neurostream.flink.spikes.SpikeDecodeConfig;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.jobs.spikes.SpikeDecodeJob;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Runs dvs-classify or spike-decode on a real broker and a {@link LocalRunner} MiniCluster while
 * its input is replayed at a steady pace, optionally killing the TaskManager that runs the job (a
 * standby takes over) or letting the learner throw once, and reads everything the job committed
 * back to the end of the topics.
 */
final class RecoveryHarness {
    /** What to do to the job mid-stream. */
    enum Failure { NONE, KILL_TASKMANAGER, THROW_ONCE, RESTART_BROKER }

    /**
     * What a run committed (predictions and model snapshots in offset order per partition) and its
     * restarts; windows/bins from {@code heldOutFromMicros} on were never labelled.
     */
    record Outcome(List<Prediction> predictions, List<ModelSnapshot> models, int recoveries, long expected,
                   long heldOutFromMicros) {
        Set<String> distinctIds() {
            Set<String> ids = new HashSet<>();
            predictions.forEach(p -> ids.add(p.getId()));
            return ids;
        }
    }

    /** A job with its input: how it is built, replayed and how many predictions it owes. */
    interface Workload {
        long expectedPredictions();

        /** Start of the first window or bin that is never labelled (predicted with the final model). */
        long heldOutFromMicros();

        /** Inputs of the learner after which it throws in {@link Failure#THROW_ONCE} runs. */
        long failAfterInputs();

        void build(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env, String bootstrap,
                   NeurostreamTopics topics, String group, DeliveryMode mode, FailureInjection failure);

        /** Sends the input; {@code pause} runs between steps (paces the stream, or waits for a broker restart). */
        void replay(String bootstrap, NeurostreamTopics topics, Runnable pause) throws Exception;
    }

    private static final SingleObjectCodec<Prediction> PREDICTIONS = SingleObjectCodec.of(Prediction.class);
    private static final SingleObjectCodec<ModelSnapshot> MODELS = SingleObjectCodec.of(ModelSnapshot.class);

    private RecoveryHarness() {}

    static NeurostreamTopics topics(String prefix) {
        return new NeurostreamTopics(prefix + ".dvs.events", prefix + ".neural.spikes", prefix + ".labels",
                prefix + ".control", prefix + ".predictions", prefix + ".models", prefix + ".dead-letters", 2);
    }

    /**
     * Runs {@code workload} once.
     *
     * @param brokerRestart restarts the broker (only with {@link Failure#RESTART_BROKER})
     */
    static Outcome run(String bootstrap, String name, Workload workload, DeliveryMode mode, Failure failure,
                       long pauseMillis, Runnable brokerRestart) throws Exception {
        NeurostreamTopics topics = topics(name);
        try (LocalRunner runner = LocalRunner.start(bootstrap, topics)) {
            LocalFlink flink = new LocalFlink(2, 200, "hashmap", 0, mode == DeliveryMode.LOW_LATENCY ? 1 : -1, false);
            FailureInjection inject = failure == Failure.THROW_ONCE
                    ? FailureInjection.failOnceAfterInputs(workload.failAfterInputs()) : FailureInjection.NONE;
            runner.submit(flink, name, env -> workload.build(env, bootstrap, topics, name, mode, inject));
            runner.cluster().ensureStandby();
            long expected = workload.expectedPredictions();
            AtomicReference<Throwable> replayFailure = new AtomicReference<>();
            Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            boolean[] disrupted = new boolean[1];
            Thread replayer = new Thread(() -> {
                try {
                    workload.replay(bootstrap, topics, () -> {
                        sleep(pauseMillis);
                        if (failure == Failure.RESTART_BROKER && !disrupted[0] && seen.size() >= expected / 3) {
                            disrupted[0] = true;
                            brokerRestart.run(); // the replayer's producer waits for the broker and goes on
                        }
                    });
                } catch (Throwable t) {
                    replayFailure.set(t);
                }
            }, "recovery-replayer");
            replayer.start();
            LocalDemo.TopicEnd end = new LocalDemo.TopicEnd(2_000);
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            try (KafkaConsumer<byte[], byte[]> consumer = runner.committedConsumerFromStart(topics.predictions())) {
                while (true) {
                    if (replayFailure.get() != null) {
                        throw new IllegalStateException("replayer failed", replayFailure.get());
                    }
                    runner.failIfJobEnded();
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(name + ": " + seen.size() + " of " + expected
                                + " predictions committed after 4 minutes");
                    }
                    int received = 0;
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        seen.add(PREDICTIONS.decode(r.value()).getId());
                        received++;
                    }
                    if (failure == Failure.KILL_TASKMANAGER && !disrupted[0] && seen.size() >= expected / 3) {
                        disrupted[0] = true;
                        runner.cluster().killTaskManager(Duration.ofMinutes(2));
                    }
                    if (seen.size() >= expected && end.reached(consumer, received)) {
                        break;
                    }
                }
            }
            replayer.join(60_000);
            int recoveries = runner.recoveries();
            return new Outcome(decodeAll(bootstrap, topics.predictions(), PREDICTIONS::decode),
                    decodeAll(bootstrap, topics.models(), MODELS::decode), recoveries, expected,
                    workload.heldOutFromMicros());
        }
    }

    private interface Decoder<T> {
        T decode(byte[] bytes) throws IOException;
    }

    private static <T> List<T> decodeAll(String bootstrap, String topic, Decoder<T> decoder) throws IOException {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(bootstrap, topic, Duration.ofSeconds(60))) {
            out.add(decoder.decode(r.value()));
        }
        return out;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Learning switched off by {@code control} for windows {@code [fromWindow, untilWindow)} of the training stream:
     * the replayer sends FREEZE (time = start of {@code fromWindow}) and UNFREEZE (start of {@code untilWindow}),
     * each {@code aheadSamples} samples before its time, so every run, interrupted or not, gets the same controls
     * at the same sensor times. Sent ahead, a control reaches the learner before the labels it concerns (each
     * topic is read in order; the labels it must precede are {@code aheadSamples} samples further on).
     */
    record Frozen(int fromWindow, int untilWindow, int aheadSamples) {
        Frozen {
            if (fromWindow < aheadSamples || untilWindow <= fromWindow) {
                throw new IllegalArgumentException("need aheadSamples <= fromWindow < untilWindow");
            }
        }

        int windows() {
            return untilWindow - fromWindow;
        }
    }

    /** dvs-classify on simulated N-MNIST digits: {@code train} labelled samples, then {@code test} held out. */
    static Workload dvs(int train, int test) {
        return dvs(train, test, null);
    }

    /**
     * As {@link #dvs(int, int)}, with {@code --control true} and learning frozen as {@code frozen} says (null: the
     * job without a control input).
     */
    static Workload dvs(int train, int test, Frozen frozen) {
        return new Workload() {
            @Override
            public long expectedPredictions() {
                return train + test;
            }

            @Override
            public long heldOutFromMicros() {
                return train * DvsClassifyJob.Settings.defaults().learner().windowMicros();
            }

            @Override
            public long failAfterInputs() {
                return (train + test) * 2L / 5; // packets: a few per sample, so this is early in the stream
            }

            @Override
            public void build(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env, String bootstrap,
                              NeurostreamTopics topics, String group, DeliveryMode mode, FailureInjection failure) {
                // No idleness: it is decided on wall time, and a restart after a kill can keep the packet source
                // silent for longer than the default 2 s, so the labels' watermark alone would close windows before
                // their events arrive: a run-dependent model, where this test asserts the uninterrupted run's bits
                // (as DvsSavepointUpgradeITCase does).
                JobArguments args = JobArguments.parse(new String[] {"--bootstrap-servers", bootstrap, "--neurons", "150",
                        "--snapshot-every", "10", "--idle-millis", "600000", "--group-id", group,
                        "--delivery", mode == DeliveryMode.LOW_LATENCY ? "low-latency" : "exactly-once",
                        "--control", String.valueOf(frozen != null)}, DvsClassifyJob.OPTIONS.keySet());
                // as the cluster main builds it (control source included when --control is on)
                DvsClassifyJob.fromArguments(args, topics).withFailureInjection(failure).build(env);
            }

            @Override
            public void replay(String bootstrap, NeurostreamTopics topics, Runnable pause) {
                MnistDigits digits = MnistDigits.bundled();
                SimulatedNmnistStream stream = new SimulatedNmnistStream(digits,
                        new SaccadeDvsSimulator(SaccadeDvsSimulator.Params.nmnistLike()), "sensor-0",
                        DvsClassifyJob.Settings.defaults().learner().windowMicros(), 2048, 7L);
                long windowMicros = DvsClassifyJob.Settings.defaults().learner().windowMicros();
                SingleObjectCodec<Control> controls = SingleObjectCodec.of(Control.class);
                try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrap, topics, 2)) {
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
                    for (int i = 0; i < train + test; i++) {
                        if (frozen != null && i == frozen.fromWindow() - frozen.aheadSamples()) {
                            target.raw(topics.control(), "sensor-0", controls.encode(new Control("sensor-0", 0L,
                                    frozen.fromWindow() * windowMicros, ControlCommand.FREEZE, null, "recovery test")));
                        }
                        if (frozen != null && i == frozen.untilWindow() - frozen.aheadSamples()) {
                            target.raw(topics.control(), "sensor-0", controls.encode(new Control("sensor-0", 1L,
                                    frozen.untilWindow() * windowMicros, ControlCommand.UNFREEZE, null, "recovery test")));
                        }
                        stream.emitSample(i, i < train ? i : 9_999 - (i - train), i < train, sink);
                        target.flush();
                        pause.run();
                    }
                }
            }
        };
    }

    /**
     * spike-decode (RLS on smoothed rates: its output depends on the model version and the input only)
     * on a simulated reaching monkey: {@code seconds} of 20 ms bins, labelled
     * (hand velocity) for the first two thirds, then held out.
     */
    static Workload spikes(int units, int seconds) {
        long binMicros = 20_000;
        int bins = (int) (seconds * 1_000_000L / binMicros);
        int labelledBins = bins * 2 / 3;
        return new Workload() {
            @Override
            public long expectedPredictions() {
                return bins;
            }

            @Override
            public long heldOutFromMicros() {
                return labelledBins * binMicros;
            }

            @Override
            public long failAfterInputs() {
                return bins * 2L / 5;
            }

            @Override
            public void build(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env, String bootstrap,
                              NeurostreamTopics topics, String group, DeliveryMode mode, FailureInjection failure) {
                SpikeDecodeConfig d = SpikeDecodeConfig.defaults(DecoderKind.RLS).withBins(binMicros, binMicros);
                // The replay runs ~10x faster than real time, so the default 2 s of recording time a bin
                // waits for its label are ~0.2 s of wall time, less than a broker restart or a recovery
                // takes; a label later than that would be dropped (labelsTooLate) and the models differ.
                SpikeDecodeConfig rls = new SpikeDecodeConfig(d.decoder(), d.binMicros(), d.stepMicros(),
                        d.allowedLatenessMicros(), seconds * 1_000_000L, d.smoothingTauMs(), d.outputCount(), d.lambda(),
                        d.delta(), d.reservoirUnits(), d.seed());
                SpikeDecodeJob.onKafka(bootstrap, topics, group, mode, false, SpikeDecodeJob.Settings.of(List.of(rls)))
                        .withFailureInjection(failure).build(env);
            }

            @Override
            public void replay(String bootstrap, NeurostreamTopics topics, Runnable pause) {
                ReachSimulator sim = new ReachSimulator(ReachSimParams.builder().neuronCount(units).build(), 11L);
                double[] velocitySum = new double[2];
                int[] samples = new int[1];
                try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrap, topics, 1)) {
                    Consumer<io.neurostream.schemas.SpikeBatch> send = batch -> {
                        int b = (int) ((batch.getEndTimeMicros() - 1) / binMicros);
                        if (b < labelledBins) {
                            target.label(new Label("session-0", (long) b, b * binMicros, (b + 1) * binMicros, null,
                                    List.of(velocitySum[0] / Math.max(1, samples[0]),
                                            velocitySum[1] / Math.max(1, samples[0]))));
                        }
                        target.spikes(batch);
                        velocitySum[0] = 0;
                        velocitySum[1] = 0;
                        samples[0] = 0;
                        if (b % 50 == 49) {
                            target.flush();
                            pause.run();
                        }
                    };
                    SpikeBatcher batcher = new SpikeBatcher("session-0", units, binMicros, send).startAt(0);
                    while (sim.timeMicros() < bins * binMicros) {
                        int k = sim.step();
                        for (int i = 0; i < k; i++) {
                            batcher.add(sim.spikeTimeMicros(i), sim.spikeUnit(i));
                        }
                        velocitySum[0] += sim.vxCmPerS();
                        velocitySum[1] += sim.vyCmPerS();
                        samples[0]++;
                        batcher.advanceTo(sim.timeMicros()); // closes the bin this step completed
                    }
                    target.flush();
                }
            }
        };
    }
}
