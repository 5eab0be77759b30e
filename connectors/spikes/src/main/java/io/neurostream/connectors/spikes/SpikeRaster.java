package io.neurostream.connectors.spikes;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A raster plot of a spike recording for {@code neurostream inspect}: one row per unit (unit ids on the y axis,
 * index 0 at the top), time on the x axis in seconds of the recording clock, a tick per spike, the file name and
 * the time window in the title. Drawn with java.awt into a {@link BufferedImage} (write it as PNG with
 * {@code ImageIO}).
 *
 * <pre>{@code
 * SpikeRecordingSummary s = SpikeRecordingSummary.of(path);
 * SpikeRaster.Window w = SpikeRaster.autoWindow(s);   // or firstSeconds(s, 10), whole(s)
 * try (SpikeSource src = SpikeFormats.open(path, s.format())) {
 *     SpikeRaster.Raster r = SpikeRaster.render(src, s, w);
 * }
 * }</pre>
 *
 * <p>Long recordings are not squeezed into the width: {@link #autoWindow} shows the first seconds, as many as
 * keep the busiest unit near {@value #TARGET_SPIKES_PER_ROW} spikes (about one per 7 pixels), rounded down to
 * 1, 2 or 5 times a power of ten; the whole recording when it is that short already. The title says which.
 */
public final class SpikeRaster {
    /** Image width in pixels. */
    public static final int WIDTH = 1200;
    /** The auto window holds about this many spikes of the most active unit. */
    public static final int TARGET_SPIKES_PER_ROW = 150;

    private static final int LEFT = 84;
    private static final int RIGHT = 24;
    private static final int TOP = 56;
    private static final int BOTTOM = 52;
    private static final int MAX_PLOT_HEIGHT = 600;
    private static final int MIN_PLOT_HEIGHT = 120;
    private static final int MAX_ROW = 40;
    private static final Color BAND = new Color(0xEE, 0xF0, 0xF4);
    private static final Color GRID = new Color(0xC8, 0xC8, 0xC8);

    private SpikeRaster() {}

    /**
     * The time span drawn, µs on the recording clock, both ends included.
     *
     * @param whole true when it covers the recording from its first to its last spike
     */
    public record Window(long startMicros, long endMicros, boolean whole) {
        public Window {
            if (endMicros <= startMicros) {
                throw new IllegalArgumentException("window end " + endMicros + " must be after its start " + startMicros);
            }
        }

        public double seconds() {
            return (endMicros - startMicros) / 1e6;
        }

        /** E.g. "whole recording (11.9 s)" or "first 10 s of 1,087.3 s". */
        public String describe(SpikeRecordingSummary summary) {
            if (whole) {
                return "whole recording (" + seconds(summary.durationSeconds()) + " s)";
            }
            return "first " + seconds(seconds()) + " s of " + seconds(summary.durationSeconds()) + " s";
        }

        private static String seconds(double s) {
            return s >= 100 ? String.format(Locale.ROOT, "%,.1f", s) : String.format(Locale.ROOT, "%.3g", s)
                    .replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
        }
    }

    /** A picture and what it holds. */
    public record Raster(BufferedImage image, Window window, long spikesDrawn) {}

    /** From the first to the last spike (1 ms if they coincide). */
    public static Window whole(SpikeRecordingSummary s) {
        return new Window(s.firstMicros(), Math.max(s.lastMicros(), s.firstMicros() + 1_000), true);
    }

    /** The first {@code seconds} after the first spike; the whole recording if it is not longer. */
    public static Window firstSeconds(SpikeRecordingSummary s, double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("window seconds must be positive and finite, got " + seconds);
        }
        long micros = Math.max(1, Math.round(seconds * 1e6));
        if (micros >= s.durationMicros()) {
            return whole(s);
        }
        return new Window(s.firstMicros(), s.firstMicros() + micros, false);
    }

    /** The first seconds holding about {@value #TARGET_SPIKES_PER_ROW} spikes of the busiest unit (see the class). */
    public static Window autoWindow(SpikeRecordingSummary s) {
        double maxRate = s.maxUnitRateHz();
        if (Double.isNaN(maxRate) || maxRate <= 0) {
            return whole(s);
        }
        double seconds = TARGET_SPIKES_PER_ROW / maxRate;
        if (seconds * 1e6 >= s.durationMicros()) {
            return whole(s);
        }
        return firstSeconds(s, Math.max(1e-3, niceFloor(seconds)));
    }

    /** The largest 1, 2 or 5 times a power of ten not above {@code x}. */
    static double niceFloor(double x) {
        double p = Math.pow(10, Math.floor(Math.log10(x)));
        double m = x / p;
        return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
    }

    /**
     * Draws the spikes of {@code source} that fall in {@code window}; reading stops after the window.
     *
     * @param summary the summary of the same recording (units, counts, file name)
     */
    public static Raster render(SpikeSource source, SpikeRecordingSummary summary, Window window) throws IOException {
        List<SpikeUnit> units = summary.units();
        int n = units.size();
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = n == 0 ? MIN_PLOT_HEIGHT : Math.max(MIN_PLOT_HEIGHT, Math.min(MAX_PLOT_HEIGHT, n * MAX_ROW));
        BufferedImage img = new BufferedImage(WIDTH, TOP + plotH + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            double rowPx = n == 0 ? plotH : (double) plotH / n;
            if (rowPx >= 3) {
                g.setColor(BAND);
                for (int u = 1; u < n; u += 2) {
                    g.fillRect(LEFT, rowTop(u, plotH, n), plotW, rowTop(u + 1, plotH, n) - rowTop(u, plotH, n));
                }
            }
            xTicks(g, window, plotW, plotH, true);
            long drawn = drawSpikes(source, img, window, plotW, plotH, n, rowPx);
            drawAxes(g, summary, window, plotW, plotH, rowPx, drawn);
            return new Raster(img, window, drawn);
        } catch (SpikeFileException e) {
            throw SpikeFormats.withByteOffset(e);
        } finally {
            g.dispose();
        }
    }

    private static int rowTop(int u, int plotH, int n) {
        return TOP + (int) ((long) u * plotH / n);
    }

    private static long drawSpikes(SpikeSource source, BufferedImage img, Window w, int plotW, int plotH, int n,
                                   double rowPx) throws IOException {
        int gap = rowPx >= 5 ? 1 : 0;
        double span = w.endMicros() - w.startMicros();
        long drawn = 0;
        while (source.next()) {
            long t = source.timeMicros();
            if (t > w.endMicros()) {
                break;
            }
            if (t < w.startMicros()) {
                continue;
            }
            int u = source.unitIndex();
            int x = LEFT + (int) Math.min(plotW - 1, Math.floor((t - w.startMicros()) * (plotW - 1) / span));
            int y0 = rowTop(u, plotH, n) + gap;
            int y1 = Math.max(y0 + 1, rowTop(u + 1, plotH, n) - gap);
            for (int y = y0; y < y1; y++) {
                img.setRGB(x, y, 0x000000);
            }
            drawn++;
        }
        return drawn;
    }

    /** Grid lines (under the spikes) or tick marks and labels (over them). */
    private static void xTicks(Graphics2D g, Window w, int plotW, int plotH, boolean grid) {
        double start = w.startMicros() / 1e6;
        double end = w.endMicros() / 1e6;
        double step = niceFloor((end - start) / 6);
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        FontMetrics fm = g.getFontMetrics();
        for (double v = Math.ceil(start / step - 1e-9) * step; v <= end + step * 1e-9; v += step) {
            int x = LEFT + (int) Math.round((v - start) / (end - start) * (plotW - 1));
            if (grid) {
                g.setColor(GRID);
                g.drawLine(x, TOP, x, TOP + plotH - 1);
            } else {
                g.setColor(Color.BLACK);
                g.drawLine(x, TOP + plotH, x, TOP + plotH + 5);
                String label = String.format(Locale.ROOT, "%." + decimals + "f", v);
                g.drawString(label, x - fm.stringWidth(label) / 2, TOP + plotH + 7 + fm.getAscent());
            }
        }
    }

    private static void drawAxes(Graphics2D g, SpikeRecordingSummary s, Window w, int plotW, int plotH, double rowPx,
                                 long drawn) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(LEFT - 1, TOP - 1, plotW + 1, plotH + 1);
        xTicks(g, w, plotW, plotH, false);
        FontMetrics fm = g.getFontMetrics();
        String xTitle = "time (s, recording clock)";
        g.drawString(xTitle, LEFT + (plotW - fm.stringWidth(xTitle)) / 2, TOP + plotH + BOTTOM - 8);

        List<SpikeUnit> units = s.units();
        int n = units.size();
        int every = n == 0 ? 1 : Math.max(1, (int) Math.ceil((fm.getHeight() + 2) / rowPx));
        for (int u = 0; u < n; u += every) {
            int yc = (rowTop(u, plotH, n) + rowTop(u + 1, plotH, n)) / 2;
            String label = Long.toString(units.get(u).id());
            g.drawLine(LEFT - 5, yc, LEFT - 1, yc);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), yc + fm.getAscent() / 2 - 1);
        }
        AffineTransform saved = g.getTransform();
        String yTitle = n > 0 && every > 1 ? "unit id (1 in " + every + " labelled)" : "unit id";
        g.rotate(-Math.PI / 2);
        g.drawString(yTitle, -(TOP + (plotH + fm.stringWidth(yTitle)) / 2), 16);
        g.setTransform(saved);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        String name = s.path().getFileName() == null ? s.path().toString() : s.path().getFileName().toString();
        g.drawString(name + "  -  spike raster, " + String.format(Locale.ROOT, "%,d units", n), LEFT, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String sub = w.describe(s) + String.format(Locale.ROOT, ": %,d of %,d spikes", drawn, s.spikes())
                + (rowPx < 1 ? String.format(Locale.ROOT, "; %,d units on %d px, rows shared", n, plotH) : "");
        g.drawString(sub, LEFT, 40);
    }
}
