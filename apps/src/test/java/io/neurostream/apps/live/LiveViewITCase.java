package io.neurostream.apps.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.neurostream.apps.dvs.DemoOptions;
import io.neurostream.apps.dvs.DvsDemo;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated dvs-classify demo (real KRaft broker, Flink MiniCluster, exactly once) with
 * Flink's Prometheus reporter and the live view: the reporter's endpoint serves our operators'
 * metrics with plausible values while the job runs, and the page, opened in headless Chromium,
 * draws live data that changes from one screenshot to the next. Screenshots stay in
 * {@code target/live-view/}.
 */
class LiveViewITCase {
    private static final Path ARTIFACTS = Path.of("target", "live-view");
    private static DvsDemo demo;
    private static Monitoring monitoring;
    private static Thread runner;
    private static final AtomicReference<Throwable> failure = new AtomicReference<>();

    @BeforeAll
    static void startDemo() throws Exception {
        // Enough samples that the job is still running when both screenshots are taken; closed after them.
        DemoOptions options = new DemoOptions(1500, 300, 2, 2, 500, DeliveryMode.EXACTLY_ONCE, "hashmap", 0, 1024,
                5L, Duration.ofMinutes(8), 3);
        var learner = DvsClassifyJob.Settings.defaults().learner();
        monitoring = Monitoring.start(0, 0, new LiveView.Dvs("dvs-classify · LiveViewITCase", learner.liquid(),
                learner.windowMicros(), learner.classCount()));
        demo = new DvsDemo(options, null);
        demo.whenRunnerStarts(monitoring::attach);
        runner = new Thread(() -> {
            try {
                demo.run(null);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "live-view-demo");
        runner.start();
        Files.createDirectories(ARTIFACTS);
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (demo != null) {
            demo.close();
        }
        if (runner != null) {
            runner.join(60_000);
        }
        if (monitoring != null) {
            monitoring.close();
        }
    }

    @Test
    void prometheusEndpointServesOurMetricsWhileTheJobRuns() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://localhost:" + monitoring.prometheusPort() + "/metrics";
        Map<String, Double> metrics = new HashMap<>();
        // Generous: on an idle machine the job learns 20 samples within ~20 s; a loaded one takes minutes.
        awaitTrue(Duration.ofSeconds(360), () -> {
            try {
                metrics.clear();
                for (PrometheusText.Sample s : PrometheusText.scrape(http, url)) {
                    if (s.name().startsWith(LiveMetrics.OPERATOR) && !s.labels().containsKey("key")
                            && !Double.isNaN(s.value())) {
                        String name = s.name().substring(LiveMetrics.OPERATOR.length())
                                + (s.labels().containsKey("quantile") ? "_q" + s.labels().get("quantile") : "");
                        metrics.merge(name, s.value(), Math::max); // largest over subtasks (one learns the sensor)
                    }
                }
                return metrics.getOrDefault("modelVersion", 0.0) >= 20 && metrics.containsKey("runningAccuracy")
                        && metrics.getOrDefault("eventsInPerSecond", 0.0) > 0;
            } catch (Exception e) {
                return false; // the reporter starts with the MiniCluster
            }
        }, "Prometheus metrics with a learning job at " + url + "; last seen " + metrics);

        assertThat(metrics.get("eventsIn")).as("events counted by the learner").isGreaterThan(10_000);
        assertThat(metrics.get("eventsInPerSecond")).as("events/s").isGreaterThan(0);
        assertThat(metrics.get("predictions")).isGreaterThan(20);
        assertThat(metrics).containsKeys("predictionsPerSecond", "deadLetters", "eventsDroppedLate",
                "eventsDroppedRejectedPacket", "latencyMs_q0.5", "latencyMs_q0.99");
        assertThat(metrics.get("latencyMs_q0.5")).as("median ingest → prediction, ms").isBetween(0.0, 120_000.0);
        assertThat(metrics.get("latencyMs_q0.99")).isGreaterThanOrEqualTo(metrics.get("latencyMs_q0.5"));
        assertThat(metrics.get("runningAccuracy")).as("prequential accuracy").isBetween(0.0, 1.0);
        assertThat(metrics.get("reservoirFiringRateHz")).as("mean rate of 600 LIF neurons").isBetween(0.1, 1000.0);
        assertThat(metrics.get("readoutWeightNorm")).as("RLS readout has learned").isGreaterThan(0);
        assertThat(metrics.get("modelVersion")).isGreaterThanOrEqualTo(20);
        // The decoder dead-letters the 3 garbage messages: by the time 20 samples were learned, at least the first.
        assertThat(failure.get()).isNull();
    }

    @Test
    void pageShowsLiveChartsInHeadlessChromium() throws Exception {
        assumeThat(HeadlessChromium.available()).as("Debian chromium is not installed (/usr/bin/chromium): "
                + "apt-get install chromium to run the browser test; .ci/run installs it").isTrue();
        LiveView view = monitoring.view();
        awaitTrue(Duration.ofSeconds(360), () -> view.stateJson().contains("\"total\":")
                && !view.stateJson().contains("\"predictions\":{\"byJob\":{},\"total\":0}")
                && !view.stateJson().contains("\"predictions\":{\"total\":0"), "predictions in the live view's state");
        try (HeadlessChromium chromium = HeadlessChromium.start(1600, 1500)) {
            chromium.navigate(view.url());
            String readout = "(() => { const d = document.getElementById('readout').dataset;"
                    + " return [d.ticks, d.predictions, d.inPerSecond, d.latencyP99Ms, d.jobStatus, d.chartPoints].join('|'); })()";
            String[] first = new String[1];
            awaitTrue(Duration.ofSeconds(90), () -> {
                first[0] = evaluate(chromium, readout);
                return first[0] != null && chartsHoldData(first[0]);
            }, "charts with live data in the page; last readout " + Arrays.toString(first));
            byte[] before = chromium.screenshot();
            Files.write(ARTIFACTS.resolve("live-view-1.png"), before);
            String[] second = new String[1];
            awaitTrue(Duration.ofSeconds(60), () -> {
                second[0] = evaluate(chromium, readout);
                return second[0] != null && !field(second[0], 1).equals(field(first[0], 1))
                        && Integer.parseInt(field(second[0], 0)) >= Integer.parseInt(field(first[0], 0)) + 2;
            }, "new predictions shown after " + first[0] + "; last " + Arrays.toString(second));
            byte[] after = chromium.screenshot();
            Files.write(ARTIFACTS.resolve("live-view-2.png"), after);

            assertThat(Long.parseLong(field(second[0], 1))).as("predictions read by the page")
                    .isGreaterThan(Long.parseLong(field(first[0], 1)));
            assertThat(field(second[0], 4)).isIn("RUNNING", "RECOVERED");
            assertThat(before.length).isGreaterThan(50_000); // a drawn page, not a blank one
            assertThat(after).as("the two screenshots differ").isNotEqualTo(before);
        }
    }

    /** "throughput:120,latency:90,..." has every chart with data points. */
    private static boolean chartsHoldData(String readout) {
        String points = field(readout, 5);
        if (points.isEmpty()) {
            return false;
        }
        for (String chart : List.of("throughput", "latency", "score", "raster", "surface", "confusion", "model")) {
            if (!points.matches("(^|.*,)" + chart + ":[1-9][0-9]*(,.*|$)")) {
                return false;
            }
        }
        return true;
    }

    private static String field(String readout, int index) {
        String[] parts = readout.split("\\|", -1);
        return index < parts.length ? parts[index] : "";
    }

    private static String evaluate(HeadlessChromium chromium, String expression) {
        try {
            return chromium.evaluate(expression);
        } catch (Exception e) {
            return null;
        }
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (failure.get() != null) {
                throw new AssertionError("the demo failed", failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(500);
        }
    }
}
