package io.neurostream.apps.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.spikes.DecoderKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpikeDemoOptionsTest {
    private static SpikeDemoOptions withBatch(long binMicros, long batchMicros) {
        return new SpikeDemoOptions(256, 4, 1, 40, 2, 30, binMicros, batchMicros, List.of(DecoderKind.KALMAN), false,
                1, null, null, 1, 1, 10_000, DeliveryMode.LOW_LATENCY, "hashmap", 0, 1L, Duration.ofMinutes(5), 0);
    }

    @Test
    void batchesMustTileTheBin() {
        assertThat(withBatch(20_000, 5_000).batchMicros()).isEqualTo(5_000);
        assertThat(withBatch(20_000, 20_000).batchMicros()).isEqualTo(20_000);
        assertThatThrownBy(() -> withBatch(20_000, 3_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--batch-ms must be >= 1 and divide --bin-ms");
        assertThatThrownBy(() -> withBatch(20_000, 40_000)).hasMessageContaining("--batch-ms");
        assertThatThrownBy(() -> withBatch(20_000, 500)).hasMessageContaining("--batch-ms");
    }
}
