package io.neurostream.jobs.spikes;

import io.neurostream.connectors.kafka.AnalyticsTopics;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.AnalyticsSerializers;
import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.flink.KafkaConnections;
import io.neurostream.connectors.kafka.flink.RecordSerializers;
import io.neurostream.core.analytics.AnalyticsParams;
import io.neurostream.core.analytics.BrainStateParams;
import io.neurostream.core.analytics.ConnectivityParams;
import io.neurostream.core.analytics.StatsParams;
import io.neurostream.flink.analytics.SpikeAnalyticsFunction;
import io.neurostream.jobs.common.IngestTimes;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.common.SensorClockWatermarks;
import io.neurostream.schemas.BrainState;
import io.neurostream.schemas.ConnectivityEvent;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.NeuralStats;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.internal.RawRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The spike-analytics topology: live statistics, functional connectivity and brain states of every
 * session on {@code neural.spikes}.
 *
 * <pre>
 * neural.spikes --decode+validate--&gt; recording-clock watermarks --(keyBy session)--&gt; spike analytics --&gt; neural.stats
 *                                                                                          |--&gt; neural.connectivity
 *                                                                                          +--&gt; neural.states
 *   (undecodable / invalid messages, batches a session cannot take) --------------------------&gt; dead-letters
 * </pre>
 *
 * Sources and sinks are injected: the demo and the cluster {@code main} wire Kafka, tests may wire anything.
 */
public final class SpikeAnalyticsJob {
    /** The job's name: consumer group, transactional id prefix and Flink job name unless --group-id says otherwise. */
    public static final String NAME = "spike-analytics";

    /** The uid of every operator, in topology order (a test keeps them stable: savepoints map state by uid). */
    public static final List<String> UIDS = List.of("neural-spikes-source", "decode-spike-batches", "spike-watermarks",
            "spike-analytics", "neural-stats-sink", "connectivity-sink", "brain-states-sink", "dead-letters-sink");

    /** Options of this job beside {@link JobArguments#COMMON_OPTIONS}: name -&gt; default and meaning. */
    public static final Map<String, String> OPTIONS = options();

    private static Map<String, String> options() {
        StatsParams s = StatsParams.defaults();
        ConnectivityParams c = ConnectivityParams.defaults();
        BrainStateParams b = BrainStateParams.defaults();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("stats-window-micros", s.windowMicros() + ": statistics window (a multiple of the slide)");
        o.put("stats-slide-micros", s.slideMicros() + ": a neural.stats record per session this often");
        o.put("fano-bin-micros", s.fanoBinMicros() + ": counting bin of the Fano factor (divides the slide)");
        o.put("refractory-micros", s.refractoryMicros() + ": shorter ISIs are refractory-period violations");
        o.put("min-rate-hz", s.minRateHz() + ": slower units are flagged LOW_RATE");
        o.put("max-violation-fraction", s.maxViolationFraction() + ": units with more violations are CONTAMINATED");
        o.put("max-pairs", c.maxPairs() + ": correlogram pairs at most (all pairs of the top-k units by rate)");
        o.put("pairs", "none: monitor these unit pairs instead of the top-k, e.g. 3-8,4-12");
        o.put("alpha", c.alpha() + ": family-wise false-positive rate of the connectivity tests");
        o.put("min-strength", c.minStrength() + ": smallest spike transmission probability reported as an edge");
        o.put("evaluate-every-micros", c.evaluateEveryMicros() + ": connectivity graph re-evaluated this often");
        o.put("select-after-micros", c.selectAfterMicros() + ": rates over this much recording choose the top-k units");
        o.put("connectivity-memory-seconds", c.memorySeconds() + ": correlograms forget with this time constant (0 = never)");
        o.put("change-threshold", c.changeThreshold() + ": an edge whose strength moves this much is reported again");
        o.put("state-bin-micros", b.binMicros() + ": population count bin of the state model");
        o.put("states", b.states() + ": hidden states of the online HMM");
        o.put("state-warmup-bins", b.warmupBins() + ": bins the model is first fitted on (Baum-Welch)");
        o.put("state-memory-seconds", b.memorySeconds() + ": the online HMM forgets with this time constant");
        o.put("early-warning-bins", b.earlyWarningBins() + ": window of the rolling variance and lag-1 autocorrelation");
        o.put("seed", b.seed() + ": seeds the HMM's initialisation");
        o.put("disorder-micros", "20000: bounded disorder of the recording clock for watermarks");
        o.put("idle-millis", "2000: an input without records for this long stops holding the watermark back");
        AnalyticsTopics t = AnalyticsTopics.defaults(1);
        o.put("topic-stats", t.stats() + ": topic name");
        o.put("topic-connectivity", t.connectivity() + ": topic name");
        o.put("topic-states", t.states() + ": topic name");
        return java.util.Collections.unmodifiableMap(o);
    }

