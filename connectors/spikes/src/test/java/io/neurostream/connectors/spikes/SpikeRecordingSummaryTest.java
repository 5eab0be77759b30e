package io.neurostream.connectors.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Summaries and rasters of the real recordings. The expected numbers were decoded independently of these readers
 * (Python struct on the raw arrays: /units datasets at the file offsets given in shared/data/README.md, the .npy
 * payloads after their 80-byte headers).
 */
class SpikeRecordingSummaryTest {
    @TempDir
    Path tmp;

    @Test
    void summarisesTheRealNwbRecording() throws Exception {
        SpikeRecordingSummary s = SpikeRecordingSummary.of(TestFiles.nwb());
        assertThat(s.format()).isEqualTo(SpikeFormat.NWB);
        assertThat(s.unitCount()).isEqualTo(3);
        assertThat(s.spikes()).isEqualTo(21_354);
        assertThat(s.units()).extracting(SpikeUnit::id).containsExactly(6L, 191L, 206L);
        assertThat(new long[] {s.spikeCount(0), s.spikeCount(1), s.spikeCount(2)}).containsExactly(11_020, 4_690, 5_644);
        assertThat(s.firstMicros()).isEqualTo(28_133);
        assertThat(s.lastMicros()).isEqualTo(1_087_352_833L);
        assertThat(s.durationSeconds()).isEqualTo(1_087.3247, within(1e-9));
        assertThat(s.maxUnitRateHz()).isEqualTo(10.134967, within(1e-6));
        assertThat(s.medianUnitRateHz()).isEqualTo(5.190722, within(1e-6));
        assertThat(s.minUnitRateHz()).isEqualTo(4.313339, within(1e-6));
        assertThat(s.meanRateHz()).isEqualTo(21_354 / 1_087.3247 / 3, within(1e-9));
        assertThat(s.mostActive(2)).extracting(SpikeUnit::id).containsExactly(6L, 206L);
        assertThat(s.describe()).contains("units      3").contains("spikes     21,354")
                .contains("duration 1,087.324700 s").contains("max 10.135 Hz")
                .contains("unit 6: 11,020 spikes (10.135 Hz); unit 206: 5,644 spikes (5.191 Hz); unit 191: 4,690 spikes (4.313 Hz)");
    }

    @Test
    void summarisesTheRealPhyFolder() throws Exception {
        SpikeRecordingSummary s = SpikeRecordingSummary.of(TestFiles.kilosort());
        assertThat(s.format()).isEqualTo(SpikeFormat.PHY);
        assertThat(s.unitCount()).isEqualTo(62);
        assertThat(s.spikes()).isEqualTo(314);
        assertThat(s.firstMicros()).isEqualTo(40_240);      // sample 1,006 at 25 kHz
        assertThat(s.lastMicros()).isEqualTo(11_936_120);   // sample 298,403
        // clusters 35 and 51 have 13 spikes each (the most), then 14 with 12
        assertThat(s.mostActive(3)).extracting(SpikeUnit::id).containsExactly(35L, 51L, 14L);
        assertThat(s.maxUnitRateHz()).isEqualTo(13 / 11.89588, within(1e-9));
        assertThat(s.medianUnitRateHz()).isEqualTo(4 / 11.89588, within(1e-9));
        assertThat(s.minUnitRateHz()).isEqualTo(1 / 11.89588, within(1e-9));
        assertThat(s.describe()).contains("sample rate 25,000 Hz").contains("units      62")
                .contains("spikes     314");
        assertThat(s.units().stream().filter(u -> u.id() == 4).findFirst().orElseThrow().label()).isEqualTo("good");
    }

    @Test
    void rasterOfTheNwbRecordingShowsItsFirstTenSeconds() throws Exception {
        SpikeRecordingSummary s = SpikeRecordingSummary.of(TestFiles.nwb());
        SpikeRaster.Window w = SpikeRaster.autoWindow(s); // 150 / 10.13 Hz = 14.8 s -> 10 s
        assertThat(w.whole()).isFalse();
        assertThat(w.startMicros()).isEqualTo(28_133);
        assertThat(w.endMicros()).isEqualTo(10_028_133);
        assertThat(w.describe(s)).isEqualTo("first 10 s of 1,087.3 s");
        try (SpikeSource src = SpikeFormats.open(s.path(), s.format())) {
            SpikeRaster.Raster r = SpikeRaster.render(src, s, w);
            assertThat(r.spikesDrawn()).isEqualTo(191); // spikes with t in [0.028133, 10.028133] s, counted in Python
            assertThat(r.image().getWidth()).isEqualTo(SpikeRaster.WIDTH);
            assertThat(darkPixels(r.image())).isGreaterThan(191);
        }
    }

