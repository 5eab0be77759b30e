package io.neurostream.jobs.dvs;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.DecodeFunction;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.flink.KafkaConnections;
import io.neurostream.connectors.kafka.flink.RecordSerializers;
import io.neurostream.flink.dvs.EventFilterFunction;
import io.neurostream.flink.dvs.EventStagesConfig;
import io.neurostream.jobs.common.IngestTimes;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
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
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The dvs-ingest topology: what a team ingesting event cameras around the clock runs, and the
 * ceiling for every event job.
 *
 * <pre>
 * dvs.events --decode+validate--(keyBy sensor)--&gt; order check, background-activity and refractory
 *            filters, region of interest / downsampling --&gt; dvs.events.filtered (EventPacket)
 *   (undecodable / invalid messages, packets out of order or that the stages do not fit) --&gt; dead-letters
 * </pre>
 *
 * One output packet per input packet (same sensor, sequence and time span, the geometry after the
 * region and downsampling, the input's {@code ingestTimeMillis}). The stages are dvs-classify's
 * ({@link EventStagesConfig}, without FEAST) and take the same options. No event-time windows: the
 * job needs no watermarks. Sources and sinks are injected ({@link #onKafka} wires Kafka); operator
 * uids are stable ({@link #UIDS}).
 */
public final class DvsIngestJob {
    /** The job's name: consumer group, transactional id prefix and Flink job name unless --group-id says otherwise. */
    public static final String NAME = "dvs-ingest";

    /** The default name of the output topic. */
    public static final String FILTERED_TOPIC = "dvs.events.filtered";

    /** Default of the order check's tolerated disorder (µs). */
    public static final long DEFAULT_DISORDER_MICROS = 50_000;

    /** The uid of every operator, in topology order (a test keeps them stable). */
    public static final List<String> UIDS = List.of("dvs-events-source", "decode-event-packets", "event-filter",
            "filtered-events-sink", "dead-letters-sink");

    /** Options of this job beside {@link JobArguments#COMMON_OPTIONS}: name -&gt; default and meaning. */
    public static final Map<String, String> OPTIONS = options();

    private static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("topic-filtered", FILTERED_TOPIC + ": output topic of the filtered EventPackets");
        o.put("stage-disorder-micros", "50000: order check; a packet starting further back than this goes to dead-letters");
        o.put("background-window-micros", "0 (off): background-activity filter support window");
        o.put("refractory-micros", "0 (off): refractory filter per pixel");
        o.put("roi", "whole sensor: region of interest x,y,width,height for every sensor");
        o.put("downsample", "1: integer downsampling after the region of interest");
        o.put("object-reuse", "true: chained operators hand records on without an Avro deep copy (safe in this"
                + " topology: no function keeps or changes a record after emitting or receiving it); false: copy");
        return java.util.Collections.unmodifiableMap(o);
    }

    /** The stages from {@code --key value} job arguments ({@link #OPTIONS}); wrong values fail naming the option. */
    public static EventStagesConfig stagesFrom(JobArguments arguments) {
        // the order check is on by default here (dvs-classify has it off)
        return DvsClassifyJob.stagesFrom(arguments, DEFAULT_DISORDER_MICROS);
    }

    /** The output topic: partitions of the input, LogAppendTime (its timestamp is when the record became readable). */
    public static NewTopic filteredTopic(JobArguments arguments) {
        return new NewTopic(arguments.get("topic-filtered", FILTERED_TOPIC), arguments.topics().partitions(),
                arguments.replicationFactor()).configs(Map.of("message.timestamp.type", "LogAppendTime"));
    }

    private final Source<RawRecord, ?, ?> events;
    private final Sink<EventPacket> filtered;
    private final Sink<DeadLetter> deadLetters;
    private final EventStagesConfig stages;
    private final String jobName;
    private final String eventsTopic;
    private boolean objectReuse = true;

    /**
     * @param jobName names the job in dead letters and accumulators
     * @param eventsTopic the events' topic, named in dead letters of packets the stages reject
     */
    public DvsIngestJob(Source<RawRecord, ?, ?> events, Sink<EventPacket> filtered, Sink<DeadLetter> deadLetters,
                        EventStagesConfig stages, String jobName, String eventsTopic) {
        this.events = events;
        this.filtered = filtered;
        this.deadLetters = deadLetters;
        this.stages = stages;
        this.jobName = jobName;
        this.eventsTopic = eventsTopic;
    }

    /**
     * The job on Kafka: reads {@code topics.dvsEvents()} as consumer group {@code group} from the
     * earliest offsets (with {@code bounded} up to the end offsets seen at start), writes
     * {@code filteredTopic} and dead letters with transactional ids {@code <group>-filtered} and
     * {@code <group>-dead-letters}.
     */
    public static DvsIngestJob onKafka(String bootstrap, NeurostreamTopics topics, String filteredTopic, String group,
                                       DeliveryMode mode, boolean bounded, EventStagesConfig stages) {
        return new DvsIngestJob(
                KafkaConnections.rawSource(bootstrap, topics.dvsEvents(), group, mode, bounded),
                KafkaConnections.sink(bootstrap, new RecordSerializers.EventPacketSerializer(filteredTopic), mode,
                        group + "-filtered"),
                KafkaConnections.sink(bootstrap, new RecordSerializers.DeadLetterSerializer(topics.deadLetters()), mode,
                        group + "-dead-letters"),
                stages, NAME, topics.dvsEvents());
    }

    /** The job as {@code arguments} describe it (common options and {@link #OPTIONS}), on Kafka. */
    public static DvsIngestJob fromArguments(JobArguments arguments, NeurostreamTopics topics) {
        return onKafka(arguments.bootstrapServers(), topics, arguments.get("topic-filtered", FILTERED_TOPIC),
                arguments.get("group-id", NAME), arguments.delivery(), arguments.bounded(), stagesFrom(arguments))
                .withObjectReuse(arguments.getBoolean("object-reuse", true));
    }

    /**
     * Entry point on a Flink cluster: {@code flink run -c io.neurostream.jobs.dvs.DvsIngestJob
     * neurostream-jobs-*-job.jar --bootstrap-servers kafka:9092 [options]}; the options are
     * {@link JobArguments#COMMON_OPTIONS} and {@link #OPTIONS}. Creates the output topic if missing.
     */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args, OPTIONS.keySet());
        JobArguments.logToConsoleOutsideACluster();
        stagesFrom(arguments); // fail on wrong values before touching Kafka
        StreamExecutionEnvironment env = arguments.environment();
        NeurostreamTopics topics = arguments.createTopics();
        TopicAdmin.createTopics(arguments.bootstrapServers(), List.of(filteredTopic(arguments)));
        fromArguments(arguments, topics).build(env);
        env.execute(arguments.get("group-id", NAME));
    }

    /**
     * Chained operators hand records on without copying them (Flink's object reuse): {@code true} by
     * default. No function of this topology keeps a record it received or changes one it emitted, and
     * records crossing the keyBy are deserialised fresh, so the copy was pure cost (issue 14: Avro's
     * deep copy of every record between chained operators).
     */
    public DvsIngestJob withObjectReuse(boolean reuse) {
        this.objectReuse = reuse;
        return this;
    }

    /** Adds the topology to {@code env}; call {@code env.execute/executeAsync} afterwards. */
    public void build(StreamExecutionEnvironment env) {
        if (objectReuse) {
            env.getConfig().enableObjectReuse();
        } else {
            env.getConfig().disableObjectReuse();
        }
        SingleOutputStreamOperator<EventPacket> packets = env
                .fromSource(events, WatermarkStrategy.noWatermarks(), "dvs.events")
                .uid("dvs-events-source")
                .process(IngestTimes.eventPackets(jobName))
                .returns(new AvroTypeInfo<>(EventPacket.class))
                .uid("decode-event-packets").name("decode + validate EventPacket");
        SingleOutputStreamOperator<EventPacket> kept = packets
                .keyBy(new DvsClassifyJob.PacketKey())
                .process(new EventFilterFunction(stages, jobName, eventsTopic))
                .returns(new AvroTypeInfo<>(EventPacket.class))
                .uid("event-filter").name("order check + event filters + ROI");
        kept.sinkTo(filtered).uid("filtered-events-sink").name("filtered events");
        packets.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .union(kept.getSideOutput(EventFilterFunction.DEAD_LETTERS))
                .sinkTo(deadLetters).uid("dead-letters-sink").name("dead-letters");
    }
}
