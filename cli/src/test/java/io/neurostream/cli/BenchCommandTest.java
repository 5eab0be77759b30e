package io.neurostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * {@code bench}'s option errors, before any broker starts (BenchCommandITCase runs the bench itself): a
 * malformed or wrong {@code --job-option} is named, and so is an unreachable {@code --jobmanager}.
 */
class BenchCommandTest {
    @Test
    void wrongJobOptionsFailNamingTheOption() {
        CommandOutput malformed = CommandOutput.run("bench", "--data", TestData.data("").toString(), "--job-option", "dvs-ingest-object-reuse=false");
        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(malformed.err()).contains("--job-option must look like JOB:KEY=VALUE");
        CommandOutput notBoolean = CommandOutput.run("bench", "--data", TestData.data("").toString(), "--jobs", "spike-decode", "--job-option",
                "spike-decode:object-reuse=maybe");
        assertThat(notBoolean.exitCode()).isEqualTo(1);
        assertThat(notBoolean.err()).contains("--object-reuse must be true or false, got 'maybe'");
        CommandOutput unknown = CommandOutput.run("bench", "--data", TestData.data("").toString(), "--jobs", "dvs-ingest", "--job-option",
                "dvs-ingest:windw-micros=5");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("--windw-micros");
    }

    @Test
    void anUnreachableJobManagerIsNamedBeforeThePreFill() throws IOException {
        String nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = "http://127.0.0.1:" + s.getLocalPort();
        }
        CommandOutput out = CommandOutput.run("bench", "--data", TestData.data("").toString(), "--jobs", "dvs-ingest", "--jobmanager", nobody, "--jar",
                "pom.xml");
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.err()).contains("cannot reach the Flink JobManager at " + nobody);
        assertThat(out.out()).doesNotContain("pre-filling");
    }
}
