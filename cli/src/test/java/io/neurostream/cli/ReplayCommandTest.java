package io.neurostream.cli;

import static io.neurostream.cli.TestData.data;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code neurostream replay}: the options shown and accepted are those of the first FILE's kind, told by content. */
class ReplayCommandTest {
    private static final List<String> EVENT_OPTIONS = List.of("--max-events-per-packet", "--packet-ms", "--loop",
            "--passes", "--sensor-id", "--geometry", "--slot-ms", "--train", "--test", "--topic");
    private static final List<String> SPIKE_OPTIONS = List.of("--bin-ms", "--session", "--spikes-topic");
    private static final List<String> SHARED_OPTIONS = List.of("--bootstrap-servers", "--embedded", "--speed", "--max",
            "--labels-topic", "--partitions", "--hold-s");


    @Test
    void helpAfterAnEventFileShowsTheEventOptions() {
        for (String file : List.of("event-camera/evt2/evt2.raw", "event-camera/aedat4/sample.aedat4",
                "event-camera/nmnist-small")) {
            CommandOutput r = CommandOutput.run("replay", data(file).toString(), "--help");
            assertThat(r.exitCode()).as(file).isEqualTo(0);
            String out = r.out();
            assertThat(out).as(file).startsWith("Event-camera files and labelled N-MNIST folders:")
                    .contains("Usage: neurostream replay").contains("EventPackets");
            EVENT_OPTIONS.forEach(o -> assertThat(out).as(file).contains(o));
            SHARED_OPTIONS.forEach(o -> assertThat(out).as(file).contains(o));
            SPIKE_OPTIONS.forEach(o -> assertThat(out).as(file).doesNotContain(o));
        }
    }

    @Test
    void helpAfterASpikeRecordingShowsTheSpikeOptions() {
        for (String file : List.of("spikes/nwb/A8604-211122.nwb", "spikes/kilosort")) {
            // options with values before the file: still the file that decides
            CommandOutput r = CommandOutput.run("replay", "--speed", "2", "--labels-topic", "l", data(file).toString(),
                    "--help");
            assertThat(r.exitCode()).as(file).isEqualTo(0);
            String out = r.out();
            assertThat(out).as(file).startsWith("Spike recordings, one at a time:").contains("SpikeBatches");
            SPIKE_OPTIONS.forEach(o -> assertThat(out).as(file).contains(o));
            SHARED_OPTIONS.forEach(o -> assertThat(out).as(file).contains(o));
            EVENT_OPTIONS.forEach(o -> assertThat(out).as(file).doesNotContain(o));
        }
    }

    @Test
    void helpWithoutAFileShowsBothKinds() {
        CommandOutput r = CommandOutput.run("replay", "--help");
        assertThat(r.exitCode()).isEqualTo(0);
        String out = r.out();
        assertThat(out).contains("The options depend on the kind of the first FILE").contains("Event-camera files and labelled N-MNIST")
                .contains("Spike recordings, one at a time:");
        EVENT_OPTIONS.forEach(o -> assertThat(out).contains(o));
        SPIKE_OPTIONS.forEach(o -> assertThat(out).contains(o));

        CommandOutput none = CommandOutput.run("replay");
        assertThat(none.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(none.err()).startsWith("Missing required parameter: 'FILE'").contains("--bin-ms")
                .contains("--sensor-id");
    }

    @Test
    void optionsOfTheOtherKindAreRefusedByName() {
        CommandOutput r = CommandOutput.run("replay", data("spikes/kilosort").toString(), "--embedded", "--loop");
        assertThat(r.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err()).contains("Unknown option: '--loop'").contains("--bin-ms");
        r = CommandOutput.run("replay", data("event-camera/evt2/evt2.raw").toString(), "--embedded", "--bin-ms", "5");
        assertThat(r.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err()).contains("Unknown option: '--bin-ms'");
    }

    @Test
    void wrongValuesFailBeforeAnythingStartsNamingTheOption() {
        String evt2 = data("event-camera/evt2/evt2.raw").toString();
        String nwb = data("spikes/nwb/A8604-211122.nwb").toString();
        assertThat(CommandOutput.run("replay", nwb, "--embedded", "--speed", "0").err())
                .contains("--speed must be > 0");
        assertThat(CommandOutput.run("replay", nwb, "--embedded", "--bin-ms", "0").err()).contains("--bin-ms");
        assertThat(CommandOutput.run("replay", nwb).err())
                .contains("give either --bootstrap-servers HOST:PORT or --embedded");
        assertThat(CommandOutput.run("replay", evt2, "--embedded", "--passes", "0").err())
                .contains("--passes must be >= 1");
        assertThat(CommandOutput.run("replay", evt2, "--embedded", "--max-events-per-packet", "0").err())
                .contains("--max-events-per-packet must be in [1, ");
        assertThat(CommandOutput.run("replay", evt2, "--embedded", "--sensor-id", "a,b").err())
                .contains("2 ids (--sensor-id, --session) for 1 files");
        CommandOutput geometry = CommandOutput.run("replay", evt2, "--embedded", "--geometry", "wide");
        assertThat(geometry.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(geometry.err()).contains("Invalid value for option '--geometry'");
        CommandOutput mixed = CommandOutput.run("replay", evt2, nwb, "--embedded");
        assertThat(mixed.err()).contains("is an event-camera recording but").contains("replay them separately");
    }

    @Test
    void unknownFileSaysWhichFormatsAreSupported(@TempDir Path dir) throws Exception {
        byte[] noise = new byte[5_003];
        new Random(1).nextBytes(noise);
        Path f = Files.write(dir.resolve("mystery.raw"), noise);
        CommandOutput r = CommandOutput.run("replay", f.toString(), "--embedded");
        assertThat(r.exitCode()).isEqualTo(InspectCommand.EXIT_BAD_FILE);
        assertThat(r.err()).startsWith("error: " + f).contains("Supported: event-camera files")
                .contains("AEDAT 4.0").contains("Prophesee EVT 3.0").contains("NWB 2.x").contains("phy/Kilosort");
        CommandOutput help = CommandOutput.run("replay", f.toString(), "--help");
        assertThat(help.exitCode()).isEqualTo(0);
        assertThat(help.out()).contains("--sensor-id").contains("--bin-ms");
    }

    @Test
    void firstPositionalSkipsOptionValues() {
        CommandLine events = new CommandLine(new ReplayCommand.EventFiles());
        CommandLine spikes = new CommandLine(new ReplayCommand.SpikeRecording());
        var specs = new CommandLine.Model.CommandSpec[] {events.getCommandSpec(), spikes.getCommandSpec()};
        assertThat(ReplayCommand.firstPositional(List.of("--max", "--bin-ms", "5", "--topic", "t", "a.raw", "b"), specs))
                .isEqualTo("a.raw");
        assertThat(ReplayCommand.firstPositional(List.of("--speed=2", "x.nwb"), specs)).isEqualTo("x.nwb");
        assertThat(ReplayCommand.firstPositional(List.of("--embedded", "--", "-odd-name.raw"), specs))
                .isEqualTo("-odd-name.raw");
        assertThat(ReplayCommand.firstPositional(List.of("--help"), specs)).isNull();
    }
}
