package io.neurostream.connectors.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsPhySpikeTimesWithFortranOrderHeader() throws Exception {
        try (NpyReader r = NpyReader.open(TestFiles.kilosort().resolve("spike_times.npy"))) {
            assertThat(r.descr()).isEqualTo("<u8");
            assertThat(r.fortranOrder()).isTrue();
            assertThat(r.shape()).containsExactly(314, 1);
            assertThat(r.dataOffset()).isEqualTo(80);
            long[] all = r.readAllLongs();
            assertThat(all).hasSize(314);
            assertThat(all[0]).isEqualTo(1006);
            assertThat(all[313]).isEqualTo(298403);
            assertThat(all).isSorted();
        }
        try (NpyReader r = NpyReader.open(TestFiles.kilosort().resolve("spike_clusters.npy"))) {
            assertThat(r.descr()).isEqualTo("<u4");
            assertThat(Arrays.stream(r.readAllLongs()).distinct().count()).isEqualTo(62);
        }
    }

    @Test
    void readsVersion2BigEndianAndFloats() throws Exception {
        ByteBuffer be = ByteBuffer.allocate(8).putInt(7).putInt(-2);
        Path f = TestFiles.npy(tmp.resolve("be.npy"), 2, ">i4", false, "(2,)", be.array());
        try (NpyReader r = NpyReader.open(f)) {
            assertThat(r.readAllLongs()).containsExactly(7, -2);
        }
        Path g = TestFiles.npy(tmp.resolve("f.npy"), 1, "<f8", false, "(1, 3)", TestFiles.f64(0.5, 1.5, 2.5));
        try (NpyReader r = NpyReader.open(g)) {
            assertThat(r.nextDouble()).isEqualTo(0.5);
            assertThat(r.nextDouble()).isEqualTo(1.5);
            assertThat(r.nextDouble()).isEqualTo(2.5);
            assertThat(r.hasNext()).isFalse();
        }
    }

    @Test
    void refusesFloatsWhereIntegersAreRequired() throws Exception {
        Path f = TestFiles.npy(tmp.resolve("times.npy"), 1, "<f8", false, "(2,)", TestFiles.f64(1, 2));
        try (NpyReader r = NpyReader.open(f)) {
            assertThatThrownBy(r::requireInteger).isInstanceOf(SpikeFileException.class)
                    .hasMessageContaining("times.npy").hasMessageContaining("wrong dtype '<f8'");
        }
    }

    @Test
    void refusesMalformedFiles() throws Exception {
        Path notNpy = tmp.resolve("not.npy");
        Files.writeString(notNpy, "time,unit\n0.1,3\n");
        assertThatThrownBy(() -> NpyReader.open(notNpy)).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("not.npy").hasMessageContaining("not an .npy file");

        Path truncated = TestFiles.npy(tmp.resolve("short.npy"), 1, "<u8", false, "(3,)", TestFiles.u64(1, 2));
        assertThatThrownBy(() -> NpyReader.open(truncated)).hasMessageContaining("short.npy")
                .hasMessageContaining("truncated").hasMessageContaining("needs 24 data bytes, the file has 16");

        Path twoColumns = TestFiles.npy(tmp.resolve("two.npy"), 1, "<u8", true, "(2, 2)", TestFiles.u64(1, 2, 3, 4));
        assertThatThrownBy(() -> NpyReader.open(twoColumns)).hasMessageContaining("two.npy")
                .hasMessageContaining("shape (2, 2) is not one column")
                .hasMessageContaining("fortran_order True is only accepted for one column");

        Path structured = TestFiles.npy(tmp.resolve("rec.npy"), 1, "[('t', '<i8')]", false, "(1,)", TestFiles.u64(1));
        assertThatThrownBy(() -> NpyReader.open(structured)).hasMessageContaining("rec.npy")
                .hasMessageContaining("unsupported structured dtype");

        Path complex = TestFiles.npy(tmp.resolve("c.npy"), 1, "<c16", false, "(1,)", new byte[16]);
        assertThatThrownBy(() -> NpyReader.open(complex)).hasMessageContaining("unsupported dtype '<c16'");

        Path huge = TestFiles.npy(tmp.resolve("big.npy"), 1, "<u8", false, "(1,)", TestFiles.u64(-1L));
        try (NpyReader r = NpyReader.open(huge)) {
            assertThatThrownBy(r::nextLong).hasMessageContaining("18446744073709551615");
        }
        assertThatThrownBy(() -> NpyReader.open(tmp.resolve("missing.npy"))).hasMessageContaining("no such file");
    }
}