    /**
     * Settings of the topology.
     *
     * @param analytics the kernels' parameters
     * @param disorderMicros bounded disorder of the recording clock across partitions (watermarks)
     * @param idleMillis an input without records for this long stops holding the watermark back
     */
    public record Settings(AnalyticsParams analytics, long disorderMicros, long idleMillis) {
        public Settings {
            if (analytics == null) {
                throw new IllegalArgumentException("analytics parameters are required");
            }
            if (disorderMicros < 0 || idleMillis < 0) {
                throw new IllegalArgumentException("disorderMicros and idleMillis must be >= 0");
            }
        }

        public static Settings of(AnalyticsParams analytics) {
            return new Settings(analytics, 20_000, 2_000);
        }
    }

    private final Source<RawRecord, ?, ?> spikes;
    private final Sink<NeuralStats> stats;
    private final Sink<ConnectivityEvent> connectivity;
    private final Sink<BrainState> states;
    private final Sink<DeadLetter> deadLetters;
    private final Settings settings;
    private final String jobName;
    private final String spikesTopic;

    /**
     * @param jobName names the job in dead letters
     * @param spikesTopic the spikes' topic, named in dead letters of batches a session cannot take
     */
    public SpikeAnalyticsJob(Source<RawRecord, ?, ?> spikes, Sink<NeuralStats> stats, Sink<ConnectivityEvent> connectivity,
                             Sink<BrainState> states, Sink<DeadLetter> deadLetters, Settings settings, String jobName,
                             String spikesTopic) {
        this.spikes = spikes;
        this.stats = stats;
        this.connectivity = connectivity;
        this.states = states;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.jobName = jobName;
        this.spikesTopic = spikesTopic;
    }

    /**
     * The job on Kafka: reads {@code topics.neuralSpikes()} as consumer group {@code group}; sinks
     * write with transactional ids {@code <group>-stats}, {@code <group>-connectivity},
     * {@code <group>-states} and {@code <group>-dead-letters}. With {@code bounded} the source stops
     * at the end offsets seen at start, so the job finishes (and evaluates the graph a last time).
     */
    public static SpikeAnalyticsJob onKafka(String bootstrap, NeurostreamTopics topics, AnalyticsTopics outputs,
                                            String group, DeliveryMode mode, boolean bounded, Settings settings) {
        return new SpikeAnalyticsJob(
                KafkaConnections.rawSource(bootstrap, topics.neuralSpikes(), group, mode, bounded),
                KafkaConnections.sink(bootstrap, new AnalyticsSerializers.NeuralStatsSerializer(outputs.stats()), mode,
                        group + "-stats"),
                KafkaConnections.sink(bootstrap, new AnalyticsSerializers.ConnectivityEventSerializer(outputs.connectivity()),
                        mode, group + "-connectivity"),
                KafkaConnections.sink(bootstrap, new AnalyticsSerializers.BrainStateSerializer(outputs.states()), mode,
                        group + "-states"),
                KafkaConnections.sink(bootstrap, new RecordSerializers.DeadLetterSerializer(topics.deadLetters()), mode,
                        group + "-dead-letters"),
                settings, NAME, topics.neuralSpikes());
    }

    /** The output topics {@code arguments} name. */
    public static AnalyticsTopics outputTopics(JobArguments arguments) {
        AnalyticsTopics d = AnalyticsTopics.defaults((int) arguments.getLong("partitions", 2));
        return new AnalyticsTopics(arguments.get("topic-stats", d.stats()), arguments.get("topic-connectivity",
                d.connectivity()), arguments.get("topic-states", d.states()), d.partitions());
    }

