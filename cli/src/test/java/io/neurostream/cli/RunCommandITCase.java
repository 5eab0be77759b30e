package io.neurostream.cli;

import static io.neurostream.cli.TestData.data;
import static io.neurostream.cli.TestData.number;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neurostream run} as a user runs it: the embedded broker, a MiniCluster, real recordings of
 * different geometries replayed in, a bounded job, a summary and its JSON.
 */
class RunCommandITCase {


    @Test
    void dvsClassifyTakesAVgaAndAnHdCameraAtOnceAndUsesEveryEvent(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        CommandOutput r = CommandOutput.run("run", "dvs-classify", "--embedded", "--replay",
                data("event-camera/evt2/evt2.raw").toString(), data("event-camera/evt3/evt3_sample.raw").toString(),
                "--window-micros", "100000", "--json", json.toString());
        assertThat(r.exitCode()).as("out:\n" + r.out() + "\nerr:\n" + r.err()).isZero();
        String summary = Files.readString(json);
        // 521,252 EVT 2 events (640x480) + 219,596 EVT 3 events (1280x720), as inspect counts them
        assertThat(number(summary, "eventsSent")).isEqualTo(521_252 + 219_596);
        assertThat(number(summary, "eventsIn")).isEqualTo(521_252 + 219_596);
        assertThat(number(summary, "eventsUsed")).isEqualTo(521_252 + 219_596);
        assertThat(number(summary, "eventsDropped")).isZero();
        assertThat(number(summary, "eventsFiltered")).isZero();
        assertThat(number(summary, "predictions")).isGreaterThanOrEqualTo(2);
        assertThat(number(summary, "keys")).isEqualTo(2);
        assertThat(number(summary, "duplicatePredictions")).isZero();
        assertThat(number(summary, "deadLetters")).isZero();
        assertThat(summary).contains("\"jobStatus\": \"FINISHED\"").contains("\"eventsDroppedByReason\"");
        assertThat(r.out()).contains("events dropped    0");
    }

    @Test
    void aRegionOfInterestFiltersAndSaysSo(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("roi.json");
        CommandOutput r = CommandOutput.run("run", "dvs-classify", "--embedded", "--replay", data("event-camera/evt2/evt2.raw").toString(),
                "--roi", "0,0,320,240", "--json", json.toString());
        assertThat(r.exitCode()).as("out:\n" + r.out() + "\nerr:\n" + r.err()).isZero();
        String summary = Files.readString(json);
        long outside = (long) number(summary, "outsideRoi");
        assertThat(outside).isPositive();
        assertThat(number(summary, "eventsUsed") + outside).isEqualTo(521_252);
        assertThat(number(summary, "eventsDropped")).isZero();
    }

    @Test
    void spikeDecodeRunsOnAPhyRecording(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("spikes.json");
        CommandOutput r = CommandOutput.run("run", "spike-decode", "--embedded", "--replay", data("spikes/kilosort").toString(),
                "--decoders", "rates", "--json", json.toString());
        assertThat(r.exitCode()).as("out:\n" + r.out() + "\nerr:\n" + r.err()).isZero();
        String summary = Files.readString(json);
        assertThat(number(summary, "eventsSent")).isEqualTo(314); // the sample's spike count (inspect)
        assertThat(number(summary, "eventsIn")).isEqualTo(314);
        assertThat(number(summary, "predictions")).isPositive();
        assertThat(number(summary, "keys")).isEqualTo(1);
        assertThat(number(summary, "duplicatePredictions")).isZero();
    }

    @Test
    void wrongOptionsFailBeforeAnythingStartsNamingWhatToFix() {
        CommandOutput noBroker = CommandOutput.run("run", "dvs-classify");
        assertThat(noBroker.exitCode()).isNotZero();
        assertThat(noBroker.err()).contains("--embedded or --bootstrap-servers");
        CommandOutput badNumber = CommandOutput.run("run", "dvs-classify", "--embedded", "--window-micros", "soon");
        assertThat(badNumber.exitCode()).isNotZero();
        assertThat(badNumber.err()).contains("--window-micros must be an integer");
        CommandOutput unknown = CommandOutput.run("run", "dvs-classify", "--embedded", "--windw-micros", "1");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("unknown argument --windw-micros").contains("--window-micros");
        CommandOutput badGrid = CommandOutput.run("run", "dvs-classify", "--embedded", "--input-grid", "34by34");
        assertThat(badGrid.err()).contains("--input-grid must be WIDTHxHEIGHT");
        CommandOutput badJob = CommandOutput.run("run", "dvs-clasify", "--embedded");
        assertThat(badJob.err()).contains("unknown job 'dvs-clasify'");
        CommandOutput missing = CommandOutput.run("run", "dvs-classify", "--embedded", "--replay", "no-such-file.raw");
        assertThat(missing.err()).contains("no-such-file.raw does not exist");
        CommandOutput help = CommandOutput.run("run", "--help");
        assertThat(help.out()).contains("--input-grid").contains("--sensor-roi").contains("--decoders")
                .contains("--delivery");
    }
}
