package io.neurostream.jobs.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.jobs.testing.TopologyUids;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/**
 * dvs-classify keeps its operator uids: savepoints of older versions restore only into a topology
 * with the same uids. The list is committed in {@code uids/dvs-classify.txt}.
 */
class DvsClassifyJobUidsTest {
    private static final List<String> COMMITTED = TopologyUids.committed("/uids/dvs-classify.txt");

    private static StreamGraph graph(DeliveryMode mode, DvsClassifyJob.Settings settings) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // nothing connects to Kafka while the topology is built
        // with control: the committed list holds every uid the job may set
        DvsClassifyJob.onKafka("127.0.0.1:9", NeurostreamTopics.defaults(2), DvsClassifyJob.NAME, mode, false, settings)
                .withControlTopic("127.0.0.1:9", NeurostreamTopics.defaults(2), DvsClassifyJob.NAME, mode, false)
                .build(env);
        return env.getStreamGraph(false);
    }

    @Test
    void operatorUidsAreTheCommittedOnes() {
        for (DeliveryMode mode : DeliveryMode.values()) {
            StreamGraph graph = graph(mode, DvsClassifyJob.Settings.defaults());
            List<String> uids = TopologyUids.of(graph);
            assertThat(uids).as(mode + ": " + TopologyUids.CHANGED).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(COMMITTED);
        }
        // the job's own list names every uid it sets (the committers' uids are derived by Flink)
        assertThat(DvsClassifyJob.UIDS).as(TopologyUids.CHANGED).containsExactlyInAnyOrderElementsOf(
                COMMITTED.stream().filter(u -> !u.startsWith(TopologyUids.COMMITTER_PREFIX)).toList());
    }

    @Test
    void everyStatefulOperatorHasAUid() {
        StreamGraph graph = graph(DeliveryMode.EXACTLY_ONCE, DvsClassifyJob.Settings.defaults());
        assertThat(TopologyUids.stateful(graph)).contains("LSM + RLS readout", "Source: dvs.events", "Source: labels");
        assertThat(TopologyUids.statefulWithoutUid(graph)).as("stateful operators without a uid").isEmpty();
    }

    /** The job a cluster main or {@code run} builds reads {@code control} unless {@code --control false}. */
    @Test
    void theJobFromArgumentsReadsControlByDefault() {
        for (String control : new String[] {null, "true", "false"}) {
            List<String> args = new java.util.ArrayList<>(List.of("--bootstrap-servers", "127.0.0.1:9"));
            if (control != null) {
                args.addAll(List.of("--control", control));
            }
            io.neurostream.jobs.common.JobArguments arguments = io.neurostream.jobs.common.JobArguments.parse(
                    args.toArray(new String[0]), DvsClassifyJob.OPTIONS.keySet());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            DvsClassifyJob.fromArguments(arguments, NeurostreamTopics.defaults(2)).build(env);
            List<String> uids = TopologyUids.of(env.getStreamGraph(false));
            if ("false".equals(control)) {
                assertThat(uids).as("--control false").doesNotContain("control-source", "decode-control",
                        "control-as-either").contains("label-watermarks", "lsm-classifier");
            } else {
                assertThat(uids).as("--control %s", control).containsExactlyInAnyOrderElementsOf(COMMITTED);
            }
        }
    }

    @Test
    void eventStagesDoNotChangeTheUids() {
        DvsClassifyJob.Settings staged = DvsClassifyJob.Settings.defaults().withStages(
                DvsClassifyJob.FeastDefaults.NMNIST.stages(34, 34, 8, 10_000).withRefractory(1_000));
        assertThat(TopologyUids.of(graph(DeliveryMode.EXACTLY_ONCE, staged))).as(TopologyUids.CHANGED)
                .containsExactlyInAnyOrderElementsOf(COMMITTED);
    }

    /** --object-reuse: on by default (no Avro deep copy between chained operators), off on request, checked. */
    @Test
    void objectReuseIsOffByDefaultAndCanBeTurnedOn() {
        for (String value : new String[] {null, "true", "false"}) {
            List<String> args = new java.util.ArrayList<>(List.of("--bootstrap-servers", "127.0.0.1:9"));
            if (value != null) {
                args.addAll(List.of("--object-reuse", value));
            }
            io.neurostream.jobs.common.JobArguments arguments = io.neurostream.jobs.common.JobArguments.parse(
                    args.toArray(String[]::new), DvsClassifyJob.OPTIONS.keySet());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            DvsClassifyJob.fromArguments(arguments, NeurostreamTopics.defaults(2)).build(env);
            assertThat(env.getConfig().isObjectReuseEnabled()).as("--object-reuse " + value)
                    .isEqualTo("true".equals(value));
            // the topology, and so its savepoints, is the same either way
            assertThat(TopologyUids.of(env.getStreamGraph(false))).as(TopologyUids.CHANGED).contains("lsm-classifier")
                    .allMatch(COMMITTED::contains);
        }
        io.neurostream.jobs.common.JobArguments wrong = io.neurostream.jobs.common.JobArguments.parse(
                new String[] {"--bootstrap-servers", "127.0.0.1:9", "--object-reuse", "yes"}, DvsClassifyJob.OPTIONS.keySet());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> DvsClassifyJob.fromArguments(wrong, NeurostreamTopics.defaults(2)))
                .hasMessageContaining("--object-reuse must be true or false");
    }
}
