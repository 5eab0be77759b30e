package io.neurostream.apps.eval.nmnist;

import io.neurostream.apps.common.LocalDemo;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.RunSettings;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.Prediction;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * One dvs-classify job on a MiniCluster fed through a real Kafka broker: a replay writes every split
 * (one sensor id each, so one learner state each) into the topics, and the predictions are read back
 * read_committed until every window of every split has one. Sample i of a split lies in slot i of
 * the job's window; its train samples come first (with Labels), its held-out ones after (none).
 */
final class StreamRun extends LocalDemo {
    private static final String SCORER_GROUP = "neurostream-eval-nmnist-scorer";

    /**
     * @param key sensor id of the split (its own learner)
     * @param trainCount labelled samples first
     * @param samples all samples of the split
     */
    record Split(String key, int trainCount, int samples) {}

    /** Writes every split's records; returns the events sent. */
    interface Source {
        long replay(KafkaReplayTarget target, AtomicLong eventsSent) throws Exception;
    }

    private final RunSettings run;
    private final DvsClassifyJob.Settings job;

    StreamRun(RunSettings run, DvsClassifyJob.Settings job) {
        super(null);
        this.run = run;
        this.job = job;
    }

    /**
     * Runs the job and returns, per split key, the predicted class of each slot ({@code -1}: predicted
     * without a model, {@link Integer#MIN_VALUE}: no prediction before the timeout).
     */
    Map<String, int[]> run(List<Split> splits, Source source, Consumer<String> progress, Duration timeout)
            throws Exception {
        long start = System.nanoTime();
        NeurostreamTopics topics = run.topics();
        try {
            LocalRunner runner = startRunner(topics);
            runner.submit(run.flink(1, false), "dvs-classify-eval", env -> DvsClassifyJob.onKafka(
                    runner.bootstrapServers(), topics, "dvs-classify-eval", run.deliveryMode(), false, job).build(env));
            AtomicLong events = new AtomicLong();
            Thread replayer = startReplay("neurostream-eval-replayer", () -> {
                try (KafkaReplayTarget target = new KafkaReplayTarget(runner.bootstrapServers(), topics,
                        KafkaReplayTarget.BULK_LINGER_MILLIS)) {
                    source.replay(target, events);
                    target.flush();
                }
            });
            Map<String, int[]> predicted = new LinkedHashMap<>();
            Map<String, Integer> seen = new HashMap<>();
            int total = 0;
            for (Split s : splits) {
                int[] p = new int[s.samples()];
                java.util.Arrays.fill(p, Integer.MIN_VALUE);
                predicted.put(s.key(), p);
                seen.put(s.key(), 0);
                total += s.samples();
            }
            long slotMicros = job.learner().windowMicros();
            long deadline = System.nanoTime() + timeout.toNanos();
            int got = 0;
            long nextProgressNanos = 0;
            try (KafkaConsumer<byte[], byte[]> consumer =
                         runner.committedConsumer(SCORER_GROUP, List.of(topics.predictions()))) {
                while (!stopped() && got < total && System.nanoTime() < deadline) {
                    checkRunning();
                    for (Received r : pollPredictions(consumer, Duration.ofMillis(200))) {
                        Prediction p = r.prediction();
                        int[] slots = predicted.get(p.getStreamId());
                        int slot = (int) (p.getWindowStartMicros() / slotMicros);
                        if (slots == null || slot < 0 || slot >= slots.length || slots[slot] != Integer.MIN_VALUE) {
                            continue;
                        }
                        slots[slot] = p.getPredictedClass() == null ? -1 : p.getPredictedClass();
                        got++;
                    }
                    long now = System.nanoTime();
                    if (now >= nextProgressNanos) {
                        nextProgressNanos = now + 5_000_000_000L;
                        double s = (now - start) / 1e9;
                        progress.accept(String.format(Locale.ROOT,
                                "  %.0f s: %,d events sent (%,.0f/s), %d/%d windows predicted%s", s, events.get(),
                                events.get() / Math.max(1e-3, s), got, total,
                                got == 0 ? "" : String.format(Locale.ROOT, ", ETA %.0f s", s * (total - got) / got)));
                    }
                }
            }
            replayer.join(10_000);
            return predicted;
        } finally {
            close();
        }
    }
}
