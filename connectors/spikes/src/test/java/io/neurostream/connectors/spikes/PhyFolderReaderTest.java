package io.neurostream.connectors.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhyFolderReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheRealKilosortFolder() throws Exception {
        try (PhyFolderReader r = PhyFolderReader.open(TestFiles.kilosort())) {
            assertThat(r.sampleRateHz()).isEqualTo(25000.0);
            assertThat(r.unitCount()).isEqualTo(62);
            assertThat(r.units().stream().mapToLong(SpikeUnit::spikeCount).sum()).isEqualTo(314);
            assertThat(r.units().stream().mapToLong(SpikeUnit::spikeCount).max().getAsLong()).isEqualTo(13);
            assertThat(r.units()).extracting(SpikeUnit::id).isSorted();
            assertThat(r.units()).filteredOn(u -> u.label().equals("good")).extracting(SpikeUnit::id).containsExactly(4L);
            List<Long> times = new ArrayList<>();
            long[] perUnit = new long[r.unitCount()];
            while (r.next()) {
                times.add(r.timeMicros());
                perUnit[r.unitIndex()]++;
            }
            assertThat(times).hasSize(314).isSorted();
            assertThat(times.get(0)).isEqualTo(1006L * 40);      // 1,006 samples at 25 kHz
            assertThat(times.get(313)).isEqualTo(298_403L * 40);
            for (SpikeUnit u : r.units()) {
                assertThat(perUnit[u.index()]).isEqualTo(u.spikeCount());
            }
        }
    }

    @Test
    void keepsOnlyGoodUnitsOnRequest() throws Exception {
        try (PhyFolderReader r = PhyFolderReader.builder(TestFiles.kilosort()).goodUnitsOnly(true).open()) {
            assertThat(r.units()).singleElement().satisfies(u -> {
                assertThat(u.id()).isEqualTo(4);
                assertThat(u.label()).isEqualTo("good");
                assertThat(u.index()).isZero();
            });
            long n = 0;
            while (r.next()) {
                assertThat(r.unitIndex()).isZero();
                n++;
            }
            assertThat(n).isEqualTo(r.units().get(0).spikeCount()).isPositive();
        }
    }

    @Test
    void convertsSamplesAtNonIntegerMicrosPerSample() throws Exception {
        TestFiles.phyFolder(tmp, new long[] {0, 3, 30_000}, new int[] {5, 2, 5});
        try (PhyFolderReader r = PhyFolderReader.open(tmp)) {
            assertThat(r.units()).extracting(SpikeUnit::id).containsExactly(2L, 5L);
            assertThat(r.next()).isTrue();
            assertThat(r.timeMicros()).isZero();
            assertThat(r.unitIndex()).isEqualTo(1);
            assertThat(r.next()).isTrue();
            assertThat(r.timeMicros()).isEqualTo(100);
            assertThat(r.unitIndex()).isZero();
            assertThat(r.next()).isTrue();
            assertThat(r.timeMicros()).isEqualTo(1_000_000);
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void refusesMismatchedLengths() throws Exception {
        TestFiles.phyFolder(tmp, new long[] {1, 2, 3}, new int[] {0, 0});
        assertThatThrownBy(() -> PhyFolderReader.open(tmp)).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("spike_clusters.npy").hasMessageContaining("mismatched lengths")
                .hasMessageContaining("3 spikes").hasMessageContaining("has 2");
    }

    @Test
    void refusesTimesNotIncreasing() throws Exception {
        TestFiles.phyFolder(tmp, new long[] {1, 5, 4}, new int[] {0, 1, 0});
        assertThatThrownBy(() -> PhyFolderReader.open(tmp)).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("spike_times.npy").hasMessageContaining("times not increasing at spike 2")
                .hasMessageContaining("sample 4 after 5");
    }

    @Test
    void refusesFloatSpikeTimes() throws Exception {
        TestFiles.phyFolder(tmp, new long[] {1}, new int[] {0});
        TestFiles.npy(tmp.resolve("spike_times.npy"), 1, "<f8", false, "(1,)", TestFiles.f64(0.1));
        assertThatThrownBy(() -> PhyFolderReader.open(tmp)).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("spike_times.npy").hasMessageContaining("wrong dtype '<f8'");
    }

    @Test
    void refusesMissingParamsAndMissingLabels() throws Exception {
        TestFiles.phyFolder(tmp, new long[] {1}, new int[] {0});
        Files.delete(tmp.resolve("params.py"));
        assertThatThrownBy(() -> PhyFolderReader.open(tmp)).hasMessageContaining("params.py")
                .hasMessageContaining("sample_rate");
        try (PhyFolderReader r = PhyFolderReader.builder(tmp).sampleRateHz(1000).open()) {
            assertThat(r.next()).isTrue();
            assertThat(r.timeMicros()).isEqualTo(1000);
        }
        assertThatThrownBy(() -> PhyFolderReader.builder(tmp).sampleRateHz(1000).goodUnitsOnly(true).open())
                .hasMessageContaining("cluster_group.tsv").hasMessageContaining("goodUnitsOnly");
        Files.writeString(tmp.resolve("cluster_group.tsv"), "cluster_id\tgroup\nfour\tgood\n");
        assertThatThrownBy(() -> PhyFolderReader.builder(tmp).sampleRateHz(1000).open())
                .hasMessageContaining("cluster_group.tsv").hasMessageContaining("line 2");
    }
}
