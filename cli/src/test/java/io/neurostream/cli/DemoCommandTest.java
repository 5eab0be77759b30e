package io.neurostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code neurostream demo} refuses, before anything starts, the options the chosen dataset has no
 * use for when they are given on the command line, and checks the run options of either dataset.
 * Every case would fail fast even if the check it tests were missing (a folder that does not exist,
 * {@code --train 0}), so a regression shows as a wrong message rather than as a long run.
 */
class DemoCommandTest {
    private static final String NO_FOLDER = "/nonexistent/nmnist-small";

    /** What {@code neurostream demo ...} wrote to stderr (it must fail) as {@code main} runs it. */
    private static String error(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Neurostream.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] line = new String[args.length + 1];
        line[0] = "demo";
        System.arraycopy(args, 0, line, 1, args.length);
        int code = cli.execute(line);
        assertThat(code).as("exit code; stderr: %s", err).isNotZero();
        return err.toString();
    }

    @ParameterizedTest
    @CsvSource({"--seed, 3", "--inject-malformed, 2", "--inject-malformed, 0"})
    void nmnistRefusesTheSimulatorsOptionsWhenGiven(String option, String value) {
        assertThat(error("--dataset", "nmnist-small", "--data", NO_FOLDER, option, value))
                .contains("error: " + option + " applies to --dataset sim only")
                .contains("not to --dataset nmnist-small");
    }

    @ParameterizedTest
    @CsvSource({"--data, " + NO_FOLDER, "--features, raw", "--feast-neurons, 8", "--feast-learn-events, 1000"})
    void simRefusesTheRecordingsOptionsWhenGiven(String option, String value) {
        assertThat(error("--train", "0", option, value))
                .contains("error: " + option + " applies to --dataset nmnist-small only")
                .contains("not to --dataset sim");
    }

    @Test
    void defaultsOfTheOtherDatasetsOptionsAreNotRefused() {
        // --inject-malformed has a default (2) and --features one (both): not given, so not refused
        assertThat(error("--dataset", "nmnist-small", "--data", NO_FOLDER))
                .contains("error: --data: " + NO_FOLDER + " is not a folder");
        assertThat(error("--train", "0")).contains("error: --train and --test must be >= 1");
    }

    @ParameterizedTest
    @CsvSource({
            "--partitions, 0, --partitions must be >= 1",
            "--parallelism, 0, --parallelism must be >= 1",
            "--checkpoint-ms, 50, --checkpoint-ms must be >= 100",
            "--state-backend, disk, --state-backend must be hashmap or rocksdb",
            "--web-ui-port, 70000, '--web-ui-port must be in [0, 65535]'",
            "--delivery, maybe, unknown delivery mode 'maybe'",
            "--max-events-per-packet, 0, --max-events-per-packet must be >= 1",
            "--train, 0, --train and --test must be >= 1"})
    void nmnistChecksTheRunOptionsItHonours(String option, String value, String message) {
        assertThat(error("--dataset", "nmnist-small", "--data", NO_FOLDER, option, value)).contains("error: " + message);
    }

    @Test
    void unknownDatasetIsNamed() {
        assertThat(error("--dataset", "cifar", "--seed", "3")).contains("error: --dataset must be sim or nmnist-small, got cifar");
    }
}