    /**
     * Entry point on a cluster: {@code flink run -c io.neurostream.jobs.spikes.SpikeAnalyticsJob
     * neurostream-jobs-*-job.jar --bootstrap-servers kafka:9092 [--max-pairs 2016] [--states 3]
     * [--stats-window-micros 10000000] ...} (every option: {@link #OPTIONS}). Creates missing topics;
     * checkpointing and the state backend come from the cluster configuration.
     */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args, OPTIONS.keySet());
        JobArguments.logToConsoleOutsideACluster();
        Settings settings = settingsFrom(arguments); // fail on wrong values before touching Kafka
        StreamExecutionEnvironment env = arguments.environment();
        NeurostreamTopics topics = arguments.createTopics();
        AnalyticsTopics outputs = outputTopics(arguments);
        TopicAdmin.createTopics(arguments.bootstrapServers(), outputs.definitions(arguments.replicationFactor()));
        String group = arguments.get("group-id", NAME);
        onKafka(arguments.bootstrapServers(), topics, outputs, group, arguments.delivery(), arguments.bounded(), settings)
                .build(env);
        env.execute(group);
    }

    /** The kernels' parameters from cluster arguments; wrong values fail before anything starts, naming the option. */
    public static Settings settingsFrom(JobArguments a) {
        StatsParams s = StatsParams.defaults();
        ConnectivityParams c = ConnectivityParams.defaults();
        BrainStateParams b = BrainStateParams.defaults();
        try {
            StatsParams stats = new StatsParams(a.getLong("stats-window-micros", s.windowMicros()),
                    a.getLong("stats-slide-micros", s.slideMicros()), a.getLong("fano-bin-micros", s.fanoBinMicros()),
                    a.getLong("refractory-micros", s.refractoryMicros()), s.isiHistogramBins(),
                    number(a, "min-rate-hz", s.minRateHz()), number(a, "max-violation-fraction", s.maxViolationFraction()));
            ConnectivityParams connectivity = new ConnectivityParams((int) a.getLong("max-pairs", c.maxPairs()),
                    pairs(a.get("pairs", null)), c.halfWidthMicros(), c.binMicros(), c.synapseMinLagMicros(),
                    c.synapseMaxLagMicros(), c.baselineSigmaMicros(), c.hollowFraction(), number(a, "alpha", c.alpha()),
                    number(a, "min-strength", c.minStrength()), a.getLong("evaluate-every-micros", c.evaluateEveryMicros()),
                    a.getLong("select-after-micros", c.selectAfterMicros()),
                    number(a, "connectivity-memory-seconds", c.memorySeconds()),
                    number(a, "change-threshold", c.changeThreshold()));
            if (connectivity.configuredPairs().length > 0) {
                connectivity = connectivity.withConfiguredPairs(connectivity.configuredPairs());
            }
            BrainStateParams states = new BrainStateParams(a.getLong("state-bin-micros", b.binMicros()),
                    (int) a.getLong("states", b.states()), (int) a.getLong("state-warmup-bins", b.warmupBins()),
                    b.emIterations(), b.selfTransition(), number(a, "state-memory-seconds", b.memorySeconds()),
                    (int) a.getLong("early-warning-bins", b.earlyWarningBins()), a.getLong("seed", b.seed()));
            Settings d = Settings.of(new AnalyticsParams(stats, connectivity, states));
            return new Settings(d.analytics(), a.getLong("disorder-micros", d.disorderMicros()),
                    a.getLong("idle-millis", d.idleMillis()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spike-analytics settings: " + e.getMessage(), e);
        }
    }

    private static double number(JobArguments a, String key, double defaultValue) {
        String v = a.get(key, null);
        try {
            return v == null ? defaultValue : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, got '" + v + "'");
        }
    }

    /** {@code "3-8,4-12"} as {3, 8, 4, 12}; null or blank = none. */
    public static int[] pairs(String list) {
        if (list == null || list.isBlank()) {
            return new int[0];
        }
        String[] items = list.split(",");
        int[] out = new int[2 * items.length];
        for (int i = 0; i < items.length; i++) {
            String[] ab = items[i].trim().split("-");
            try {
                if (ab.length != 2) {
                    throw new NumberFormatException();
                }
                out[2 * i] = Integer.parseInt(ab[0].trim());
                out[2 * i + 1] = Integer.parseInt(ab[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--pairs takes unit index pairs like 3-8,4-12, got '" + items[i] + "'");
            }
        }
        return out;
    }

    /** Adds the topology to {@code env}; call {@code env.execute/executeAsync} afterwards. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<SpikeBatch> batches = env
                .fromSource(spikes, WatermarkStrategy.noWatermarks(), "neural.spikes")
                .uid("neural-spikes-source")
                .process(IngestTimes.spikeBatches(jobName))
                .returns(new AvroTypeInfo<>(SpikeBatch.class))
                .uid("decode-spike-batches").name("decode + validate SpikeBatch");
        SingleOutputStreamOperator<NeuralStats> analytics = batches
                .assignTimestampsAndWatermarks(SensorClockWatermarks.strategy(new SpikeDecodeJob.BatchTimes(),
                        settings.disorderMicros(), settings.idleMillis()))
                .uid("spike-watermarks").name("recording-clock watermarks")
                .keyBy(new SpikeDecodeJob.BatchKey())
                .process(new SpikeAnalyticsFunction(settings.analytics(), jobName, spikesTopic))
                .returns(new AvroTypeInfo<>(NeuralStats.class))
                .uid("spike-analytics").name("statistics + connectivity + brain states");
        analytics.sinkTo(stats).uid("neural-stats-sink").name("neural.stats");
        analytics.getSideOutput(SpikeAnalyticsFunction.CONNECTIVITY).sinkTo(connectivity)
                .uid("connectivity-sink").name("neural.connectivity");
        analytics.getSideOutput(SpikeAnalyticsFunction.STATES).sinkTo(states).uid("brain-states-sink").name("neural.states");
        batches.getSideOutput(DecodeFunction.DEAD_LETTERS).union(analytics.getSideOutput(SpikeAnalyticsFunction.DEAD_LETTERS))
                .sinkTo(deadLetters).uid("dead-letters-sink").name("dead-letters");
    }
}
