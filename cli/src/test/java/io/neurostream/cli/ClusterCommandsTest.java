package io.neurostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The cluster commands' errors without a cluster (StandaloneClusterITCase in deploy/ runs them
 * against a real one): wrong job options are refused before anything is contacted, an unreachable
 * JobManager is named with a hint.
 */
class ClusterCommandsTest {
    @Test
    void wrongJobOptionsFailBeforeTheClusterIsContacted() throws IOException {
        String nobody = "http://127.0.0.1:" + closedPort();
        CommandOutput typo = CommandOutput.run("submit", "dvs-classify", "--jobmanager", nobody,
                "--bootstrap-servers", "127.0.0.1:9092", "--windw-micros", "5");
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("unknown argument --windw-micros").contains("--window-micros");
        CommandOutput noKafka = CommandOutput.run("submit", "spike-decode", "--jobmanager", nobody);
        assertThat(noKafka.exitCode()).isEqualTo(1);
        assertThat(noKafka.err()).contains("--bootstrap-servers is required");
        CommandOutput badJob = CommandOutput.run("submit", "dvs-clasify", "--jobmanager", nobody);
        assertThat(badJob.err()).contains("unknown job 'dvs-clasify'");
    }

    @Test
    void anUnreachableJobManagerIsNamed() throws IOException {
        String nobody = "http://127.0.0.1:" + closedPort();
        for (String[] command : new String[][] {{"jobs"}, {"stop", "dvs-classify", "--savepoint", "file:///tmp/sp"},
                {"cancel", "0123456789abcdef0123456789abcdef"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--jobmanager", nobody)).toArray(String[]::new);
            CommandOutput out = CommandOutput.run(args);
            assertThat(out.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(out.err()).contains("cannot reach the Flink JobManager at " + nobody);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
