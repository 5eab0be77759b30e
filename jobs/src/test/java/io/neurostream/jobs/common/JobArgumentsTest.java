package io.neurostream.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

    @Test
    void parsesKnownArgumentsWithDefaults() {
        JobArguments a = JobArguments.parse(new String[] {"--bootstrap-servers", "k:9092", "--delivery", "low-latency",
                "--topic-labels", "lab", "--window-micros", "250000"}, Set.of("window-micros"));
        assertThat(a.bootstrapServers()).isEqualTo("k:9092");
        assertThat(a.delivery()).isEqualTo(DeliveryMode.LOW_LATENCY);
        assertThat(a.topics().labels()).isEqualTo("lab");
        assertThat(a.topics().dvsEvents()).isEqualTo("dvs.events");
        assertThat(a.getLong("window-micros", 1)).isEqualTo(250_000);
        assertThat(a.replicationFactor()).isEqualTo((short) 1);
        assertThat(a.topics().definitions(JobArguments.parse(new String[] {"--bootstrap-servers", "k",
                "--replication-factor", "3"}, Set.of()).replicationFactor()))
                .allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 3));
    }

    @Test
    void wrongConfigurationFailsFastSayingWhatToFix() {
        assertThatThrownBy(() -> DvsClassifyJob.main(new String[] {"--bootstrap", "k:9092"}))
                .hasMessageContaining("unknown argument --bootstrap").hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> DvsClassifyJob.main(new String[] {"--delivery", "exactly-once"}))
                .hasMessageContaining("--bootstrap-servers is required");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--bootstrap-servers", "k", "--delivery", "fast"},
                Set.of()).delivery()).hasMessageContaining("use exactly-once or low-latency");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--bootstrap-servers", "k", "--window-micros", "x"},
                Set.of("window-micros")).getLong("window-micros", 0)).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--bootstrap-servers", "k", "--replication-factor", "0"},
                Set.of()).replicationFactor()).hasMessageContaining("--replication-factor must be >= 1");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--bootstrap-servers", "k", "--topic-labels", "a b"},
                Set.of()).topics()).hasMessageContaining("invalid topic name 'a b'");
    }

    @Test
    void checkpointsGoToTheFileSystemInBothModesFromTheArgumentOrTheClusterConfiguration(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path confDir) throws Exception {
        java.nio.file.Files.writeString(confDir.resolve("config.yaml"), """
                execution:
                  checkpointing:
                    dir: file:///shared/checkpoints
                    interval: 30 s
                """);
        for (String delivery : new String[] {"exactly-once", "low-latency"}) {
            var fromCluster = JobArguments.parse(new String[] {"--bootstrap-servers", "k", "--delivery", delivery},
                    Set.of()).environment(confDir.toString()).getConfiguration();
            assertThat(fromCluster.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .as("the configuration's folder, honoured (%s)", delivery).isEqualTo("file:///shared/checkpoints");
            assertThat(fromCluster.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE))
                    .isEqualTo("filesystem");
            assertThat(fromCluster.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL))
                    .as("checkpoints on in %s", delivery).isEqualTo(java.time.Duration.ofSeconds(30));
        }
        var fromArguments = JobArguments.parse(new String[] {"--bootstrap-servers", "k", "--checkpoint-dir",
                "file:///mine", "--checkpoint-ms", "2000"}, Set.of()).environment(confDir.toString()).getConfiguration();
        assertThat(fromArguments.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///mine");
        assertThat(fromArguments.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(java.time.Duration.ofSeconds(2));
        var withoutConfiguration = JobArguments.parse(new String[] {"--bootstrap-servers", "k", "--delivery",
                "low-latency", "--group-id", "g"}, Set.of()).environment(null).getConfiguration();
        assertThat(withoutConfiguration.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .endsWith("neurostream-checkpoints/g");
        assertThat(withoutConfiguration.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .as("low-latency checkpoints too").isEqualTo(java.time.Duration.ofSeconds(10));
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--bootstrap-servers", "k",
                "--fail-once-after-inputs", "-1"}, Set.of()).failureInjection())
                .hasMessageContaining("--fail-once-after-inputs must be >= 0");
    }
}
