package io.neurostream.connectors.events;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Pictures of an event file for {@code neurostream inspect}: accumulated events and an exponentially decaying time
 * surface, as {@link BufferedImage}s (one pixel per sensor pixel, y down) and PNG files. ON events are green, OFF
 * events red, on black. Events outside the geometry are ignored.
 *
 * <pre>{@code
 * EventFileSummary s = EventImages.writeInspectionPngs(path, Path.of("acc.png"), Path.of("surface.png"), 50_000);
 * }</pre>
 */
public final class EventImages {
    private EventImages() {}

    /**
     * Counts events per pixel and polarity over the rest of {@code reader}; brightness is
     * {@code sqrt(min(1, count / c99))} per polarity channel, c99 being the 99th percentile of the
     * non-zero counts (so a few hot pixels do not darken the picture).
     */
    public static BufferedImage accumulate(EventFileReader reader, SensorGeometry geometry) throws IOException {
        int w = geometry.width();
        int h = geometry.height();
        requireKnown(geometry);
        int[] onCount = new int[w * h];
        int[] offCount = new int[w * h];
        reader.forEach((t, x, y, on) -> {
            if (x >= 0 && y >= 0 && x < w && y < h) {
                (on ? onCount : offCount)[y * w + x]++;
            }
        });
        double maxOn = saturation(onCount);
        double maxOff = saturation(offCount);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int g = (int) Math.round(255 * Math.sqrt(Math.min(1, onCount[i] / maxOn)));
                int r = (int) Math.round(255 * Math.sqrt(Math.min(1, offCount[i] / maxOff)));
                img.setRGB(x, y, r << 16 | g << 8);
            }
        }
        return img;
    }

    /**
     * The time surface at the time of the last event of {@code reader}: each pixel's brightness per polarity is
     * {@code exp(-(tEnd - tLast) / tauMicros)}, 0 if it never fired.
     */
    public static BufferedImage timeSurface(EventFileReader reader, SensorGeometry geometry, double tauMicros)
            throws IOException {
        if (!(tauMicros > 0)) {
            throw new IllegalArgumentException("tauMicros " + tauMicros + " must be > 0");
        }
        requireKnown(geometry);
        int w = geometry.width();
        int h = geometry.height();
        long never = Long.MIN_VALUE;
        long[] lastOn = new long[w * h];
        long[] lastOff = new long[w * h];
        java.util.Arrays.fill(lastOn, never);
        java.util.Arrays.fill(lastOff, never);
        long[] end = {never};
        reader.forEach((t, x, y, on) -> {
            end[0] = Math.max(end[0], t);
            if (x >= 0 && y >= 0 && x < w && y < h) {
                (on ? lastOn : lastOff)[y * w + x] = t;
            }
        });
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int g = level(lastOn[i], end[0], tauMicros);
                int r = level(lastOff[i], end[0], tauMicros);
                img.setRGB(x, y, r << 16 | g << 8);
            }
        }
        return img;
    }

    /** The count that maps to full brightness: the 99th percentile of the non-zero counts (hot pixels saturate). */
    static double saturation(int[] counts) {
        int nonZero = 0;
        for (int c : counts) {
            if (c > 0) {
                nonZero++;
            }
        }
        if (nonZero == 0) {
            return 1;
        }
        int[] sorted = new int[nonZero];
        int k = 0;
        for (int c : counts) {
            if (c > 0) {
                sorted[k++] = c;
            }
        }
        java.util.Arrays.sort(sorted);
        return Math.max(1, sorted[(int) Math.floor(0.99 * (nonZero - 1))]);
    }

    private static int level(long last, long end, double tau) {
        if (last == Long.MIN_VALUE) {
            return 0;
        }
        return (int) Math.round(255 * Math.exp(-Math.max(0, end - last) / tau));
    }

    public static void writePng(BufferedImage image, Path png) throws IOException {
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /**
     * Summarises {@code file} and writes both pictures (each a separate pass over the file, so memory stays bounded
     * by the geometry, not the file). Geometry: the file's, or the seen coordinate range if it gives none.
     *
     * @param accumulatedPng where to write the accumulated-events PNG (null: skip)
     * @param surfacePng     where to write the time-surface PNG (null: skip)
     * @param tauMicros      decay constant of the time surface
     * @return the summary of the file
     */
    public static EventFileSummary writeInspectionPngs(Path file, Path accumulatedPng, Path surfacePng, double tauMicros)
            throws IOException {
        EventFormat format = EventFormats.detect(file);
        EventFileSummary summary;
        try (EventFileReader r = EventFormats.open(file, format, null)) {
            summary = EventFileSummary.of(r, EventFileSummary.DEFAULT_PEAK_WINDOW_MICROS);
        }
        SensorGeometry g = summary.effectiveGeometry();
        if (accumulatedPng != null) {
            try (EventFileReader r = EventFormats.open(file, format, null)) {
                writePng(accumulate(r, g), accumulatedPng);
            }
        }
        if (surfacePng != null) {
            try (EventFileReader r = EventFormats.open(file, format, null)) {
                writePng(timeSurface(r, g, tauMicros), surfacePng);
            }
        }
        return summary;
    }

    private static void requireKnown(SensorGeometry g) {
        if (!g.isKnown()) {
            throw new IllegalArgumentException("geometry unknown: pass the sensor size (e.g. from EventFileSummary.effectiveGeometry())");
        }
    }
}
