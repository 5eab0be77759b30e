package io.neurostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neurostream run} as a user runs it: the embedded broker, a MiniCluster, real recordings of
 * different geometries replayed in, a bounded job, a summary and its JSON.
 */
class RunCommandITCase {
    private static Path data(String relative) {
        return Path.of(System.getProperty("neurostream.data", "../../shared/data")).resolve(relative);
    }

    /** Runs the command with stdout/stderr captured; returns {exit code, out, err}. */
    private static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Neurostream.commandLine().execute(args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (-?\\d+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void dvsClassifyTakesAVgaAndAnHdCameraAtOnceAndUsesEveryEvent(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        Object[] r = run("run", "dvs-classify", "--embedded", "--replay",
                data("event-camera/evt2/evt2.raw").toString(), data("event-camera/evt3/evt3_sample.raw").toString(),
                "--window-micros", "100000", "--json", json.toString());
        assertThat((int) r[0]).as("out:\n" + r[1] + "\nerr:\n" + r[2]).isZero();
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
        assertThat((String) r[1]).contains("events dropped    0");
    }

    @Test
    void aRegionOfInterestFiltersAndSaysSo(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("roi.json");
        Object[] r = run("run", "dvs-classify", "--embedded", "--replay", data("event-camera/evt2/evt2.raw").toString(),
                "--roi", "0,0,320,240", "--json", json.toString());
        assertThat((int) r[0]).as("out:\n" + r[1] + "\nerr:\n" + r[2]).isZero();
        String summary = Files.readString(json);
        long outside = number(summary, "outsideRoi");
        assertThat(outside).isPositive();
        assertThat(number(summary, "eventsUsed") + outside).isEqualTo(521_252);
        assertThat(number(summary, "eventsDropped")).isZero();
    }

    @Test
    void spikeDecodeRunsOnAPhyRecording(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("spikes.json");
        Object[] r = run("run", "spike-decode", "--embedded", "--replay", data("spikes/kilosort").toString(),
                "--decoders", "rates", "--json", json.toString());
        assertThat((int) r[0]).as("out:\n" + r[1] + "\nerr:\n" + r[2]).isZero();
        String summary = Files.readString(json);
        assertThat(number(summary, "eventsSent")).isEqualTo(314); // the sample's spike count (inspect)
        assertThat(number(summary, "eventsIn")).isEqualTo(314);
        assertThat(number(summary, "predictions")).isPositive();
        assertThat(number(summary, "keys")).isEqualTo(1);
        assertThat(number(summary, "duplicatePredictions")).isZero();
    }

    @Test
    void wrongOptionsFailBeforeAnythingStartsNamingWhatToFix() {
        Object[] noBroker = run("run", "dvs-classify");
        assertThat((int) noBroker[0]).isNotZero();
        assertThat((String) noBroker[2]).contains("--embedded or --bootstrap-servers");
        Object[] badNumber = run("run", "dvs-classify", "--embedded", "--window-micros", "soon");
        assertThat((int) badNumber[0]).isNotZero();
        assertThat((String) badNumber[2]).contains("--window-micros must be an integer");
        Object[] unknown = run("run", "dvs-classify", "--embedded", "--windw-micros", "1");
        assertThat((int) unknown[0]).isNotZero();
        assertThat((String) unknown[2]).contains("unknown argument --windw-micros").contains("--window-micros");
        Object[] badGrid = run("run", "dvs-classify", "--embedded", "--input-grid", "34by34");
        assertThat((String) badGrid[2]).contains("--input-grid must be WIDTHxHEIGHT");
        Object[] badJob = run("run", "dvs-clasify", "--embedded");
        assertThat((String) badJob[2]).contains("unknown job 'dvs-clasify'");
        Object[] missing = run("run", "dvs-classify", "--embedded", "--replay", "no-such-file.raw");
        assertThat((String) missing[2]).contains("no-such-file.raw does not exist");
        Object[] help = run("run", "--help");
        assertThat((String) help[1]).contains("--input-grid").contains("--sensor-roi").contains("--decoders")
                .contains("--delivery");
    }
}