    @Test
    void rasterOfTheShortPhyRecordingShowsAllOfIt() throws Exception {
        SpikeRecordingSummary s = SpikeRecordingSummary.of(TestFiles.kilosort());
        SpikeRaster.Window w = SpikeRaster.autoWindow(s);
        assertThat(w.whole()).isTrue();
        assertThat(w.describe(s)).isEqualTo("whole recording (11.9 s)");
        try (SpikeSource src = SpikeFormats.open(s.path(), s.format())) {
            assertThat(SpikeRaster.render(src, s, w).spikesDrawn()).isEqualTo(314);
        }
        assertThat(SpikeRaster.firstSeconds(s, 2).endMicros()).isEqualTo(2_040_240);
        assertThat(SpikeRaster.firstSeconds(s, 60).whole()).isTrue();
    }

    @Test
    void ticksLandInTheirUnitsRowAtTheirTime() throws Exception {
        // unit 0 at 0 s and 2 s, unit 1 at 1 s: first and last column of row 0, middle column of row 1
        long[] times = {0, 1_000_000, 2_000_000};
        int[] units = {0, 1, 0};
        Path name = tmp.resolve("three.csv");
        SpikeRecordingSummary s = SpikeRecordingSummary.of(name, SpikeFormat.CSV,
                new ArraySpikeSource("three", 2, times, units, List.of()));
        assertThat(s.meanRateHz()).isEqualTo(0.75);
        BufferedImage img = SpikeRaster.render(new ArraySpikeSource("three", 2, times, units, List.of()), s,
                SpikeRaster.whole(s)).image();
        int left = 84;
        int right = SpikeRaster.WIDTH - 24 - 1;
        int row0 = 56 + 30;  // plot 120 px high (minimum), 60 px per unit
        int row1 = 56 + 90;
        assertThat(isDark(img, left, row0)).isTrue();
        assertThat(isDark(img, right, row0)).isTrue();
        assertThat(isDark(img, left + (right - left) / 2, row1)).isTrue();
        assertThat(isDark(img, left + (right - left) / 2, row0)).isFalse();
        assertThat(isDark(img, left + 100, row1)).isFalse();
    }

    @Test
    void niceWindowsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SpikeRaster.niceFloor(14.8)).isEqualTo(10.0);
        assertThat(SpikeRaster.niceFloor(3.1)).isEqualTo(2.0);
        assertThat(SpikeRaster.niceFloor(0.07)).isEqualTo(0.05, within(1e-12));
    }

    @Test
    void csvSummaryCountsPerUnit() throws Exception {
        Path f = Files.writeString(tmp.resolve("s.csv"), "time,unit\n0.5,3\n1.0,9\n1.5,3\n2.5,3\n");
        SpikeRecordingSummary s = SpikeRecordingSummary.of(f);
        assertThat(s.format()).isEqualTo(SpikeFormat.CSV);
        assertThat(s.spikes()).isEqualTo(4);
        assertThat(s.mostActive(1)).extracting(SpikeUnit::id).containsExactly(3L);
        assertThat(s.unitRateHz(0)).isEqualTo(1.5);
        assertThat(s.medianUnitRateHz()).isEqualTo(1.0);
    }

    private static boolean isDark(BufferedImage img, int x, int y) {
        return (img.getRGB(x, y) & 0xFF) < 0x40;
    }

    private static long darkPixels(BufferedImage img) {
        long n = 0;
        for (int y = 60; y < img.getHeight() - 60; y++) {
            for (int x = 90; x < img.getWidth() - 30; x++) {
                n += isDark(img, x, y) ? 1 : 0;
            }
        }
        return n;
    }
}
