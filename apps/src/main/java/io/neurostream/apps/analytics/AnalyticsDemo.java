package io.neurostream.apps.analytics;

import io.neurostream.apps.common.LocalDemo;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.kafka.AnalyticsTopics;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.Recordings;
import io.neurostream.connectors.replay.SpikeFileReplay;
import io.neurostream.connectors.spikes.SpikeBatcher;
import io.neurostream.connectors.spikes.sim.PlantedStructure;
import io.neurostream.connectors.spikes.sim.ReachSimParams;
import io.neurostream.connectors.spikes.sim.ReachSimulator;
import io.neurostream.jobs.spikes.SpikeAnalyticsJob;
import io.neurostream.schemas.BrainState;
import io.neurostream.schemas.ConnectivityChange;
import io.neurostream.schemas.ConnectivityEvent;
import io.neurostream.schemas.NeuralStats;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedSpikes;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;

/**
 * spike-analytics end to end in one process: a Kafka broker (embedded, or an external cluster),
 * the spikes replayed onto {@code neural.spikes}, a Flink MiniCluster running
 * {@link SpikeAnalyticsJob} over them (bounded: it stops at the end offsets it found, so it
 * finishes), and a read_committed reader of {@code neural.stats}, {@code neural.connectivity},
 * {@code neural.states} and {@code dead-letters} that scores what came out.
 *
 * <p>Generator mode (default): a {@link ReachSimulator} population with {@link PlantedStructure}
 * (synaptic pairs with known lags; switching between known population states). Scores: pair
 * precision and recall of the final connectivity graph against the planted pairs (directed), and
 * state accuracy of the per-bin HMM states against the true ones after the best relabelling. File
 * mode: any spike recording the replay reads (phy folder, NWB, CSV); no truth, so no scores.
 */
public final class AnalyticsDemo extends LocalDemo {
    /** The generator's session id. */
    public static final String SESSION = "planted";

    /** Receives progress lines (replay, job, scoring). */
    public interface ProgressListener {
        void progress(String line);
    }

    /** What came back from Kafka, for pictures and tests. */
    public record Output(String sessionId, int unitCount, long[] spikeTimesMicros, int[] spikeUnits,
                         List<NeuralStats> stats, List<ConnectivityEvent> connectivity, List<BrainState> states,
                         int[] trueStatePerBin, PlantedStructure planted) {}

    private final AnalyticsDemoOptions options;
    private volatile Output output;
    private volatile Pacer pacer;

    public AnalyticsDemo(AnalyticsDemoOptions options) {
        this(options, null);
    }

    /** A demo against {@code bootstrapServers} (topics should be empty), or on its own embedded broker when null. */
    public AnalyticsDemo(AnalyticsDemoOptions options, String bootstrapServers) {
        super(bootstrapServers);
        this.options = options;
    }

    /** What came back, after {@link #run}. */
    public Output output() {
        return output;
    }

    @Override
    protected void onClose() {
        Pacer p = pacer;
        if (p != null) {
            p.stop();
        }
    }

    public AnalyticsSummary run(ProgressListener listener) throws Exception {
        ProgressListener say = listener == null ? line -> { } : listener;
        long startNanos = System.nanoTime();
        NeurostreamTopics topics = options.run().topics();
        AnalyticsTopics outputs = AnalyticsTopics.defaults(options.run().partitions());
        SpikeFileReplay recording = options.file() == null ? null
                : SpikeFileReplay.open(options.file(), Recordings.defaultId(options.file()), options.batchMicros());
        String session = recording == null ? SESSION : Recordings.defaultId(options.file());
        try {
            LocalRunner runner = startRunner(topics);
            String bootstrap = runner.bootstrapServers();
            TopicAdmin.createTopics(bootstrap, outputs.definitions((short) 1));

            // 1. replay everything onto neural.spikes (as fast as possible), with some garbage
            long replayStart = System.nanoTime();
            AtomicLong spikesSent = new AtomicLong();
            Truth truth = new Truth();
            int unitCount;
            String source;
            try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrap, topics, KafkaReplayTarget.BULK_LINGER_MILLIS)) {
                for (int i = 0; i < options.malformedMessages(); i++) {
                    target.raw(topics.neuralSpikes(), session, ("malformed message " + i + ": not a SpikeBatch")
                            .getBytes(StandardCharsets.UTF_8));
                }
                if (recording == null) {
                    unitCount = options.units();
                    source = replayGenerator(target, truth, spikesSent, say);
                } else {
                    unitCount = recording.unitCount();
                    source = recording.describe();
                    pacer = Pacer.asFastAsPossible();
                    var stats = recording.replay(target, pacer, soFar -> say.progress(String.format(java.util.Locale.ROOT,
                            "replay: %,d spikes, %.0f s of recording", soFar.events(), soFar.recordingSeconds())));
                    spikesSent.set(stats.events());
                }
                target.flush();
            }
            double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
            say.progress(String.format(java.util.Locale.ROOT, "replayed %,d spikes of %d units in %.1f s; running spike-analytics ...",
                    spikesSent.get(), unitCount, replaySeconds));

