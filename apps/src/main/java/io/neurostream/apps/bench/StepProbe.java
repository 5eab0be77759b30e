package io.neurostream.apps.bench;

import io.neurostream.apps.common.Percentiles;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.apps.run.JobRun;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.Recording;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Beside one bench step's job ({@link JobRun.Companion}): reads the job's output topic from its start
 * and notes per output record its latency and the input events it accounts for; in a paced step it
 * also feeds the input (the recording at a fixed pace for a fixed time) and, once the outputs have
 * caught up with what was fed (or stopped coming), stops the run.
 */
final class StepProbe implements JobRun.Companion {
    private static final long SETTLE_QUIET_MILLIS = 3_000;
    private static final long SETTLE_MAX_MILLIS = 30_000;
    /** A paced step gives up when the job has produced nothing for this long after it was submitted. */
    private static final long FIRST_OUTPUT_MAX_MILLIS = 180_000;

    private final JobRun.Kind kind;
    private final String outputTopic;
    private final Map<String, Integer> packetEvents;
    private final Recording feed;
    private final Pacer pacer;
    private final double feedSeconds;
    private final JobRun run;
    /** Further passes of a recording that does not loop (spikes), as recording {@code pass}; null = none. */
    private final java.util.function.IntFunction<Recording> loop;
    private int pass;
    private final SingleObjectCodec<Prediction> predictions = SingleObjectCodec.of(Prediction.class);
    private final SingleObjectCodec<EventPacket> packets = SingleObjectCodec.of(EventPacket.class);

    private final AtomicLong eventsFed = new AtomicLong();
    /** Input events all outputs account for (warm-up included), to see when the job has caught up. */
    private final AtomicLong outputEvents = new AtomicLong();
    /** Input events the measured outputs account for. */
    private final AtomicLong measuredEvents = new AtomicLong();
    /**
     * A paced step's warm-up after its first output, at most: JIT compilation, the first young GCs, and the
     * backlog fed while the job started (the feed runs from the submission) drain here. Measured before
     * (bench/README.md, "dvs-classify latency"), the outputs of that drain were the p99 of a 60 s step; at
     * load 30 the drain took 14 s, so 10 s were not enough.
     */
    static final double WARM_UP_MAX_SECONDS = 20;
    /**
     * Outputs of inputs appended before this (ms) are warm-up: a paced step sets it {@link #warmUpSeconds()}
     * after its first output (nothing is measured before, unless the job falls behind: see
     * {@link #warmUpLatenciesMs}); a backlog step measures from the start.
     */
    private volatile long measureFromMillis;
    /** When the first output arrived (ms); outputs of inputs appended from then until {@link #measureFromMillis} are the warm-up's. */
    private volatile long firstSeenMillis = Long.MAX_VALUE;
    /**
     * The warm-up's outputs, measured only if the job had not caught up when the feed stopped: a job that falls
     * behind is measured from its first output, as before the warm-up existed (its queue is the finding).
     */
    private final List<Double> warmUpLatenciesMs = new ArrayList<>(); // guarded by latenciesMs
    private volatile long warmUpOutputs;
    private final AtomicLong warmUpEvents = new AtomicLong();
    private volatile long lastWarmUpOutputMillis = Long.MIN_VALUE;
    private final List<Double> latenciesMs = new ArrayList<>(); // guarded by itself
    private volatile long outputs;
    private volatile long measuredOutputs;
    private volatile long untraced;
    private volatile long firstOutputMillis = Long.MAX_VALUE;
    private volatile long lastOutputMillis = Long.MIN_VALUE;
    private volatile long lastOutputNanos = System.nanoTime();
    private volatile boolean feedDone;
    /**
     * When the paced feed stopped (ms). If the job had caught up by then (its outputs accounted for ≥ 90 % of
     * the events fed), outputs emitted later are the end of the step, not its steady state: the last window
     * of each sensor, which no later packet closes, waits for the watermark's idle timeout (2 s). They are
     * then counted but neither measured nor in the latencies. A job that had not caught up is measured to its
     * last output, backlog included.
     */
    private volatile long feedStoppedMillis = Long.MAX_VALUE;
    private volatile boolean caughtUpAtFeedStop;
    private volatile long afterFeedOutputs;
    private final AtomicLong afterFeedEvents = new AtomicLong();
    private volatile long lastAfterFeedMillis = Long.MIN_VALUE;
    private final List<Double> afterFeedLatenciesMs = new ArrayList<>(); // guarded by latenciesMs
    private volatile boolean draining;
    private volatile Throwable failure;
    private Thread reader;
    private Thread feeder;
    /** Every output (partition, offset, ingest, emit, in-Kafka times in ms, events), or null: see {@link #OUTPUT_LOG_DIR}. */
    private java.io.PrintWriter outputLog;

