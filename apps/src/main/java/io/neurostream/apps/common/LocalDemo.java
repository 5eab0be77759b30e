package io.neurostream.apps.common;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What every demo driver does around its own replay and scoring: runs on a {@link LocalRunner}
 * (a given Kafka cluster or an embedded broker, the topics, the MiniCluster, read_committed
 * consumers), replays in a thread of its own, checks from its scoring loop that the replay and the
 * job are still alive, and stops in an idempotent {@link #close()} that a shutdown hook may call
 * while {@code run} is under way.
 */
public abstract class LocalDemo implements AutoCloseable {
    /** What a replayer does in its thread. */
    @FunctionalInterface
    protected interface Replay {
        void run() throws Exception;
    }

    private final String bootstrapServers;
    private final AtomicReference<Throwable> replayFailure = new AtomicReference<>();
    private final SingleObjectCodec<Prediction> predictionCodec = SingleObjectCodec.of(Prediction.class);
    private volatile LocalRunner runner;
    private volatile boolean stopped;
    private volatile Duration killTaskManagerAfter;
    private volatile java.util.function.Consumer<String> notices = line -> { };
    private volatile java.util.function.Consumer<LocalRunner> onRunnerStarted = r -> { };

    /** @param bootstrapServers an existing Kafka cluster (its topics should be empty), or null for an embedded broker */
    protected LocalDemo(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the embedded broker (or connects to the given cluster) and creates the topics; {@link #close()} undoes it. */
    protected final synchronized LocalRunner startRunner(NeurostreamTopics topics) {
        if (stopped) {
            throw new IllegalStateException("stopped before the run started");
        }
        if (runner != null) {
            throw new IllegalStateException("a demo runs once");
        }
        runner = LocalRunner.start(bootstrapServers, topics);
        if (killTaskManagerAfter != null) {
            runner.killTaskManagerAfter(killTaskManagerAfter, notices);
        }
        onRunnerStarted.accept(runner);
        return runner;
    }

    /**
     * Kills the TaskManager running the job {@code delay} after it started ({@code
     * --kill-taskmanager-after-s}); {@code notices} hears what happens. The summary counts the recoveries.
     */
    public LocalDemo killTaskManagerAfter(Duration delay, java.util.function.Consumer<String> notices) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("--kill-taskmanager-after-s must be >= 1, got " + delay.toSeconds());
        }
        this.killTaskManagerAfter = delay;
        this.notices = notices;
        return this;
    }

    /** How often the job has restarted so far (0 before it runs). */
    protected final int recoveries() {
        LocalRunner r = runner;
        return r == null ? 0 : r.recoveries();
    }

    /**
     * When a scorer that has seen every prediction it expected may stop: once the committed end of
     * the topic (read_committed end offsets) has been reached and nothing new arrived for {@code
     * quietMillis} (longer than a checkpoint interval, so a transaction still open is committed and
     * read first). Reading to the end, not until "enough" was seen, counts a duplicate committed late.
     */
    public static final class TopicEnd {
        private final long quietNanos;
        private long quietSince = System.nanoTime();

        public TopicEnd(long quietMillis) {
            this.quietNanos = quietMillis * 1_000_000L;
        }

        /** True once {@code consumer} is at the end and {@code receivedNow} (this round's records) stayed 0 long enough. */
        public boolean reached(KafkaConsumer<byte[], byte[]> consumer, int receivedNow) {
            boolean atEnd = true;
            for (var e : consumer.endOffsets(consumer.assignment()).entrySet()) {
                atEnd &= consumer.position(e.getKey()) >= e.getValue();
            }
            if (receivedNow > 0 || !atEnd) {
                quietSince = System.nanoTime();
                return false;
            }
            return System.nanoTime() - quietSince > quietNanos;
        }
    }


    /** Called with the runner once its broker and topics exist, before the job starts (e.g. a live view). */
    public final void whenRunnerStarts(java.util.function.Consumer<LocalRunner> listener) {
        onRunnerStarted = listener;
    }

    /** Runs {@code replay} in a daemon thread; its failure surfaces in {@link #checkRunning()}. */
    protected final Thread startReplay(String threadName, Replay replay) {
        Thread thread = new Thread(() -> {
            try {
                replay.run();
            } catch (Throwable t) {
                replayFailure.set(t);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Throws if the replay failed or the job ended although it should still run; the scoring loop calls it. */
    protected final void checkRunning() throws Exception {
        Throwable failure = replayFailure.get();
        if (failure != null) {
            throw new IllegalStateException("replayer failed: " + failure.getMessage(), failure);
        }
        LocalRunner r = runner;
        if (r != null) {
            r.failIfJobEnded();
        }
    }

    /** A prediction read back: the record it came in and when it arrived. */
    protected record Received(Prediction prediction, ConsumerRecord<byte[], byte[]> record, long nanos,
                              long epochMillis) {}

    /**
     * One round of a scoring loop: checks that the replay and the job are alive ({@link
     * #checkRunning()}), polls {@code consumer} and decodes what came; a record that is no
     * Prediction is passed over.
     */
    protected final List<Received> pollPredictions(KafkaConsumer<byte[], byte[]> consumer, Duration timeout)
            throws Exception {
        checkRunning();
        List<Received> received = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            long nanos = System.nanoTime();
            long epochMillis = System.currentTimeMillis();
            try {
                received.add(new Received(predictionCodec.decode(record.value()), record, nanos, epochMillis));
            } catch (IOException e) {
                // not a Prediction: nothing to score
            }
        }
        return received;
    }

    /** True once the demo is told to stop: replay and scoring loops end. */
    protected final boolean stopped() {
        return stopped;
    }

    /** Ends the replay and scoring loops without closing yet (e.g. from an interrupted replayer). */
    protected final void stop() {
        stopped = true;
    }

    /** What a demo stops besides the runner (e.g. a replay's pacer); called first by {@link #close()}. */
    protected void onClose() {
    }

    /** Stops replay and scoring, cancels the job, shuts an embedded broker down and deletes the checkpoints. Idempotent. */
    @Override
    public final synchronized void close() {
        stopped = true;
        onClose();
        LocalRunner r = runner;
        if (r != null) {
            r.close();
        }
    }
}
