package io.neurostream.apps.common;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Line charts as PNG: one or more panels stacked over a shared x axis, each with its own y axis,
 * unit, title and legend (soak runs: heap, lag, latency, rate over wall time). NaN values leave gaps.
 */
public final class LineChart {
    private static final int WIDTH = 1000;
    private static final int PANEL_HEIGHT = 200;
    private static final int LEFT = 80;
    private static final int RIGHT = 24;
    private static final int TITLE = 62;
    private static final int PANEL_GAP = 46;
    private static final int BOTTOM = 50;
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189)};

    private LineChart() {}

    /** One line: its name in the legend and one y value per x. */
    public record Series(String name, double[] y, double[] ownX, boolean points) {
        public Series(String name, double[] y) {
            this(name, y, null, false);
        }

        /** A scatter of points at its own x values (e.g. latency against throughput), joined by a thin line. */
        public static Series points(String name, double[] x, double[] y) {
            return new Series(name, y, x, true);
        }
    }

    /** One panel: a title, the unit of its y axis, and its lines; optionally a dashed limit line (NaN for none). */
    public record Panel(String title, String yUnit, List<Series> series, double limit, String limitName) {
        public Panel(String title, String yUnit, List<Series> series) {
            this(title, yUnit, series, Double.NaN, null);
        }
    }

    /** Writes the panels over {@code x} (ascending) to {@code png}. */
    public static void write(String title, double[] x, String xLabel, List<Panel> panels, Path png) throws IOException {
        int height = TITLE + panels.size() * (PANEL_HEIGHT + PANEL_GAP) + BOTTOM - PANEL_GAP;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 24);
        double x0 = x.length == 0 ? 0 : x[0];
        double x1 = x.length == 0 ? 1 : Math.max(x0 + 1e-9, x[x.length - 1]);
        int top = TITLE;
        for (Panel panel : panels) {
            drawPanel(g, panel, x, x0, x1, top);
            top += PANEL_HEIGHT + PANEL_GAP;
        }
        int bottom = top - PANEL_GAP;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        double step = niceStep((x1 - x0) / 10);
        for (double t = Math.ceil(x0 / step) * step; t <= x1 + step * 1e-6; t += step) {
            int px = xOf(t, x0, x1);
            g.drawLine(px, bottom, px, bottom + 5);
            String label = format(t, step);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, bottom + 19);
        }
        g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, bottom + 38);
        g.dispose();
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void drawPanel(Graphics2D g, Panel panel, double[] x, double x0, double x1, int top) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : panel.series()) {
            for (double v : s.y()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (Double.isFinite(panel.limit())) {
            lo = Math.min(lo, panel.limit());
            hi = Math.max(hi, panel.limit());
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        lo = Math.min(0, lo); // quantities here are sizes and rates: zero-based axes do not exaggerate drift
        double step = niceStep(Math.max(hi - lo, 1e-9) / 5);
        hi = Math.ceil(hi / step) * step;
        if (hi <= lo) {
            hi = lo + step;
        }
        int bottom = top + PANEL_HEIGHT;
        int right = WIDTH - RIGHT;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), LEFT, top - 6);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double v = lo; v <= hi + step * 1e-6; v += step) {
            int py = yOf(v, lo, hi, top);
            g.setColor(new Color(232, 232, 232));
            g.drawLine(LEFT, py, right, py);
            g.setColor(Color.DARK_GRAY);
            String label = format(v, step);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
        }
        g.drawString(panel.yUnit(), 6, top + 12);
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, top, right - LEFT, PANEL_HEIGHT);
        if (Double.isFinite(panel.limit())) {
            int py = yOf(panel.limit(), lo, hi, top);
            g.setColor(new Color(214, 39, 40));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(LEFT, py, right, py);
            g.drawString(panel.limitName(), LEFT + 6, py - 4);
        }
        int legendX = right - 10;
        for (int i = panel.series().size() - 1; i >= 0; i--) {
            Series s = panel.series().get(i);
            Color color = PALETTE[i % PALETTE.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            Path2D.Double line = new Path2D.Double();
            boolean pen = false;
            double[] xs = s.ownX() != null ? s.ownX() : x;
            for (int k = 0; k < Math.min(xs.length, s.y().length); k++) {
                if (!Double.isFinite(s.y()[k]) || !Double.isFinite(xs[k])) {
                    pen = false;
                    continue;
                }
                double px = xOf(xs[k], x0, x1);
                double py = yOf(s.y()[k], lo, hi, top);
                if (s.points()) {
                    g.fill(new java.awt.geom.Ellipse2D.Double(px - 4, py - 4, 8, 8));
                }
                if (pen) {
                    line.lineTo(px, py);
                } else {
                    line.moveTo(px, py);
                    pen = true;
                }
            }
            g.draw(line);
            int w = g.getFontMetrics().stringWidth(s.name());
            legendX -= w;
            g.drawString(s.name(), legendX, top + 16);
            g.fillRect(legendX - 16, top + 9, 12, 4);
            legendX -= 30;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static int xOf(double v, double x0, double x1) {
        return LEFT + (int) Math.round((v - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT));
    }

    private static int yOf(double v, double lo, double hi, int top) {
        return top + PANEL_HEIGHT - (int) Math.round((v - lo) / (hi - lo) * PANEL_HEIGHT);
    }

    private static String format(double v, double step) {
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (Math.abs(v) >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, step < 1 ? "%.1f" : "%.0f", v);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
