package io.neurostream.connectors.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Recordings#open} on the real sample files: the kind by content, clear refusals, and replays into a list. */
class RecordingsTest {
    private static Path data(String relative) {
        return Path.of(System.getProperty("neurostream.data", "../../shared/data")).resolve(relative);
    }

    private static final Path EVT2 = data("event-camera/evt2/evt2.raw");
    private static final Path AEDAT4 = data("event-camera/aedat4/sample.aedat4");
    private static final Path NMNIST = data("event-camera/nmnist/sample_nmnist.bin");
    private static final Path NMNIST_FOLDER = data("event-camera/nmnist-small");
    private static final Path NWB = data("spikes/nwb/A8604-211122.nwb");
    private static final Path KILOSORT = data("spikes/kilosort");

    /** Keeps what a replay sends, in order. */
    private static class ListTarget implements ReplayTarget {
        final List<EventPacket> packets = new ArrayList<>();
        final List<SpikeBatch> batches = new ArrayList<>();
        final List<Label> labels = new ArrayList<>();
        int flushes;

        @Override
        public void packet(EventPacket packet) {
            packets.add(packet);
        }

        @Override
        public void spikes(SpikeBatch batch) {
            batches.add(batch);
        }

        @Override
        public void label(Label label) {
            labels.add(label);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {}
    }

    @Test
    void picksTheKindOfRealRecordingsByContent() throws Exception {
        for (Path events : List.of(EVT2, AEDAT4, NMNIST, NMNIST_FOLDER)) {
            assertThat(Recordings.kindOf(events)).as(events.toString()).isEqualTo(Recordings.Kind.EVENTS);
        }
        for (Path spikes : List.of(NWB, KILOSORT)) {
            assertThat(Recordings.kindOf(spikes)).as(spikes.toString()).isEqualTo(Recordings.Kind.SPIKES);
        }

        Recording events = Recordings.open(List.of(EVT2, AEDAT4), ReplayOptions.defaults());
        assertThat(events).isInstanceOf(EventReplay.class);
        assertThat(events.describe().lines()).containsExactly(
                "evt2 <- " + EVT2 + " (EVT2, 640x480)", "sample <- " + AEDAT4 + " (AEDAT4, 320x240)");

        Recording spikes = Recordings.open(List.of(NWB), ReplayOptions.defaults().withIds(List.of("mouse-1")));
        assertThat(spikes).isInstanceOf(SpikeFileReplay.class);
        assertThat(spikes.totalEvents()).isEqualTo(21_354);
        assertThat(spikes.describe()).contains("(NWB) as session 'mouse-1'").contains("21,354 spikes from 3 units");
    }

    @Test
    void namesDoNotDecideTheKind(@TempDir Path dir) throws Exception {
        Path rawNamedCsv = Files.copy(EVT2, dir.resolve("camera.csv"));
        Path nwbNamedBin = Files.copy(NWB, dir.resolve("spikes.bin"));
        Path tableNamedRaw = Files.writeString(dir.resolve("table.raw"), "0.0100,3\n0.0250,1\n0.0310,3\n");
        assertThat(Recordings.kindOf(rawNamedCsv)).isEqualTo(Recordings.Kind.EVENTS);
        assertThat(Recordings.kindOf(nwbNamedBin)).isEqualTo(Recordings.Kind.SPIKES);
        assertThat(Recordings.kindOf(tableNamedRaw)).isEqualTo(Recordings.Kind.SPIKES);
        assertThat(Recordings.open(List.of(tableNamedRaw), ReplayOptions.defaults()).totalEvents()).isEqualTo(3);
    }

