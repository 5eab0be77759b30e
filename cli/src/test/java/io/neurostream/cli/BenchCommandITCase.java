package io.neurostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --quick} in a CI-sized form: one pre-fill pass of the real event-camera samples and
 * the real NWB spike recording, a backlog step and one short paced step per job, on the embedded
 * broker. Checks the JSON's fields and that its numbers agree with each other: every pre-filled event
 * reached the job and is accounted for by its outputs, the ratio is throughput over ceiling, the
 * percentiles are ordered. No timing is asserted.
 */
class BenchCommandITCase {
    private static final List<String> JOBS = List.of("dvs-ingest", "dvs-classify", "spike-decode");

    private static Path data() {
        return Path.of(System.getProperty("neurostream.data", "../../shared/data"));
    }

    /** The object of {@code job} in the JSON, up to its steps. */
    private static String jobSection(String json, String job) {
        int start = json.indexOf("\"" + job + "\": {");
        assertThat(start).as(job + " in " + json).isNotNegative();
        return json.substring(start, json.indexOf("\"steps\"", start));
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.E]+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void quickBenchWritesConsistentNumbersForEveryJob(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Path png = dir.resolve("bench.png");
        CommandOutput r = CommandOutput.run("bench", "--quick", "--data", data().toString(), "--prefill-passes", "1",
                "--event-rates", "300000", "--spike-rates", "5000", "--paced-seconds", "3", "--json", json.toString(),
                "--png", png.toString());
        assertThat(r.exitCode()).as("out:\n" + r.out() + "\nerr:\n" + r.err()).isZero();
        String summary = Files.readString(json);
        assertThat(r.out()).contains("ceiling", "sustained ev/s", "dvs-ingest", "dvs-classify", "spike-decode");

        // one pass of evt2 + evt3 + aedat4 (data README); the NWB recording's spikes
        long events = 521_252 + 219_596 + 111_954;
        for (String job : JOBS) {
            String s = jobSection(summary, job);
            double eps = number(s, "eventsPerSecond");
            double ceiling = number(s, "ceilingEventsPerSecond");
            assertThat(eps).as(job).isPositive();
            assertThat(ceiling).as(job).isPositive();
            assertThat(number(s, "ratioToCeiling")).as(job + ": ratio = eps / ceiling")
                    .isCloseTo(eps / ceiling, within(1e-5 + 1e-3 * eps / ceiling));
            long sent = (long) number(s, "eventsSent");
            assertThat(sent).as(job).isEqualTo(job.equals("spike-decode") ? 21_354 : events);
            assertThat((long) number(s, "eventsIn")).as(job + ": events the job took in = events sent").isEqualTo(sent);
            // dvs-ingest's order check dead-letters the AEDAT 4 packets whose time goes back (data README)
            assertThat((long) number(s, "eventsCounted") + (long) number(s, "eventsDropped"))
                    .as(job + ": events its outputs account for + events dropped with a reason = events sent")
                    .isEqualTo(sent);
            assertThat(number(s, "eventsDropped")).as(job).isLessThan(sent / 10.0);
            double p50 = number(s, "latencyP50Ms");
            double p99 = number(s, "latencyP99Ms");
            double p999 = number(s, "latencyP999Ms");
            assertThat(p50).as(job + " p50 (paced)").isNotNegative();
            assertThat(p99).as(job).isGreaterThanOrEqualTo(p50);
            assertThat(p999).as(job).isGreaterThanOrEqualTo(p99);
        }
        assertThat(summary.split("\"mode\": \"backlog\"", -1)).as("a backlog step per job").hasSize(4);
        assertThat(summary.split("\"mode\": \"paced\"", -1)).as("a paced step per job").hasSize(4);
        assertThat(summary).contains("\"untracedOutputs\": 0").doesNotContain("\"untracedOutputs\": 1");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isPositive();
    }
}