            // 2. the job, bounded: it reads what is there and finishes
            long jobStart = System.nanoTime();
            // No idleness for a bounded replay: an input that is idle while the job starts (no record yet) would let
            // an empty partition's end-of-input watermark through, and the end-of-recording work would never run.
            SpikeAnalyticsJob.Settings settings = new SpikeAnalyticsJob.Settings(options.analytics(),
                    SpikeAnalyticsJob.Settings.of(options.analytics()).disorderMicros(), 0);
            JobClient job = runner.submit(options.run().flink(0, false), SpikeAnalyticsJob.NAME, env ->
                    SpikeAnalyticsJob.onKafka(bootstrap, topics, outputs, SpikeAnalyticsJob.NAME,
                            options.run().deliveryMode(), true, settings).build(env));
            job.getJobExecutionResult().get(options.timeout().toSeconds(), TimeUnit.SECONDS);
            double jobSeconds = (System.nanoTime() - jobStart) / 1e9;
            say.progress(String.format(java.util.Locale.ROOT, "job finished in %.1f s; reading neural.stats, "
                    + "neural.connectivity, neural.states ...", jobSeconds));

            // 3. read back what is committed, and score it
            List<NeuralStats> stats = read(bootstrap, outputs.stats(), NeuralStats.class, session);
            List<ConnectivityEvent> graph = read(bootstrap, outputs.connectivity(), ConnectivityEvent.class, session);
            List<BrainState> states = read(bootstrap, outputs.states(), BrainState.class, session);
            long deadLetters = TopicRecords.count(bootstrap, topics.deadLetters());
            SpikesRead spikes = readSpikes(bootstrap, topics.neuralSpikes(), session);
            int[] truthPerBin = truth.perBin(options.analytics().states().binMicros(), states);
            output = new Output(session, unitCount, spikes.times, spikes.units, stats, graph, states, truthPerBin,
                    truth.planted);
            AnalyticsSummary summary = AnalyticsSummary.score(output, source, spikesSent.get(), deadLetters,
                    options.malformedMessages(), replaySeconds, jobSeconds, (System.nanoTime() - startNanos) / 1e9,
                    options.run(), options.analytics());
            if (options.pngDir() != null) {
                AnalyticsPictures.drawAll(output, summary, options.analytics(), options.pngDir());
            }
            return summary;
        } finally {
            close();
        }
    }

    /** The planted structure and the true state of every simulation step. */
    private static final class Truth {
        PlantedStructure planted;
        byte[] statePerStep = new byte[0];
        long stepMicros = 1;

        /** The true state at the middle of each decoded bin (null without switching). */
        int[] perBin(long binMicros, List<BrainState> decoded) {
            if (planted == null || planted.stateCount() == 0) {
                return null;
            }
            int[] out = new int[decoded.size()];
            for (int i = 0; i < out.length; i++) {
                long mid = decoded.get(i).getBinStartMicros() + binMicros / 2;
                int step = (int) Math.min(statePerStep.length - 1, Math.max(0, mid / stepMicros));
                out[i] = statePerStep[step];
            }
            return out;
        }
    }

    private String replayGenerator(KafkaReplayTarget target, Truth truth, AtomicLong spikesSent, ProgressListener say) {
        ReachSimParams params = ReachSimParams.builder().neuronCount(options.units()).build();
        PlantedStructure planted = PlantedStructure.random(options.units(), options.plantedPairs(), options.efficacy(),
                options.states(), options.gainSigma(), options.meanDwellMs(), options.seed() + 1);
        ReachSimulator sim = new ReachSimulator(params, planted, options.seed());
        long steps = options.seconds() * 1_000_000L / params.stepMicros();
        truth.planted = planted;
        truth.stepMicros = params.stepMicros();
        truth.statePerStep = new byte[(int) steps];
        SpikeBatcher batcher = new SpikeBatcher(SESSION, options.units(), options.batchMicros(), target::spikes).startAt(0);
        for (int s = 0; s < steps && !stopped(); s++) {
            int n = sim.step();
            for (int i = 0; i < n; i++) {
                batcher.add(sim.spikeTimeMicros(i), sim.spikeUnit(i));
            }
            spikesSent.addAndGet(n);
            truth.statePerStep[s] = (byte) sim.state();
            if ((s + 1) % 60_000 == 0) {
                say.progress(String.format(java.util.Locale.ROOT, "replay: %,d spikes, %d of %d s", spikesSent.get(),
                        (s + 1) / 1000, options.seconds()));
            }
        }
        batcher.advanceTo(steps * params.stepMicros());
        batcher.finish();
        return String.format(java.util.Locale.ROOT, "generator: %d units (ReachSimulator, %.0f±%.0f Hz baselines), "
                        + "%d planted pairs (efficacy %.2f, lags 2-4 ms), %d states (gain sigma %.2f, mean dwell %.1f s), "
                        + "%d s, seed %d", options.units(), params.baselineHzMean(), params.baselineHzSpread(),
                options.plantedPairs(), options.efficacy(), options.states(), options.gainSigma(),
                options.meanDwellMs() / 1000, options.seconds(), options.seed());
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> List<T> read(String bootstrap, String topic,
                                                                                      Class<T> type, String session) {
        SingleObjectCodec<T> codec = SingleObjectCodec.of(type);
        List<T> out = new ArrayList<>();
        TopicRecords.forEach(bootstrap, topic, Duration.ofSeconds(60), r -> {
            if (new String(r.key(), StandardCharsets.UTF_8).equals(session)) {
                try {
                    out.add(codec.decode(r.value()));
                } catch (IOException e) {
                    throw new IllegalStateException(topic + " holds a record that is no " + type.getSimpleName(), e);
                }
            }
        });
        return out;
    }

    private record SpikesRead(long[] times, int[] units) {}

    /** The session's spikes as they are on neural.spikes now (garbage skipped), in batch order. */
    private static SpikesRead readSpikes(String bootstrap, String topic, String session) {
        SingleObjectCodec<SpikeBatch> codec = SingleObjectCodec.of(SpikeBatch.class);
        List<SpikeBatch> batches = new ArrayList<>();
        TopicRecords.forEach(bootstrap, topic, Duration.ofSeconds(60), r -> {
            try {
                SpikeBatch b = codec.decode(r.value());
                if (b.getSessionId().equals(session)) {
                    batches.add(b);
                }
            } catch (IOException e) {
                // the garbage we sent: it went to dead-letters
            }
        });
        batches.sort((a, b) -> Long.compare(a.getSequence(), b.getSequence()));
        int total = batches.stream().mapToInt(SpikeBatch::getSpikeCount).sum();
        long[] times = new long[total];
        int[] units = new int[total];
        int k = 0;
        for (SpikeBatch b : batches) {
            ByteBuffer view = PackedSpikes.view(b.getSpikes());
            for (int i = 0; i < b.getSpikeCount(); i++, k++) {
                times[k] = b.getStartTimeMicros() + PackedSpikes.dtMicros(view, i);
                units[k] = PackedSpikes.unitIndex(view, i);
            }
        }
        return new SpikesRead(times, units);
    }

    /** The graph the events describe at the end: directed "pre->post" -> last ADDED/CHANGED event. */
    public static Map<String, ConnectivityEvent> finalGraph(List<ConnectivityEvent> events) {
        Map<String, ConnectivityEvent> edges = new LinkedHashMap<>();
        for (ConnectivityEvent e : events) {
            String key = e.getPreUnit() + "->" + e.getPostUnit();
            if (e.getChange() == ConnectivityChange.REMOVED) {
                edges.remove(key);
            } else {
                edges.put(key, e);
            }
        }
        return edges;
    }

}
