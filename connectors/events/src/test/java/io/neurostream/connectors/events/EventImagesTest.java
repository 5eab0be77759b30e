package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventImagesTest {
    @TempDir
    Path dir;

    @Test
    void accumulatedAndSurfacePixelsFollowTheEvents() throws IOException {
        Path f = dir.resolve("tiny.bin");
        try (NmnistWriter w = new NmnistWriter(f)) {
            w.write(0, 1, 2, true);
            w.write(10, 1, 2, true);
            w.write(20, 3, 0, false);
            w.write(1_000, 5, 5, true);
        }
        BufferedImage acc;
        try (EventFileReader r = EventFormats.open(f)) {
            acc = EventImages.accumulate(r, r.geometry());
        }
        assertThat(acc.getWidth()).isEqualTo(34);
        assertThat(acc.getRGB(1, 2) & 0xFFFFFF).isEqualTo(0x00FF00); // most ON events: full green
        // 99th percentile of the non-zero ON counts {2, 1} is 1: both saturate
        assertThat(acc.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0x00FF00);
        assertThat(acc.getRGB(3, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(acc.getRGB(0, 0) & 0xFFFFFF).isZero();
        BufferedImage surface;
        try (EventFileReader r = EventFormats.open(f)) {
            surface = EventImages.timeSurface(r, r.geometry(), 1_000);
        }
        assertThat(surface.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0x00FF00); // the last event: exp(0)
        int g = (surface.getRGB(1, 2) >> 8) & 0xFF;
        assertThat(g).isEqualTo((int) Math.round(255 * Math.exp(-0.99)));
        int r = (surface.getRGB(3, 0) >> 16) & 0xFF;
        assertThat(r).isEqualTo((int) Math.round(255 * Math.exp(-0.98)));
    }

    @Test
    void brightnessSaturatesAtThe99thPercentileOfNonZeroCounts() {
        int[] counts = new int[200];
        for (int i = 0; i < 100; i++) {
            counts[2 * i] = i + 1; // 1..100, interleaved with zeros
        }
        assertThat(EventImages.saturation(counts)).isEqualTo(99.0);
        assertThat(EventImages.saturation(new int[5])).isEqualTo(1.0);
    }

    @Test
    void inspectionWritesReadablePngsOfTheSensorSize() throws IOException {
        Path acc = dir.resolve("acc.png");
        Path surface = dir.resolve("surface.png");
        EventFileSummary s = EventImages.writeInspectionPngs(TestData.EVT3, acc, surface, 5_000);
        assertThat(s.events()).isEqualTo(219_596);
        for (Path png : new Path[] {acc, surface}) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(1280);
            assertThat(img.getHeight()).isEqualTo(720);
        }
        assertThat(s.describe()).contains("EVT3").contains("1280x720").contains("219,596");
        assertThat(s.onFraction()).isCloseTo(115_532 / 219_596.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.peakRateHz()).isGreaterThanOrEqualTo(s.meanRateHz());
    }
}
