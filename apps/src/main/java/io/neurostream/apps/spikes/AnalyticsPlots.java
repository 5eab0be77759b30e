package io.neurostream.apps.spikes;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * PNG pictures of spike-analytics' output, drawn like {@link SpikePlots}: a raster with the decoded
 * brain state as background colour, the directed connectivity graph, and rate / ISI panels.
 */
public final class AnalyticsPlots {
    // Java2D canvas, axes and writer of these custom pictures (state strips, a circular graph);
    // line and point charts elsewhere use the plotting layer (Figure).
    private static final int WIDTH = 1200;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 45;

    /** Background colours of states 0, 1, 2, ... (pastel, so the spikes stay readable). */
    static final Color[] STATE_COLORS = {new Color(198, 219, 239), new Color(253, 208, 162), new Color(199, 233, 192),
        new Color(218, 218, 235), new Color(252, 187, 161), new Color(217, 217, 217), new Color(255, 237, 160),
        new Color(204, 235, 197)};

    private AnalyticsPlots() {}

    /** A directed edge to draw; {@code kind}: 0 found (no truth), 1 found and planted, 2 found not planted, 3 planted but missed. */
    public record Edge(int pre, int post, int kind) {}

    /**
     * Raster of the spikes in {@code [fromMicros, toMicros)} over the decoded state of each bin
     * (background), with the true state (if known) as a strip above.
     *
     * @param binStartsMicros start of each state bin; {@code states[i]} its decoded state
     * @param trueStates the true state of each bin, or null
     */
    public static void rasterWithStates(long[] times, int[] units, int count, int unitCount, long fromMicros,
                                        long toMicros, long[] binStartsMicros, long binMicros, int[] states,
                                        int[] trueStates, String title, Path png) throws IOException {
        int rowPx = Math.max(3, Math.min(40, 600 / unitCount));
        int strip = trueStates == null ? 0 : 14;
        int top = TOP + strip;
        int height = top + BOTTOM + rowPx * unitCount;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title);
        int plotWidth = WIDTH - LEFT - RIGHT;
        double span = Math.max(1, toMicros - fromMicros);
        for (int b = 0; b < binStartsMicros.length; b++) {
            long s = binStartsMicros[b];
            if (s + binMicros <= fromMicros || s >= toMicros) {
                continue;
            }
            int x0 = LEFT + (int) ((Math.max(s, fromMicros) - fromMicros) / span * plotWidth);
            int x1 = LEFT + (int) ((Math.min(s + binMicros, toMicros) - fromMicros) / span * plotWidth);
            g.setColor(STATE_COLORS[states[b] % STATE_COLORS.length]);
            g.fillRect(x0, top, Math.max(1, x1 - x0), rowPx * unitCount);
            if (trueStates != null) {
                g.setColor(STATE_COLORS[trueStates[b] % STATE_COLORS.length].darker());
                g.fillRect(x0, TOP, Math.max(1, x1 - x0), strip - 3);
            }
        }
        g.setColor(Color.BLACK);
        for (int i = 0; i < count; i++) {
            if (times[i] < fromMicros || times[i] >= toMicros) {
                continue;
            }
            int x = LEFT + (int) ((times[i] - fromMicros) / span * plotWidth);
            int y = top + units[i] * rowPx;
            g.drawLine(x, y + 1, x, y + Math.max(1, rowPx - 2));
        }
        if (trueStates != null) {
            g.setColor(Color.DARK_GRAY);
            g.drawString("true", 5, TOP + 10);
        }
        // the axes draw row labels from TOP: shift them by the strip
        Graphics2D shifted = (Graphics2D) g.create();
        shifted.translate(0, strip);
        axes(shifted, fromMicros, toMicros, height - strip, "unit", unitCount, rowPx);
        shifted.dispose();
        write(image, g, png);
    }

    /** The directed graph on a circle of all units: green planted and found, red found only, grey dashed missed, blue (no truth) found. */
    public static void connectivity(int unitCount, List<Edge> edges, String title, Path png) throws IOException {
        int size = 900;
        BufferedImage image = new BufferedImage(WIDTH, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title);
        double cx = WIDTH / 2.0;
        double cy = size / 2.0 + 15;
        double radius = size / 2.0 - 90;
        double[] x = new double[unitCount];
        double[] y = new double[unitCount];
        for (int u = 0; u < unitCount; u++) {
            double angle = 2 * Math.PI * u / unitCount - Math.PI / 2;
            x[u] = cx + radius * Math.cos(angle);
            y[u] = cy + radius * Math.sin(angle);
        }
        Color[] kinds = {new Color(31, 119, 180), new Color(44, 160, 44), new Color(214, 39, 40), new Color(150, 150, 150)};
        for (Edge e : edges) {
            g.setColor(kinds[e.kind()]);
            g.setStroke(e.kind() == 3 ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 5f}, 0f) : new BasicStroke(2.5f));
            arrow(g, x[e.pre()], y[e.pre()], x[e.post()], y[e.post()]);
        }
        g.setStroke(new BasicStroke(1f));
        int dot = unitCount > 200 ? 3 : 6;
        boolean[] inEdge = new boolean[unitCount];
        for (Edge e : edges) {
            inEdge[e.pre()] = true;
            inEdge[e.post()] = true;
        }
        for (int u = 0; u < unitCount; u++) {
            g.setColor(inEdge[u] ? Color.BLACK : Color.LIGHT_GRAY);
            g.fillOval((int) x[u] - dot / 2, (int) y[u] - dot / 2, dot, dot);
            if (inEdge[u] || unitCount <= 64) {
                double angle = Math.atan2(y[u] - cy, x[u] - cx);
                g.drawString(Integer.toString(u), (int) (x[u] + 16 * Math.cos(angle)) - 6,
                        (int) (y[u] + 16 * Math.sin(angle)) + 4);
            }
        }
        String[] legend = {"found (no truth)", "planted, found", "found, not planted", "planted, missed"};
        int row = 0;
        for (int k = 0; k < 4; k++) {
            final int kind = k;
            if (edges.stream().anyMatch(e -> e.kind() == kind)) {
                g.setColor(kinds[k]);
                g.fillRect(LEFT, 60 + 18 * row, 20, 4);
                g.setColor(Color.BLACK);
                g.drawString(legend[k], LEFT + 28, 66 + 18 * row);
                row++;
            }
        }
        write(image, g, png);
    }

    private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1) {
        double angle = Math.atan2(y1 - y0, x1 - x0);
        double shorten = 9;
        double ex = x1 - shorten * Math.cos(angle);
        double ey = y1 - shorten * Math.sin(angle);
        g.drawLine((int) x0, (int) y0, (int) ex, (int) ey);
        Path2D head = new Path2D.Double();
        head.moveTo(0, 0);
        head.lineTo(-12, -5);
        head.lineTo(-12, 5);
        head.closePath();
        AffineTransform at = AffineTransform.getTranslateInstance(ex, ey);
        at.rotate(angle);
        g.fill(at.createTransformedShape(head));
    }

    /**
     * Three panels: the population rate per statistics window over time (decoded state as
     * background); each unit's rate in the last window, coloured by its quality flag; the
     * population's ISI histogram of the last window on log-spaced bins.
     *
     * @param windowEndsMicros end of each statistics window; {@code populationRateHz} its rate
     * @param unitRatesHz rates of the last window; {@code quality} 0 good, 1 low rate, 2 contaminated
     * @param isiEdgesMicros histogram bin edges; {@code isiCounts} the counts summed over units
     */
    public static void statsPanels(long[] windowEndsMicros, double[] populationRateHz, long[] binStartsMicros,
                                   long binMicros, int[] states, double[] unitRatesHz, int[] quality,
                                   long[] isiEdgesMicros, long[] isiCounts, String title, Path png) throws IOException {
        int height = 980;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title);
        int left = LEFT;
        int plotWidth = WIDTH - left - RIGHT;
        // panel 1: population rate over time
        int p1Top = 60;
        int p1Height = 240;
        long from = windowEndsMicros.length == 0 ? 0 : Math.min(windowEndsMicros[0], binStartsMicros.length == 0
                ? windowEndsMicros[0] : binStartsMicros[0]);
        long to = windowEndsMicros.length == 0 ? 1 : windowEndsMicros[windowEndsMicros.length - 1];
        double span = Math.max(1, to - from);
        for (int b = 0; b < binStartsMicros.length; b++) {
            int x0 = left + (int) ((binStartsMicros[b] - from) / span * plotWidth);
            int x1 = left + (int) ((binStartsMicros[b] + binMicros - from) / span * plotWidth);
            if (x0 >= left + plotWidth) {
                continue;
            }
            g.setColor(STATE_COLORS[states[b] % STATE_COLORS.length]);
            g.fillRect(x0, p1Top, Math.max(1, Math.min(x1, left + plotWidth) - x0), p1Height);
        }
        double max = 1e-9;
        for (double r : populationRateHz) {
            max = Math.max(max, r);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        for (int i = 1; i < windowEndsMicros.length; i++) {
            g.drawLine(left + (int) ((windowEndsMicros[i - 1] - from) / span * plotWidth),
                    p1Top + p1Height - (int) (populationRateHz[i - 1] / max * (p1Height - 10)),
                    left + (int) ((windowEndsMicros[i] - from) / span * plotWidth),
                    p1Top + p1Height - (int) (populationRateHz[i] / max * (p1Height - 10)));
        }
        g.setStroke(new BasicStroke(1f));
        g.drawString(String.format(Locale.ROOT, "%.0f Hz", max), 5, p1Top + 12);
        g.drawString("0", 5, p1Top + p1Height);
        g.drawString("population rate per statistics window (background: decoded state per bin); time axis in s: "
                + String.format(Locale.ROOT, "%.0f .. %.0f", from / 1e6, to / 1e6), left, p1Top + p1Height + 16);
        // panel 2: unit rates coloured by quality
        int p2Top = p1Top + p1Height + 60;
        int p2Height = 250;
        int n = unitRatesHz.length;
        double maxRate = 1e-9;
        for (double r : unitRatesHz) {
            maxRate = Math.max(maxRate, r);
        }
        Color[] qualityColors = {new Color(44, 160, 44), new Color(150, 150, 150), new Color(214, 39, 40)};
        double barWidth = (double) plotWidth / Math.max(1, n);
        for (int u = 0; u < n; u++) {
            int h = (int) (unitRatesHz[u] / maxRate * (p2Height - 10));
            g.setColor(qualityColors[quality[u]]);
            g.fillRect(left + (int) (u * barWidth), p2Top + p2Height - h, Math.max(1, (int) barWidth - 1), h);
        }
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%.0f Hz", maxRate), 5, p2Top + 12);
        g.drawString("0", 5, p2Top + p2Height);
        g.drawString("rate per unit in the last window (unit 0 .. " + (n - 1)
                + "); green GOOD, grey LOW_RATE, red CONTAMINATED", left, p2Top + p2Height + 16);
        // panel 3: ISI histogram (log bins)
        int p3Top = p2Top + p2Height + 60;
        int p3Height = 250;
        int bins = isiCounts.length;
        long maxCount = 1;
        for (long c : isiCounts) {
            maxCount = Math.max(maxCount, c);
        }
        double binPx = (double) plotWidth / Math.max(1, bins);
        for (int b = 0; b < bins; b++) {
            int h = (int) ((double) isiCounts[b] / maxCount * (p3Height - 10));
            g.setColor(new Color(31, 119, 180));
            g.fillRect(left + (int) (b * binPx), p3Top + p3Height - h, Math.max(1, (int) binPx - 2), h);
            g.setColor(Color.DARK_GRAY);
            if (b % 2 == 0) {
                g.drawString(String.format(Locale.ROOT, isiEdgesMicros[b] < 10_000 ? "%.1f" : "%.0f",
                        isiEdgesMicros[b] / 1000.0), left + (int) (b * binPx), p3Top + p3Height + 14);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString(Long.toString(maxCount), 5, p3Top + 12);
        g.drawString("inter-spike intervals of all units in the last window, log-spaced bins (lower edge, ms)", left,
                p3Top + p3Height + 32);
        write(image, g, png);
    }

    private static Graphics2D canvas(BufferedImage image, String title) {
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

    private static void axes(Graphics2D g, long fromMicros, long toMicros, int height, String rowLabel, int rows,
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

    private static void write(BufferedImage image, Graphics2D g, Path png) throws IOException {
        g.dispose();
        if (png.getParent() != null) {
            java.nio.file.Files.createDirectories(png.getParent());
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
