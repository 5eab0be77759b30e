package io.neurostream.apps.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.apps.common.RunSettings;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * analytics-demo end to end: embedded KRaft broker, spikes on neural.spikes, spike-analytics on a
 * MiniCluster (exactly once), outputs read back read_committed. At the default analytics settings
 * the planted pairs and states are recovered; the phy recording runs through and gets states from
 * the end-of-recording fit (it is shorter than the warm-up).
 */
class AnalyticsDemoITCase {
    private static final RunSettings RUN = new RunSettings(1, 1, 1000, DeliveryMode.EXACTLY_ONCE, "hashmap", 0);

    @Test
    void recoversPlantedPairsAndStatesAtTheDefaultSettings(@TempDir Path pictures) throws Exception {
        AnalyticsDemoOptions d = AnalyticsDemoOptions.defaults();
        // smaller than the command's default (64 units, 240 s) to fit the test budget; analytics at their defaults
        AnalyticsDemoOptions options = new AnalyticsDemoOptions(40, 150, 6, d.efficacy(), 3, d.gainSigma(),
                d.meanDwellMs(), d.analytics(), null, pictures, d.batchMicros(), RUN, 7, Duration.ofMinutes(5), 2);
        AnalyticsSummary s = new AnalyticsDemo(options).run(null);
        assertThat(s.completed()).isTrue();
        assertThat(s.deadLetters()).isEqualTo(2);
        assertThat(s.pairsMonitored()).isEqualTo(40 * 39 / 2);
        assertThat(s.pairPrecision()).as("pair precision").isGreaterThanOrEqualTo(0.9);
        assertThat(s.pairRecall()).as("pair recall").isGreaterThanOrEqualTo(0.9);
        assertThat(s.stateAccuracy()).as("state accuracy").isGreaterThanOrEqualTo(0.9);
        assertThat(s.stateRecords()).isEqualTo(1500);
        assertThat(s.statsRecords()).isEqualTo(150);
        assertThat(s.toJson()).contains("\"pairPrecision\"", "\"pairRecall\"", "\"stateAccuracy\"", "\"units\": 40",
                "\"pairsMonitored\": 780");
        assertThat(pictures.resolve("planted-raster-states.png")).isNotEmptyFile();
        assertThat(pictures.resolve("planted-connectivity.png")).isNotEmptyFile();
        assertThat(pictures.resolve("planted-stats.png")).isNotEmptyFile();
    }

    @Test
    void aRealRecordingRunsThroughAndGetsStatesAtItsEnd() throws Exception {
        String data = System.getProperty("neurostream.data");
        Path phy = (data != null ? Path.of(data) : Path.of("../../shared/data")).resolve("spikes/kilosort");
        assertThat(phy).isDirectory();
        AnalyticsDemoOptions options = AnalyticsDemoOptions.defaults().withFile(phy);
        options = new AnalyticsDemoOptions(options.units(), options.seconds(), options.plantedPairs(), options.efficacy(),
                options.states(), options.gainSigma(), options.meanDwellMs(), options.analytics(), phy, null,
                options.batchMicros(), RUN, 1, Duration.ofMinutes(5), 1);
        AnalyticsDemo demo = new AnalyticsDemo(options);
        AnalyticsSummary s = demo.run(null);
        assertThat(s.spikes()).isEqualTo(314);
        assertThat(s.units()).isEqualTo(62);
        assertThat(s.deadLetters()).isEqualTo(1);
        assertThat(s.statsRecords()).isEqualTo(11);
        assertThat(s.stateRecords()).isEqualTo(119);   // 0 .. 11.9 s in 100 ms bins, fitted at the end
        assertThat(Double.isNaN(s.pairPrecision())).isTrue();
        assertThat(demo.output().spikeTimesMicros()).hasSize(314);
    }
}