    @Test
    void unknownInputIsRefusedWithTheSupportedFormats(@TempDir Path dir) throws Exception {
        byte[] noise = new byte[5_003];
        new Random(1).nextBytes(noise);
        Path mystery = Files.write(dir.resolve("mystery.nwb"), noise);
        assertThatThrownBy(() -> Recordings.open(List.of(mystery), ReplayOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(mystery + " at byte 0: unknown event-file format")
                .hasMessageContaining("not a spike recording either")
                .hasMessageContaining("N-MNIST .bin/.bs2").hasMessageContaining("AEDAT 2.0")
                .hasMessageContaining("AEDAT 3.1").hasMessageContaining("AEDAT 4.0")
                .hasMessageContaining("Prophesee EVT 2.0 .raw").hasMessageContaining("Prophesee EVT 3.0 .raw")
                .hasMessageContaining("Prophesee .dat").hasMessageContaining("labelled N-MNIST folders")
                .hasMessageContaining("NWB 2.x").hasMessageContaining("phy/Kilosort folder")
                .hasMessageContaining("spike table");
        assertThatThrownBy(() -> Recordings.open(List.of(data("spikes")), ReplayOptions.defaults()))
                .hasMessageContaining("a folder with neither a train*.txt").hasMessageContaining("Supported: ");
        assertThatThrownBy(() -> Recordings.open(List.of(dir.resolve("absent.raw")), ReplayOptions.defaults()))
                .hasMessageContaining("absent.raw: no such file or folder");
    }

    @Test
    void kindsAreNotMixedAndSpikeRecordingsReplayAlone() {
        assertThatThrownBy(() -> Recordings.open(List.of(EVT2, NWB), ReplayOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(EVT2 + " is an event-camera recording but " + NWB + " is a spike recording: replay them "
                        + "separately");
        assertThatThrownBy(() -> Recordings.open(List.of(NWB, KILOSORT), ReplayOptions.defaults()))
                .hasMessageContaining("spike recordings replay one at a time, got 2");
        assertThatThrownBy(() -> Recordings.open(List.of(NWB), ReplayOptions.defaults().withPasses(2)))
                .hasMessageContaining("--passes and --loop are for event-camera files");
        assertThatThrownBy(() -> Recordings.open(List.of(EVT2, AEDAT4), ReplayOptions.defaults().withIds(List.of("a"))))
                .hasMessage("1 ids (--sensor-id, --session) for 2 files: give one per file");
        assertThatThrownBy(() -> ReplayOptions.defaults().withPackets(0, 10))
                .hasMessageContaining("--max-events-per-packet must be in [1, ");
        assertThatThrownBy(() -> ReplayOptions.defaults().withSpikeBatchMicros(0)).hasMessageContaining("--bin-ms");
    }

    @Test
    void replaysASpikeRecordingAsBatchesOfItsSpikes() throws Exception {
        ListTarget target = new ListTarget();
        ReplayStats stats = Recordings.open(List.of(KILOSORT), ReplayOptions.defaults())
                .replay(target, Pacer.asFastAsPossible(), null);
        // the phy sample: 314 spikes, 0.04024 s to 11.93612 s: 20 ms windows 2 to 596, empty ones included
        assertThat(target.batches).hasSize(596 - 2 + 1).allMatch(b -> b.getSessionId().equals("kilosort"));
        assertThat(target.batches.stream().mapToLong(SpikeBatch::getSpikeCount).sum()).isEqualTo(314);
        assertThat(stats.events()).isEqualTo(314);
        assertThat(stats.packets()).isEqualTo(target.batches.size());
        assertThat(stats.labels()).isZero();
        assertThat(stats.totalEvents()).isEqualTo(314);
        assertThat(stats.fractionDone()).isEqualTo(1.0);
        assertThat(stats.etaSeconds()).isZero();
        assertThat(stats.recordingSeconds()).isCloseTo(11.94 - 0.04024, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(target.flushes).isEqualTo(1);
    }

    @Test
    void realTimeReplayTakesTheRecordingsTimeAndStopEndsItEarly() throws Exception {
        // sample_nmnist.bin: 4,325 events over 310.5 ms
        Recording nmnist = Recordings.open(List.of(NMNIST), ReplayOptions.defaults());
        ReplayStats realTime = nmnist.replay(new ListTarget(), new Pacer(1.0), null);
        assertThat(realTime.events()).isEqualTo(4_325);
        assertThat(realTime.wallSeconds()).isGreaterThan(0.28);
        assertThat(realTime.fractionDone()).isEqualTo(1.0);

        // a hundredth of real time would take 31 s: stopped after 0.3 s, it ends at once with what it sent, flushed
        Pacer slow = new Pacer(0.01);
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            slow.stop();
        });
        stopper.start();
        ListTarget target = new ListTarget();
        List<ReplayStats> progress = new ArrayList<>();
        ReplayStats stopped = nmnist.replay(target, slow, progress::add);
        stopper.join();
        assertThat(stopped.wallSeconds()).isLessThan(5);
        assertThat(stopped.events()).isPositive().isLessThan(4_325)
                .isEqualTo(target.packets.stream().mapToLong(EventPacket::getEventCount).sum());
        assertThat(stopped.fractionDone()).isLessThan(1.0);
        assertThat(target.flushes).isEqualTo(1);
        assertThat(progress).last().isEqualTo(stopped);
    }

    @Test
    void loopingForeverHasNoEta() throws Exception {
        Pacer pacer = Pacer.asFastAsPossible();
        ListTarget target = new ListTarget() {
            @Override
            public void packet(EventPacket packet) {
                super.packet(packet);
                if (packets.size() == 10_000) {
                    pacer.stop();
                }
            }
        };
        ReplayStats stats = Recordings.open(List.of(NMNIST), ReplayOptions.defaults().withPasses(ReplayOptions.FOREVER))
                .replay(target, pacer, null);
        assertThat(stats.packets()).isEqualTo(10_000);
        assertThat(stats.fractionDone()).isNaN();
        assertThat(stats.etaSeconds()).isNaN();
        assertThat(target.packets.get(9_999).getStartTimeMicros()).isGreaterThan(310_521L * 10);
    }

    @Test
    void defaultIdsComeFromTheFileNamesAndStayUnique() throws Exception {
        Recording two = Recordings.open(List.of(NMNIST, NMNIST), ReplayOptions.defaults());
        assertThat(two.describe().lines().map(l -> l.substring(0, l.indexOf(' '))))
                .containsExactly("sample_nmnist", "sample_nmnist-1");
        assertThat(Recordings.defaultId(Path.of("/x/my rec.v2.nwb"))).isEqualTo("my_rec.v2");
        assertThat(Recordings.defaultId(KILOSORT)).isEqualTo("kilosort");
    }
}
