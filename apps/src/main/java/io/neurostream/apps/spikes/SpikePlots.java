package io.neurostream.apps.spikes;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** PNG pictures of spike data with Java2D: a raster (one row per unit) and rates over time. Its canvas, axes and
 * writer are shared with {@link AnalyticsPlots}. */
public final class SpikePlots {
    static final int WIDTH = 1200;
    static final int LEFT = 70;
    static final int RIGHT = 20;
    static final int TOP = 40;
    static final int BOTTOM = 45;

    private SpikePlots() {}

    /**
     * Raster of the spikes in {@code [fromMicros, toMicros)}: a tick per spike, a row per unit.
     *
     * @param times spike times (µs), first {@code count} used
     * @param units unit of each spike
     */
    public static void raster(long[] times, int[] units, int count, int unitCount, long fromMicros, long toMicros,
                              String title, Path png) throws IOException {
        int rowPx = Math.max(3, Math.min(40, 600 / unitCount));
        int height = TOP + BOTTOM + rowPx * unitCount;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title);
        double span = Math.max(1, toMicros - fromMicros);
        int plotWidth = WIDTH - LEFT - RIGHT;
        g.setColor(Color.BLACK);
        for (int i = 0; i < count; i++) {
            if (times[i] < fromMicros || times[i] >= toMicros) {
                continue;
            }
            int x = LEFT + (int) ((times[i] - fromMicros) / span * plotWidth);
            int y = TOP + units[i] * rowPx;
            g.drawLine(x, y + 1, x, y + Math.max(1, rowPx - 2));
        }
        axes(g, fromMicros, toMicros, height, "unit", unitCount, rowPx);
        write(image, g, png);
    }

    /**
     * Rates over time: a heat map (a row per unit, darker = higher) for many units, one line per
     * unit for up to 8.
     *
     * @param ratesHz bins x units, row-major
     * @param binStartsMicros start of each bin
     */
    public static void rates(double[] ratesHz, long[] binStartsMicros, int bins, int unitCount, String title,
                             Path png) throws IOException {
        double max = 1e-9;
        for (int i = 0; i < bins * unitCount; i++) {
            max = Math.max(max, ratesHz[i]);
        }
        long from = bins == 0 ? 0 : binStartsMicros[0];
        long to = bins == 0 ? 1 : binStartsMicros[bins - 1] + 1;
        int plotWidth = WIDTH - LEFT - RIGHT;
        double span = Math.max(1, to - from);
        if (unitCount <= 8) {
            int height = TOP + BOTTOM + 360;
            BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = canvas(image, title);
            Color[] palette = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
                new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
                new Color(127, 127, 127)};
            g.setStroke(new BasicStroke(1f));
            for (int u = 0; u < unitCount; u++) {
                g.setColor(palette[u % palette.length]);
                int px = -1;
                int py = -1;
                for (int b = 0; b < bins; b++) {
                    int x = LEFT + (int) ((binStartsMicros[b] - from) / span * plotWidth);
                    int y = TOP + 360 - (int) (ratesHz[b * unitCount + u] / max * 350);
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    }
                    px = x;
                    py = y;
                }
                g.drawString("unit " + u, WIDTH - RIGHT - 70, TOP + 15 + 15 * u);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f Hz", max), 5, TOP + 12);
            g.drawString("0 Hz", 5, TOP + 360);
            axes(g, from, to, height, null, 0, 0);
            write(image, g, png);
        } else {
            int rowPx = Math.max(3, Math.min(20, 600 / unitCount));
            int height = TOP + BOTTOM + rowPx * unitCount;
            BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = canvas(image, title + String.format(Locale.ROOT, "  (white 0 Hz .. black %.0f Hz)", max));
            for (int b = 0; b < bins; b++) {
                int x0 = LEFT + (int) ((binStartsMicros[b] - from) / span * plotWidth);
                int x1 = b + 1 < bins ? LEFT + (int) ((binStartsMicros[b + 1] - from) / span * plotWidth) : x0 + 1;
                for (int u = 0; u < unitCount; u++) {
                    int level = 255 - (int) Math.round(Math.sqrt(ratesHz[b * unitCount + u] / max) * 255);
                    g.setColor(new Color(level, level, level));
                    g.fillRect(x0, TOP + u * rowPx, Math.max(1, x1 - x0), rowPx);
                }
            }
            axes(g, from, to, height, "unit", unitCount, rowPx);
            write(image, g, png);
        }
    }

    /**
     * Latency per bin over recording time: a dot per bin on a log axis (0.5 .. 100 ms), with the
     * p50 and p99 of the measured part and a target line.
     *
     * @param binEndsMicros recording time at which each bin closed
     * @param latencyMs latency of each bin
     * @param measuredFromMicros bins before this are drawn grey (warm-up, calibration) and left out of the percentiles
     */
    public static void latency(long[] binEndsMicros, double[] latencyMs, int count, long measuredFromMicros,
                               double targetMs, String title, Path png) throws IOException {
        int plotHeight = 420;
        int height = TOP + BOTTOM + plotHeight;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title);
        long from = count == 0 ? 0 : binEndsMicros[0];
        long to = count == 0 ? 1 : Math.max(from + 1, binEndsMicros[count - 1]);
        int plotWidth = WIDTH - LEFT - RIGHT;
        double lo = Math.log10(0.5);
        double hi = Math.log10(100);
        java.util.function.DoubleToIntFunction yOf = ms -> TOP + plotHeight
                - (int) Math.round((Math.log10(Math.max(0.5, Math.min(100, ms))) - lo) / (hi - lo) * plotHeight);
        g.setColor(new Color(235, 235, 235));
        for (double ms : new double[] {0.5, 1, 2, 5, 10, 20, 50, 100}) {
            g.drawLine(LEFT, yOf.applyAsInt(ms), LEFT + plotWidth, yOf.applyAsInt(ms));
        }
        double[] measured = new double[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            boolean inMeasure = binEndsMicros[i] >= measuredFromMicros;
            if (inMeasure) {
                measured[n++] = latencyMs[i];
            }
            g.setColor(inMeasure ? new Color(31, 119, 180) : new Color(170, 170, 170));
            int x = LEFT + (int) ((binEndsMicros[i] - from) / (double) (to - from) * plotWidth);
            g.fillRect(x, yOf.applyAsInt(latencyMs[i]) - 1, 2, 2);
        }
        java.util.Arrays.sort(measured, 0, n);
        g.setStroke(new BasicStroke(1.5f));
        if (n > 0) {
            double p50 = measured[Math.min(n - 1, (int) (0.50 * n))];
            double p99 = measured[Math.min(n - 1, (int) (0.99 * n))];
            g.setColor(new Color(44, 160, 44));
            g.drawLine(LEFT, yOf.applyAsInt(p50), LEFT + plotWidth, yOf.applyAsInt(p50));
            g.drawString(String.format(Locale.ROOT, "p50 %.2f ms", p50), LEFT + plotWidth - 110, yOf.applyAsInt(p50) - 4);
            g.setColor(new Color(255, 127, 14));
            g.drawLine(LEFT, yOf.applyAsInt(p99), LEFT + plotWidth, yOf.applyAsInt(p99));
            g.drawString(String.format(Locale.ROOT, "p99 %.2f ms", p99), LEFT + plotWidth - 110, yOf.applyAsInt(p99) - 4);
        }
        if (targetMs > 0) {
            g.setColor(new Color(214, 39, 40));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(LEFT, yOf.applyAsInt(targetMs), LEFT + plotWidth, yOf.applyAsInt(targetMs));
            g.drawString(String.format(Locale.ROOT, "target %.0f ms", targetMs), LEFT + 5, yOf.applyAsInt(targetMs) - 4);
        }
        g.setColor(Color.DARK_GRAY);
        for (double ms : new double[] {0.5, 1, 2, 5, 10, 20, 50, 100}) {
            g.drawString(ms < 1 ? "<=0.5" : String.format(Locale.ROOT, "%.0f", ms), LEFT - 30, yOf.applyAsInt(ms) + 4);
        }
        g.drawString("ms", 5, TOP + 12);
        axes(g, from, to, height, null, 0, 0);
        write(image, g, png);
    }

    static Graphics2D canvas(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return g;
    }

    static void axes(Graphics2D g, long fromMicros, long toMicros, int height, String rowLabel, int rows,
                             int rowPx) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int bottom = height - BOTTOM;
        g.setColor(Color.DARK_GRAY);
        g.drawLine(LEFT, bottom + 2, LEFT + plotWidth, bottom + 2);
        double spanS = (toMicros - fromMicros) / 1e6;
        double step = niceStep(spanS / 8);
        double first = Math.ceil(fromMicros / 1e6 / step) * step;
        for (double t = first; t <= toMicros / 1e6; t += step) {
            int x = LEFT + (int) ((t * 1e6 - fromMicros) / (toMicros - fromMicros) * plotWidth);
            g.drawLine(x, bottom + 2, x, bottom + 6);
            g.drawString(String.format(Locale.ROOT, step < 1 ? "%.1f" : "%.0f", t), x - 10, bottom + 18);
        }
        g.drawString("recording time (s)", LEFT + plotWidth / 2 - 50, bottom + 36);
        if (rowLabel != null) {
            int every = Math.max(1, rows / 10);
            for (int r = 0; r < rows; r += every) {
                g.drawString(Integer.toString(r), LEFT - 30, TOP + r * rowPx + Math.min(rowPx, 11));
            }
            g.drawString(rowLabel, 5, TOP + 12);
        }
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static void write(BufferedImage image, Graphics2D g, Path png) throws IOException {
        g.dispose();
        if (png.getParent() != null) {
            java.nio.file.Files.createDirectories(png.getParent());
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
