package io.neurostream.apps.spikes;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.kafka.KafkaBrokerExtension;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.spikes.SpikeSource;
import io.neurostream.connectors.spikes.SpikeSources;
import io.neurostream.flink.spikes.DecoderKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real phy/Kilosort sample (../shared/data/spikes/kilosort: 314 spikes, 62 clusters) replayed
 * through Kafka (as {@code neurostream replay} does) into spike-decode on a MiniCluster: what is
 * on {@code neural.spikes} afterwards is exactly the file's spikes in order, every 20 ms bin gets
 * one rates prediction, and the published rates add up to the file's spikes.
 */
class SpikeFileReplayITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static Path kilosort() {
        String property = System.getProperty("neurostream.data");
        return (property != null ? Path.of(property) : Path.of("../../shared/data")).resolve("spikes/kilosort");
    }

    @Test
    void phyFolderRoundTripsThroughKafkaAndTheJob() throws Exception {
        Path folder = kilosort();
        List<long[]> expected = new ArrayList<>();
        int unitCount;
        try (SpikeSource source = SpikeSources.open(folder)) {
            unitCount = source.unitCount();
            while (source.next()) {
                expected.add(new long[] {source.timeMicros(), source.unitIndex()});
            }
        }
        assertThat(expected).hasSize(314);

        SpikeDemoOptions options = new SpikeDemoOptions(256, 10, 2, 40, 6, 30, 20_000, 20_000, List.of(DecoderKind.KALMAN),
                true, 0, folder, null, 2, 2, 500, DeliveryMode.EXACTLY_ONCE, "hashmap", 0, 1L, Duration.ofMinutes(3), 0);
        SpikeDecodeDemo demo = new SpikeDecodeDemo(options, KAFKA.bootstrapServers());
        SpikeDemoSummary summary = demo.run(null);
        SpikeDecodeDemo.FileOutput out = demo.fileOutput();

        assertThat(summary.completed()).isTrue();
        assertThat(summary.spikes()).isEqualTo(314);
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.predictions()).isEqualTo(out.batchesSent());   // no behaviour: rates only
        assertThat(out.unitCount()).isEqualTo(unitCount);
        assertThat(out.spikeTimesMicros()).hasSize(314);
        for (int i = 0; i < 314; i++) {
            assertThat(new long[] {out.spikeTimesMicros()[i], out.spikeUnits()[i]}).as("spike %d", i)
                    .containsExactly(expected.get(i));
        }
        // batches of 20 ms from the first spike's window to the last spike's window
        long first = expected.get(0)[0] / 20_000;
        long last = expected.get(313)[0] / 20_000;
        assertThat(out.batchesSent()).isEqualTo(last - first + 1);
        assertThat(out.binStartsMicros()).hasSize((int) out.batchesSent());
        double spikesFromRates = 0;
        for (double hz : out.ratesHz()) {
            spikesFromRates += hz * 0.020;
        }
        assertThat(spikesFromRates).isCloseTo(314, org.assertj.core.api.Assertions.within(1e-6));
    }
}
