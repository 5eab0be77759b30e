package io.neurostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code neurostream analytics-demo}: registered, documented, and wrong options fail before a broker starts. */
class AnalyticsDemoCommandTest {

    @Test
    void helpListsTheScoredOutputsAndOptions() {
        CommandOutput help = CommandOutput.run("analytics-demo", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("neural.connectivity", "neural.states", "--file", "--json",
                "--max-pairs", "--png-dir");
    }

    @Test
    void wrongOptionsFailNamingWhatToFix() {
        CommandOutput tooFew = CommandOutput.run("analytics-demo", "--units", "1");
        assertThat(tooFew.exitCode()).isNotZero();
        assertThat(tooFew.err()).contains("--units must be in [2, 4096]");
        assertThat(tooFew.out()).doesNotContain("starting Kafka");
        CommandOutput pairs = CommandOutput.run("analytics-demo", "--monitor-pairs", "3:8");
        assertThat(pairs.exitCode()).isNotZero();
        assertThat(pairs.err()).contains("--monitor-pairs takes unit index pairs like 3-8,4-12");
        CommandOutput tooManyPairs = CommandOutput.run("analytics-demo", "--units", "10", "--pairs", "6");
        assertThat(tooManyPairs.err()).contains("--pairs must be in [0, units/2]");
    }
}
