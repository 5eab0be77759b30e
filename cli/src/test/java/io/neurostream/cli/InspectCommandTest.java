package io.neurostream.cli;

import static io.neurostream.cli.TestData.data;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    @Test
    void describesARealFileAndWritesBothPictures(@TempDir Path dir) throws Exception {
        CommandOutput r = CommandOutput.run("inspect", data("event-camera/nmnist-small/1.bs2").toString(), "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        String out = r.out();
        assertThat(out).contains("NMNIST").contains("34x34").contains("4,681").contains("ON 2,328").contains("OFF 2,353");
        assertThat(ImageIO.read(dir.resolve("1-events.png").toFile()).getWidth()).isEqualTo(34);
        assertThat(ImageIO.read(dir.resolve("1-surface.png").toFile()).getHeight()).isEqualTo(34);
    }

    @Test
    void truncatedFileFailsWithFileAndByteOffset(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(data("event-camera/aedat4/sample.aedat4"));
        Path cut = dir.resolve("cut.aedat4");
        Files.write(cut, Arrays.copyOf(whole, 100_001));
        CommandOutput r = CommandOutput.run("inspect", cut.toString(), "--no-png");
        assertThat(r.exitCode()).isEqualTo(InspectCommand.EXIT_BAD_FILE);
        assertThat(r.err()).contains(cut.toString()).containsPattern("at byte \\d+");
    }

    @Test
    void malformedGeometryIsRefusedBeforeReading() {
        CommandOutput r = CommandOutput.run("inspect", data("event-camera/evt2/evt2.raw").toString(), "--geometry", "wide", "--no-png");
        assertThat(r.exitCode()).isNotEqualTo(0);
    }

    @Test
    void describesTheNwbSampleAndWritesItsRaster(@TempDir Path dir) throws Exception {
        CommandOutput r = CommandOutput.run("inspect", data("spikes/nwb/A8604-211122.nwb").toString(), "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        String out = r.out();
        // 3 units (ids 6, 191, 206), 21,354 spikes: decoded independently from the raw /units arrays
        assertThat(out).contains("NWB").contains("units      3").contains("spikes     21,354")
                .contains("duration 1,087.324700 s").contains("unit 6: 11,020 spikes (10.135 Hz)")
                .contains("first 10 s of 1,087.3 s: 191 of 21,354 spikes");
        Path png = dir.resolve("A8604-211122-raster.png");
        assertThat(out).contains("wrote      " + png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1200);
    }

    @Test
    void describesThePhyFolderSampleAndWritesItsRaster(@TempDir Path dir) throws Exception {
        CommandOutput r = CommandOutput.run("inspect", data("spikes/kilosort").toString(), "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        String out = r.out();
        // 62 clusters, 314 spikes (spike_clusters.npy / spike_times.npy decoded independently)
        assertThat(out).contains("phy/Kilosort").contains("sample rate 25,000 Hz").contains("units      62")
                .contains("spikes     314").contains("0.040240 -> 11.936120 s")
                .contains("whole recording (11.9 s): 314 of 314 spikes");
        assertThat(ImageIO.read(dir.resolve("kilosort-raster.png").toFile()).getHeight()).isGreaterThan(600);
    }

    @Test
    void missingOutFolderIsCreatedForSpikeAndEventFiles(@TempDir Path dir) throws Exception {
        Path spikesOut = dir.resolve("new/spikes");
        CommandOutput r = CommandOutput.run("inspect", data("spikes/nwb/A8604-211122.nwb").toString(), "--out", spikesOut.toString(),
                "--raster-s", "0");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).contains("whole recording (1,087.3 s): 21,354 of 21,354 spikes");
        assertThat(spikesOut.resolve("A8604-211122-raster.png")).isRegularFile();
        Path eventsOut = dir.resolve("new/events");
        r = CommandOutput.run("inspect", data("event-camera/nmnist-small/1.bs2").toString(), "--out", eventsOut.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(eventsOut.resolve("1-events.png")).isRegularFile();
        assertThat(eventsOut.resolve("1-surface.png")).isRegularFile();
    }

    @Test
    void unknownFileSaysWhichFormatsAreSupported(@TempDir Path dir) throws Exception {
        byte[] noise = new byte[5_003];
        new Random(1).nextBytes(noise);
        Path f = Files.write(dir.resolve("mystery.nwb"), noise);
        CommandOutput r = CommandOutput.run("inspect", f.toString(), "--out", dir.resolve("pngs").toString());
        assertThat(r.exitCode()).isEqualTo(InspectCommand.EXIT_BAD_FILE);
        assertThat(r.err()).contains("error: " + f).contains("unknown event-file format")
                .contains("supported: event-camera files (N-MNIST").contains("AEDAT").contains("EVT")
                .contains("spike recordings (NWB 2.x (HDF5").contains("phy/Kilosort folder").contains("spike table");
        assertThat(dir.resolve("pngs")).doesNotExist();
        CommandOutput folder = CommandOutput.run("inspect", data("spikes").toString(), "--no-png");
        assertThat(folder.exitCode()).isEqualTo(InspectCommand.EXIT_BAD_FILE);
        assertThat(folder.err()).contains("a folder without spike_times.npy").contains("supported:");
    }

    @Test
    void truncatedNwbFailsWithFileAndByteOffset(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(data("spikes/nwb/A8604-211122.nwb"));
        Path cut = dir.resolve("cut.nwb");
        Files.write(cut, Arrays.copyOf(whole, 300_000));
        CommandOutput r = CommandOutput.run("inspect", cut.toString(), "--no-png");
        assertThat(r.exitCode()).isEqualTo(InspectCommand.EXIT_BAD_FILE);
        assertThat(r.err()).startsWith("error: " + cut + " at byte 300000: truncated");
    }

    @Test
    void helpNamesBothKindsOfRecording() {
        CommandOutput r = CommandOutput.run("inspect", "--help");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).contains("Event-camera files").contains("Spike recordings")
                .contains("<name>-raster.png").contains("--raster-s").contains("created if missing");
    }
}