    /**
     * A diagnostic: with {@code -Dneurostream.bench.outputs=DIR} each step writes every output it reads to
     * {@code DIR/<job>-<backlog|paced>-<time>.csv}, to line the latency tail up with checkpoints and GC pauses.
     */
    static final String OUTPUT_LOG_DIR = "neurostream.bench.outputs";

    /**
     * @param packetEvents input event count by {@code sensor#sequence} (dvs-ingest's outputs are traced to it);
     *     a paced step's feed fills it
     * @param feed the recording to feed at {@code pacer}'s pace, or null (a backlog step)
     */
    StepProbe(JobRun.Kind kind, String outputTopic, Map<String, Integer> packetEvents, Recording feed, Pacer pacer,
              double feedSeconds, JobRun run, java.util.function.IntFunction<Recording> loop) {
        this.kind = kind;
        this.outputTopic = outputTopic;
        this.packetEvents = packetEvents;
        this.feed = feed;
        this.pacer = pacer;
        this.feedSeconds = feedSeconds;
        this.run = run;
        this.loop = loop;
        this.measureFromMillis = feed != null ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    /** The warm-up of a paced step: half its feed time, at most {@link #WARM_UP_MAX_SECONDS}. */
    double warmUpSeconds() {
        return Math.min(WARM_UP_MAX_SECONDS, feedSeconds / 2);
    }

    @Override
    public void jobStarted(String bootstrapServers, NeurostreamTopics topics, String groupId, String inputTopic) {
        String dir = System.getProperty(OUTPUT_LOG_DIR);
        if (dir != null) {
            try {
                java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
                outputLog = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of(dir,
                        kind.id() + "-" + (feed == null ? "backlog" : "paced") + "-" + System.currentTimeMillis()
                                + ".csv")));
                outputLog.println("partition,offset,ingestMillis,emitMillis,outputMillis,events");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        reader = new Thread(() -> read(bootstrapServers), "bench-output-reader");
        reader.setDaemon(true);
        reader.start();
        if (feed != null) {
            feeder = new Thread(() -> feed(bootstrapServers, topics), "bench-feed");
            feeder.setDaemon(true);
            feeder.start();
        }
    }

    /**
     * Feeds at the pace from the moment the job is submitted; the measurement starts {@link #warmUpSeconds()}
     * after the job's first output (what was fed before is warm-up: start-up, the first window, the backlog
     * of the start) and the feed stops {@code feedSeconds} later.
     */
    private void feed(String bootstrapServers, NeurostreamTopics topics) {
        long submitted = System.nanoTime();
        Thread timer = new Thread(() -> {
            try {
                while (outputs == 0 && System.nanoTime() - submitted < FIRST_OUTPUT_MAX_MILLIS * 1_000_000) {
                    Thread.sleep(20);
                }
                Thread.sleep((long) (warmUpSeconds() * 1000));
                measureFromMillis = System.currentTimeMillis();
                Thread.sleep((long) (feedSeconds * 1000));
            } catch (InterruptedException e) {
                return;
            }
            pacer.stop();
        }, "bench-feed-timer");
        timer.setDaemon(true);
        timer.start();
        try (Bench.CountingTarget target = new Bench.CountingTarget(new KafkaReplayTarget(bootstrapServers, topics,
                pacer), packetEvents)) {
            eventsFed.set(feed.replay(target, pacer, soFar -> eventsFed.set(soFar.events())).events());
            while (loop != null && !pacer.stopped()) { // spike recordings do not loop: replay as further sessions
                long before = eventsFed.get();
                eventsFed.addAndGet(loop.apply(++pass).replay(target, pacer, null).events());
                if (eventsFed.get() == before) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            failure = e;
        } finally {
            timer.interrupt();
            caughtUpAtFeedStop = outputEvents.get() >= 0.9 * eventsFed.get();
            feedStoppedMillis = System.currentTimeMillis();
        }
        feedDone = true;
        settleThenStop();
    }

    /** Waits until the outputs account for every event fed, or have stopped coming; then ends the run. */
    private void settleThenStop() {
        long deadline = System.nanoTime() + SETTLE_MAX_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            boolean caughtUp = kind != JobRun.Kind.DVS_CLASSIFY && outputEvents.get() >= eventsFed.get();
            boolean quiet = System.nanoTime() - lastOutputNanos > SETTLE_QUIET_MILLIS * 1_000_000;
            if (caughtUp || quiet) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        run.stop();
    }

    private void read(String bootstrapServers) {
        try (KafkaConsumer<byte[], byte[]> consumer = TopicRecords.fromStart(bootstrapServers, outputTopic)) {
            Map<TopicPartition, Long> end = null;
            long drainDeadline = Long.MAX_VALUE;
            while (true) {
                if (draining && end == null) {
                    end = consumer.endOffsets(consumer.assignment());
                    drainDeadline = System.nanoTime() + 30_000_000_000L;
                }
                if (end != null && (Bench.atEnd(consumer, end) || System.nanoTime() > drainDeadline)) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    take(r);
                }
            }
        } catch (Exception | Error e) {
            failure = e;
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) throws IOException {
        long ingestMillis;
        long outputMillis;
        long emitMillis = Long.MIN_VALUE;
        String inputKey;
        long events = 0;
        if (kind == JobRun.Kind.DVS_INGEST) {
            EventPacket p = packets.decode(r.value());
            ingestMillis = p.getIngestTimeMillis() == null ? Long.MIN_VALUE : p.getIngestTimeMillis();
            outputMillis = r.timestamp();
            inputKey = Bench.CountingTarget.key(p.getSensorId(), p.getSequence());
        } else {
            Prediction p = predictions.decode(r.value());
            ingestMillis = p.getIngestTimeMillis();
            // "to the prediction in Kafka": the broker's append time (our topics are LogAppendTime), which
            // counts the sink's send; the job's emit time (a producer-stamped topic) leaves it out
            outputMillis = r.timestampType() == org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME
                    ? r.timestamp() : p.getEmitTimeMillis();
            emitMillis = p.getEmitTimeMillis();
            // dvs-classify: the events of the window; spike-decode: the spikes of the bin's input batch
            inputKey = kind == JobRun.Kind.DVS_CLASSIFY ? null
                    : Bench.CountingTarget.key(p.getStreamId(), p.getWindowStartMicros());
            events = p.getEventCount();
        }
        if (inputKey != null) {
            Integer in = packetEvents.get(inputKey);
            if (in == null) {
                untraced++;
            }
            events = in == null ? 0 : in;
        }
        outputEvents.addAndGet(events);
        if (outputs == 0) {
            firstSeenMillis = System.currentTimeMillis();
        }
        outputs++;
        if (outputLog != null) {
            outputLog.printf(java.util.Locale.ROOT, "%d,%d,%d,%d,%d,%s%n", r.partition(), r.offset(), ingestMillis,
                    emitMillis == Long.MIN_VALUE ? -1 : emitMillis, outputMillis, events);
        }
        lastOutputNanos = System.nanoTime();
        if (ingestMillis < measureFromMillis) {
            if (feed != null && ingestMillis >= firstSeenMillis) { // warm-up: measured only if the job fell behind
                warmUpOutputs++;
                warmUpEvents.addAndGet(events);
                lastWarmUpOutputMillis = Math.max(lastWarmUpOutputMillis, outputMillis);
                synchronized (latenciesMs) {
                    warmUpLatenciesMs.add((double) (outputMillis - ingestMillis));
                }
            }
            return;
        }
        if (outputMillis > feedStoppedMillis) {
            afterFeedOutputs++; // the end of the step (see feedStoppedMillis): measured only if the job was behind
            afterFeedEvents.addAndGet(events);
            lastAfterFeedMillis = Math.max(lastAfterFeedMillis, outputMillis);
            synchronized (latenciesMs) {
                afterFeedLatenciesMs.add((double) (outputMillis - ingestMillis));
            }
            return;
        }
        measuredEvents.addAndGet(events);
        measuredOutputs++;
        firstOutputMillis = Math.min(firstOutputMillis, outputMillis);
        lastOutputMillis = Math.max(lastOutputMillis, outputMillis);
        synchronized (latenciesMs) {
            latenciesMs.add((double) (outputMillis - ingestMillis));
        }
    }

    /** Events the paced feed sent. */
    long eventsFed() {
        return eventsFed.get();
    }

    @Override
    public void close() {
        pacer.stop();
        join(feeder);
        draining = true;
        join(reader);
        if (outputLog != null) {
            // what the step measured: inputs appended from measureFrom on, outputs until the feed stopped
            outputLog.printf("# measureFromMillis=%d feedStoppedMillis=%d caughtUpAtFeedStop=%b%n",
                    feed != null ? measureFromMillis : Long.MIN_VALUE, feedStoppedMillis, caughtUpAtFeedStop);
            outputLog.close();
        }
    }

    private static void join(Thread t) {
        if (t != null) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What the step measured (call after the run has ended). */
    /** Outputs emitted after the paced feed stopped and not measured (the job had caught up), else 0. */
    long afterFeedOutputs() {
        return caughtUpAtFeedStop ? afterFeedOutputs : 0;
    }

    BenchReport.Step result(int number, double offeredRate, long eventsSent, long eventsIn, long eventsDropped,
                            long deadLetters, BenchReport.Ceiling ceiling) {
        if (failure != null) {
            throw new IllegalStateException(kind.id() + " step " + number + ": " + failure, failure);
        }
        double[] sorted;
        boolean withAfterFeed = !caughtUpAtFeedStop && afterFeedOutputs > 0;
        boolean withWarmUp = feed != null && !caughtUpAtFeedStop;
        synchronized (latenciesMs) {
            List<Double> all = new ArrayList<>(latenciesMs);
            if (withAfterFeed) {
                all.addAll(afterFeedLatenciesMs);
            }
            if (withWarmUp) {
                all.addAll(warmUpLatenciesMs);
            }
            sorted = all.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).toArray();
        }
        long measuredOutputs = this.measuredOutputs + (withAfterFeed ? afterFeedOutputs : 0)
                + (withWarmUp ? warmUpOutputs : 0);
        long measuredEvents = this.measuredEvents.get() + (withAfterFeed ? afterFeedEvents.get() : 0)
                + (withWarmUp ? warmUpEvents.get() : 0);
        long lastOutputMillis = withAfterFeed ? Math.max(this.lastOutputMillis, lastAfterFeedMillis) : this.lastOutputMillis;
        if (withWarmUp) {
            lastOutputMillis = Math.max(lastOutputMillis, lastWarmUpOutputMillis);
        }
        Arrays.sort(sorted);
        // paced: from the start of the measurement (the first output) to the last measured output
        long from = feed == null ? firstOutputMillis : withWarmUp ? Math.min(firstSeenMillis, measureFromMillis)
                : measureFromMillis;
        double span = measuredOutputs < 2 ? Double.NaN : (lastOutputMillis - from) / 1000.0;
        double eps = measuredOutputs < 2 || span <= 0 ? Double.NaN : measuredEvents / span;
        // a backlog's "latency" is the age of the pre-filled records: not reported
        boolean latencyMeaningful = feed != null;
        return new BenchReport.Step(kind.id(), number, offeredRate, eventsSent, eventsIn, eventsDropped, outputEvents.get(),
                measuredEvents, outputs, untraced, deadLetters, span, eps, ceiling.eventsPerSecond(),
                latencyMeaningful ? Percentiles.ofSorted(sorted, 50) : Double.NaN,
                latencyMeaningful ? Percentiles.ofSorted(sorted, 99) : Double.NaN,
                latencyMeaningful ? Percentiles.ofSorted(sorted, 99.9) : Double.NaN);
    }
}
