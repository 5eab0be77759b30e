package io.neurostream.cli;

import static io.neurostream.cli.TestData.data;
import static io.neurostream.cli.TestData.number;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --soak-minutes 3}: a real event-camera recording looped at half its real rate
 * (~95k events/s) through the embedded broker into dvs-classify for three minutes; heap after a
 * full GC and the job's consumer lag, sampled every 5 s, must not grow after the warm-up.
 */
class SoakITCase {


    @Test
    void threeMinutesOfSteadyInputLeaveHeapAndLagFlat(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("soak.json");
        CommandOutput r = CommandOutput.run("run", "dvs-classify", "--embedded", "--replay",
                data("event-camera/aedat4/sample.aedat4").toString(), "--speed", "0.5", "--soak-minutes", "3",
                "--soak-out", dir.toString(), "--json", json.toString());
        String summary = Files.readString(json);
        assertThat(r.exitCode()).as("out:\n" + r.out() + "\nerr:\n" + r.err() + "\njson:\n" + summary).isZero();
        assertThat(summary).contains("\"steady\": true").contains("\"heapSteady\": true").contains("\"lagSteady\": true");
        assertThat(number(summary, "samples")).isBetween(30.0, 37.0);
        // the looped recording kept coming: 3 min at ~95k events/s, every event used, nothing dropped
        assertThat(number(summary, "eventsIn")).isGreaterThan(8_000_000);
        assertThat(number(summary, "eventsDropped")).isZero();
        assertThat(number(summary, "deadLetters")).isZero();
        assertThat(number(summary, "duplicatePredictions")).isZero();
        assertThat(number(summary, "predictions")).isGreaterThan(150); // a 400 ms window every 0.8 s of wall time
        assertThat(number(summary, "heapAfterGcLateMb")).isPositive();

        List<Path> csv;
        try (var files = Files.list(dir)) {
            csv = files.filter(f -> f.getFileName().toString().endsWith(".csv")).toList();
        }
        assertThat(csv).hasSize(1);
        List<String> rows = Files.readAllLines(csv.get(0));
        assertThat(rows.get(0)).startsWith("elapsed_s,events_sent").contains("heap_after_gc_mb", "lag_records");
        assertThat(rows).hasSize((int) number(summary, "samples") + 1);
        long lagKnown = rows.stream().skip(1).filter(row -> !row.split(",")[7].equals("-1")).count();
        assertThat(lagKnown).as("samples with a measured lag").isGreaterThan(rows.size() / 2);
        BufferedImage png = ImageIO.read(csv.get(0).resolveSibling(csv.get(0).getFileName().toString()
                .replace(".csv", ".png")).toFile());
        assertThat(png.getWidth()).isEqualTo(1000);
    }

    @Test
    void aSoakWithoutSteadyInputOrTooShortFailsBeforeStarting() {
        CommandOutput noInput = CommandOutput.run("run", "dvs-classify", "--embedded", "--soak-minutes", "1");
        assertThat(noInput.exitCode()).isNotZero();
        assertThat(noInput.err()).contains("--soak-minutes needs the steady input: --replay");
        CommandOutput tooShort = CommandOutput.run("run", "dvs-classify", "--embedded", "--replay",
                data("event-camera/aedat4/sample.aedat4").toString(), "--soak-minutes", "0.2");
        assertThat(tooShort.exitCode()).isNotZero();
        assertThat(tooShort.err()).contains("fewer than 6 samples");
    }
}
