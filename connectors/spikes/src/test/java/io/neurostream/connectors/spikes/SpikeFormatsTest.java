package io.neurostream.connectors.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection by content (not by name) and corrupt files reported with their byte offset. */
class SpikeFormatsTest {
    @TempDir
    Path tmp;

    @Test
    void detectsTheRealRecordingsByContentWhateverTheirName() throws Exception {
        assertThat(SpikeFormats.detect(TestFiles.nwb())).contains(SpikeFormat.NWB);
        assertThat(SpikeFormats.detect(TestFiles.kilosort())).contains(SpikeFormat.PHY);
        Path renamed = Files.copy(TestFiles.nwb(), tmp.resolve("recording.bin"));
        assertThat(SpikeFormats.detect(renamed)).contains(SpikeFormat.NWB);
        try (SpikeSource s = SpikeFormats.open(renamed)) {
            assertThat(s.unitCount()).isEqualTo(3);
        }
        Path csv = Files.writeString(tmp.resolve("spikes.dat"), "time,unit\n0.1,4\n0.2,7\n");
        assertThat(SpikeFormats.detect(csv)).contains(SpikeFormat.CSV);
        Path headerless = Files.writeString(tmp.resolve("spikes"), "# comment\n0.1\t4\n");
        assertThat(SpikeFormats.detect(headerless)).contains(SpikeFormat.CSV);
    }

    @Test
    void otherFilesAreNoSpikeRecording() throws Exception {
        Path data = TestFiles.data();
        assertThat(SpikeFormats.detect(data.resolve("event-camera/evt2/evt2.raw"))).isEmpty();
        assertThat(SpikeFormats.detect(data.resolve("event-camera/aedat4/sample.aedat4"))).isEmpty();
        assertThat(SpikeFormats.detect(data.resolve("event-camera/nmnist-small/1.bs2"))).isEmpty();
        assertThat(SpikeFormats.detect(data.resolve("spikes/kilosort/spike_times.npy"))).isEmpty();
        assertThat(SpikeFormats.detect(data.resolve("spikes"))).isEmpty(); // a folder without spike_times.npy
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path random = Files.write(tmp.resolve("noise.nwb"), noise);
        assertThat(SpikeFormats.detect(random)).isEmpty();
        Path prose = Files.writeString(tmp.resolve("notes.csv"), "Some notes about the session\n");
        assertThat(SpikeFormats.detect(prose)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> SpikeFormats.open(random)).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("noise.nwb").hasMessageContaining("not a spike recording")
                .hasMessageContaining("NWB").hasMessageContaining("phy/Kilosort").hasMessageContaining("text");
    }

    @Test
    void findsTheHdf5SignatureAfterAUserBlock() throws Exception {
        byte[] nwb = Files.readAllBytes(TestFiles.nwb());
        byte[] shifted = new byte[512 + 16];
        System.arraycopy(nwb, 0, shifted, 512, 16);
        Path f = Files.write(tmp.resolve("userblock.h5"), shifted);
        assertThat(SpikeFormats.hdf5SuperblockOffset(f)).isEqualTo(512);
        assertThat(SpikeFormats.hdf5SuperblockOffset(TestFiles.nwb())).isZero();
    }

    @Test
    void truncatedNwbNamesTheFirstMissingByte() throws Exception {
        byte[] whole = Files.readAllBytes(TestFiles.nwb());
        assertThat(whole).hasSize(442_304);
        Path cut = Files.write(tmp.resolve("cut.nwb"), Arrays.copyOf(whole, 300_000));
        assertThatThrownBy(() -> SpikeFormats.open(cut)).isInstanceOfSatisfying(CorruptSpikeFileException.class, e -> {
            assertThat(e.byteOffset()).isEqualTo(300_000);
            assertThat(e.file()).isEqualTo(cut);
            assertThat(e.getMessage()).startsWith(cut + " at byte 300000: truncated")
                    .contains("ends at byte 442,304");
        });
    }

    @Test
    void damagedHdf5ObjectHeaderIsReportedAtTheAddressJhdfNames() throws Exception {
        byte[] bytes = Files.readAllBytes(TestFiles.nwb());
        Arrays.fill(bytes, 1_000, 5_000, (byte) 0xA5); // the root group's symbol table lives here
        Path bad = Files.write(tmp.resolve("bad.nwb"), bytes);
        assertThatThrownBy(() -> SpikeRecordingSummary.of(bad)).isInstanceOfSatisfying(CorruptSpikeFileException.class,
                e -> {
                    assertThat(e.byteOffset()).isEqualTo(96); // the root group's object header (superblock root entry)
                    assertThat(e.getMessage()).startsWith(bad + " at byte 96: cannot be read as HDF5/NWB");
                });
    }

    @Test
    void truncatedPhyArrayNamesTheFileAndItsEnd() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("kilosort"));
        for (String name : new String[] {"spike_clusters.npy", "params.py", "cluster_group.tsv"}) {
            Files.copy(TestFiles.kilosort().resolve(name), folder.resolve(name));
        }
        byte[] times = Files.readAllBytes(TestFiles.kilosort().resolve("spike_times.npy"));
        Files.write(folder.resolve("spike_times.npy"), Arrays.copyOf(times, 1_000));
        assertThat(SpikeFormats.detect(folder)).contains(SpikeFormat.PHY);
        assertThatThrownBy(() -> SpikeRecordingSummary.of(folder))
                .isInstanceOfSatisfying(CorruptSpikeFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(folder.resolve("spike_times.npy"));
                    assertThat(e.byteOffset()).isEqualTo(1_000);
                    assertThat(e.getMessage()).contains("at byte 1000: truncated")
                            .contains("needs 2512 data bytes, the file has 920");
                });
    }

    @Test
    void malformedCsvKeepsTheReadersLineNumber() throws Exception {
        Path f = Files.writeString(tmp.resolve("bad.csv"), "time,unit\n0.2,1\n0.1,1\n");
        assertThatThrownBy(() -> SpikeRecordingSummary.of(f)).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("line 3: times not increasing");
    }
}
