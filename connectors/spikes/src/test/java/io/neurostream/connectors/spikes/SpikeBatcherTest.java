package io.neurostream.connectors.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedSpikes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpikeBatcherTest {

    @Test
    void cutsWindowsAndEmitsEmptyOnes() {
        List<SpikeBatch> out = new ArrayList<>();
        SpikeBatcher b = new SpikeBatcher("s1", 4, 20_000, out::add);
        b.add(41_000, 3);   // grid starts at 40,000
        b.add(59_999, 1);
        b.add(60_000, 2);   // closes [40000, 60000)
        b.add(125_000, 0);  // closes [60000, 80000), [80000, 100000) empty, [100000, 120000) empty
        b.finish();
        assertThat(out).extracting(SpikeBatch::getSequence).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(out).extracting(SpikeBatch::getStartTimeMicros)
                .containsExactly(40_000L, 60_000L, 80_000L, 100_000L, 120_000L);
        assertThat(out).extracting(SpikeBatch::getSpikeCount).containsExactly(2, 1, 0, 0, 1);
        assertThat(out).allSatisfy(batch -> {
            assertThat(batch.getEndTimeMicros() - batch.getStartTimeMicros()).isEqualTo(20_000);
            assertThat(batch.getUnitCount()).isEqualTo(4);
            assertThat(batch.getSessionId()).isEqualTo("s1");
            assertThat(batch.getSpikes().remaining()).isEqualTo(8 * batch.getSpikeCount());
        });
        ByteBuffer first = PackedSpikes.view(out.get(0).getSpikes());
        assertThat(PackedSpikes.dtMicros(first, 0)).isEqualTo(1_000);
        assertThat(PackedSpikes.unitIndex(first, 0)).isEqualTo(3);
        assertThat(PackedSpikes.dtMicros(first, 1)).isEqualTo(19_999);
        assertThat(PackedSpikes.unitIndex(first, 1)).isEqualTo(1);
    }

    @Test
    void advancesTimeWithoutSpikesAndHonoursAnOrigin() {
        List<SpikeBatch> out = new ArrayList<>();
        SpikeBatcher b = new SpikeBatcher("s", 1, 10, out::add).startAt(5);
        b.advanceTo(35);
        assertThat(out).extracting(SpikeBatch::getStartTimeMicros).containsExactly(5L, 15L, 25L);
        assertThatThrownBy(() -> b.add(30, 0)).hasMessageContaining("must not decrease");
        assertThatThrownBy(() -> b.add(40, 1)).hasMessageContaining("unit index 1 outside [0, 1)");
        assertThatThrownBy(() -> new SpikeBatcher("s", 1, 1L << 32, out::add)).hasMessageContaining("windowMicros");
    }

    @Test
    void batchesTheRealPhyFolder() throws Exception {
        try (PhyFolderReader r = PhyFolderReader.open(TestFiles.kilosort())) {
            Iterator<SpikeBatch> it = SpikeBatcher.batches(r, "phy", 100_000);
            long spikes = 0;
            long expectedStart = 0;
            long sequence = 0;
            while (it.hasNext()) {
                SpikeBatch batch = it.next();
                assertThat(batch.getSequence()).isEqualTo(sequence++);
                assertThat(batch.getStartTimeMicros()).isEqualTo(expectedStart);
                expectedStart += 100_000;
                spikes += batch.getSpikeCount();
            }
            assertThat(spikes).isEqualTo(314);
            assertThat(sequence).isEqualTo(298_403L * 40 / 100_000 + 1); // last spike at 11.936 s -> 120 windows
        }
    }
}
