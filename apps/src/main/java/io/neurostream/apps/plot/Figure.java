package io.neurostream.apps.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The one plotting layer of the PNGs our runs write (Java2D, no dependency): a titled figure with
 * an x and a y axis (labels carry units; linear or log y), nice ticks, a light grid, a legend, and
 * marks drawn in data coordinates: lines, points, ticks (rasters), horizontal rules and cell maps
 * (heat maps, confusion matrices) with a colour bar. Build, add marks, {@link #write(Path)}.
 *
 * <pre>{@code
 * Figure f = new Figure("Latency per bin", 1200, 480).x("recording time (s)", 0, 60).yLog("latency (ms)", 0.5, 100);
 * f.points(times, latencies, n, Figure.BLUE, "bin").rule(5, Figure.RED, "target 5 ms", true);
 * f.write(Path.of("latency.png"));
 * }</pre>
 */
public final class Figure {
    public static final Color BLUE = new Color(47, 111, 222);
    public static final Color ORANGE = new Color(224, 128, 58);
    public static final Color GREEN = new Color(31, 157, 85);
    public static final Color RED = new Color(199, 54, 54);
    public static final Color PURPLE = new Color(138, 92, 209);
    public static final Color GREY = new Color(160, 168, 176);
    public static final Color INK = new Color(29, 39, 51);
    /** Colours of successive series. */
    public static final Color[] PALETTE = {BLUE, ORANGE, GREEN, RED, PURPLE, new Color(15, 159, 181),
        new Color(140, 86, 75), new Color(127, 127, 127)};
    private static final Color GRID = new Color(234, 238, 242);
    private static final Color AXIS = new Color(120, 130, 140);
    private static final int LEFT = 76;
    private static final int RIGHT_PLAIN = 24;
    private static final int RIGHT_COLOR_BAR = 96;
    private static final int TOP = 46;
    private static final int BOTTOM = 52;

    private final BufferedImage image;
    private final Graphics2D g;
    private final String title;
    private final List<Object[]> legend = new ArrayList<>();
    private String xLabel = "";
    private String yLabel = "";
    private double x0 = 0;
    private double x1 = 1;
    private double y0 = 0;
    private double y1 = 1;
    private boolean yLog;
    private String[] xCategories;
    private String[] yCategories;
    private String colorBar;
    private double colorMin;
    private double colorMax;
    private Color[] colorRamp;
    private String caption;

    public Figure(String title, int width, int height) {
        this.title = title;
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    /** Linear x axis over {@code [from, to]}; {@code label} names the quantity and its unit. */
    public Figure x(String label, double from, double to) {
        xLabel = label;
        x0 = from;
        x1 = to > from ? to : from + 1;
        xCategories = null;
        return this;
    }

    /** Linear y axis over {@code [from, to]}. */
    public Figure y(String label, double from, double to) {
        yLabel = label;
        y0 = from;
        y1 = to > from ? to : from + 1;
        yLog = false;
        yCategories = null;
        return this;
    }

    /** Logarithmic y axis over {@code [from, to]}, both > 0. */
    public Figure yLog(String label, double from, double to) {
        y(label, Math.log10(from), Math.log10(to));
        yLog = true;
        return this;
    }

    /** Category axes (cell maps): columns on x, rows on y from the top. */
    public Figure categories(String xLabel, String[] columns, String yLabel, String[] rows) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        xCategories = columns;
        yCategories = rows;
        x0 = 0;
        x1 = columns.length;
        y0 = 0;
        y1 = rows.length;
        yLog = false;
        return this;
    }

    /** A line of text under the plot (what was measured, how). */
    public Figure caption(String text) {
        caption = text;
        return this;
    }

    private int right() {
        return colorBar != null ? RIGHT_COLOR_BAR : RIGHT_PLAIN;
    }

    private int bottom() {
        return image.getHeight() - BOTTOM - 18; // room for a caption, given or not
    }

    private double px(double x) {
        return LEFT + (x - x0) / (x1 - x0) * (image.getWidth() - LEFT - right());
    }

    private double py(double y) {
        double v = yLog ? Math.log10(Math.max(y, Math.pow(10, y0))) : y;
        return bottom() - (v - y0) / (y1 - y0) * (bottom() - TOP);
    }

    /** A polyline through the first {@code n} points; NaN values break it. */
    public Figure line(double[] xs, double[] ys, int n, Color color, String name) {
        g.setColor(color);
        g.setStroke(new BasicStroke(1.6f));
        double lastX = Double.NaN;
        double lastY = Double.NaN;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(ys[i])) {
                lastX = Double.NaN;
                continue;
            }
            double x = px(xs[i]);
            double y = py(ys[i]);
            if (!Double.isNaN(lastX)) {
                g.drawLine((int) lastX, (int) lastY, (int) x, (int) y);
            }
            lastX = x;
            lastY = y;
        }
        return named(color, name, false);
    }

    /** A dot per point. */
    public Figure points(double[] xs, double[] ys, int n, Color color, String name) {
        g.setColor(color);
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(ys[i])) {
                g.fillRect((int) px(xs[i]) - 1, (int) py(ys[i]) - 1, 2, 2);
            }
        }
        return named(color, name, false);
    }

    /** A vertical tick per event in row {@code rows[i]} (a raster: row r spans y in [r, r + 1)). */
    public Figure ticks(double[] xs, int[] rows, int n, Color color, String name) {
        g.setColor(color);
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i < n; i++) {
            double x = px(xs[i]);
            if (x < LEFT || x > image.getWidth() - right()) {
                continue;
            }
            int top = (int) py(rows[i] + 0.9);
            int bottom = (int) py(rows[i] + 0.1);
            g.drawLine((int) x, top, (int) x, Math.max(top, bottom));
        }
        return named(color, name, false);
    }

    /** A horizontal rule at {@code y}, labelled in the legend. */
    public Figure rule(double y, Color color, String name, boolean dashed) {
        g.setColor(color);
        g.setStroke(stroke(dashed));
        g.drawLine(LEFT, (int) py(y), image.getWidth() - right(), (int) py(y));
        return named(color, name, dashed);
    }

    /**
     * Fills cell (column c, row r) with a colour of {@code ramp} for {@code values[r][c]} in
     * {@code [min, max]}; a colour bar names the values. {@code labels} writes the value in each non-zero cell.
     */
    public Figure cells(double[][] values, double min, double max, Color[] ramp, String valueLabel, boolean labels) {
        colorBar = valueLabel;
        colorMin = min;
        colorMax = max > min ? max : min + 1;
        colorRamp = ramp;
        for (int r = 0; r < values.length; r++) {
            for (int c = 0; c < values[r].length; c++) {
                int left = (int) px(c);
                int width = (int) Math.ceil(px(c + 1) - left);
                int top = (int) py(yCategories != null ? values.length - r : r + 1);
                int height = (int) Math.ceil(py(yCategories != null ? values.length - r - 1 : r) - top);
                g.setColor(colorOf(values[r][c]));
                g.fillRect(left, top, Math.max(1, width), Math.max(1, height));
                if (labels && values[r][c] != 0) {
                    String text = values[r][c] == Math.rint(values[r][c]) ? Long.toString((long) values[r][c])
                            : String.format(Locale.ROOT, "%.2f", values[r][c]);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                    double level = (values[r][c] - colorMin) / (colorMax - colorMin);
                    g.setColor(level > 0.6 ? Color.WHITE : INK);
                    FontMetrics fm = g.getFontMetrics();
                    g.drawString(text, left + (width - fm.stringWidth(text)) / 2, top + (height + fm.getAscent()) / 2 - 2);
                }
            }
        }
        return this;
    }

    /** Ramps for {@link #cells}: white to blue, and a diverging red - white - blue. */
    public static Color[] whiteToBlue() {
        return new Color[] {Color.WHITE, new Color(169, 200, 245), BLUE, new Color(22, 52, 120)};
    }

    private Color colorOf(double value) {
        double t = Math.max(0, Math.min(1, (value - colorMin) / (colorMax - colorMin)));
        double pos = t * (colorRamp.length - 1);
        int i = Math.min(colorRamp.length - 2, (int) pos);
        double f = pos - i;
        Color a = colorRamp[i];
        Color b = colorRamp[i + 1];
        return new Color((int) (a.getRed() + f * (b.getRed() - a.getRed())),
                (int) (a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) (a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    private static Stroke stroke(boolean dashed) {
        return dashed ? new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0)
                : new BasicStroke(1.6f);
    }

    private Figure named(Color color, String name, boolean dashed) {
        if (name != null && !name.isEmpty()) {
            legend.add(new Object[] {color, name, dashed});
        }
        return this;
    }

    /** Draws axes, title, legend and colour bar over the marks, and writes the PNG (creating its folder). */
    public void write(Path png) throws IOException {
        writePng(render(), png);
    }

    /**
     * Several figures of the same width stacked top to bottom into one PNG (panels over a shared
     * x axis, e.g. a soak's memory, lag, latency and rate).
     */
    public static void writeStacked(List<Figure> panels, Path png) throws IOException {
        int width = 0;
        int height = 0;
        List<BufferedImage> images = new ArrayList<>();
        for (Figure f : panels) {
            BufferedImage image = f.render();
            images.add(image);
            width = Math.max(width, image.getWidth());
            height += image.getHeight();
        }
        BufferedImage stacked = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = stacked.createGraphics();
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, stacked.getWidth(), stacked.getHeight());
        int y = 0;
        for (BufferedImage image : images) {
            g2.drawImage(image, 0, y, null);
            y += image.getHeight();
        }
        g2.dispose();
        writePng(stacked, png);
    }

    private static void writePng(BufferedImage image, Path png) throws IOException {
        if (png.toAbsolutePath().getParent() != null) {
            Files.createDirectories(png.toAbsolutePath().getParent());
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /** Draws axes, title, legend and colour bar over the marks; the figure is finished after this. */
    private BufferedImage render() {
        int width = image.getWidth();
        int plotRight = width - right();
        int bottom = bottom();
        // frame and ticks drawn last, so marks never hide them; the grid goes under a translucent wash
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        if (xCategories == null) {
            double step = niceStep((x1 - x0) / 8);
            for (double t = Math.ceil(x0 / step) * step; t <= x1 + step * 1e-9; t += step) {
                int x = (int) px(t);
                g.setColor(AXIS);
                g.drawLine(x, bottom, x, bottom + 4);
                String label = number(t, step);
                g.setColor(INK);
                g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 17);
            }
        } else {
            for (int c = 0; c < xCategories.length; c++) {
                int x = (int) ((px(c) + px(c + 1)) / 2);
                g.setColor(INK);
                g.drawString(xCategories[c], x - fm.stringWidth(xCategories[c]) / 2, bottom + 17);
            }
        }
        if (yCategories == null) {
            double step = yLog ? 1 : niceStep((y1 - y0) / 6);
            List<Double> ticks = new ArrayList<>();
            if (yLog) {
                for (double d = Math.floor(y0); d <= y1 + 1e-9; d++) {
                    for (double m : new double[] {1, 2, 5}) {
                        double v = Math.log10(m) + d;
                        if (v >= y0 - 1e-9 && v <= y1 + 1e-9) {
                            ticks.add(v);
                        }
                    }
                }
            } else {
                for (double t = Math.ceil(y0 / step) * step; t <= y1 + step * 1e-9; t += step) {
                    ticks.add(t);
                }
            }
            for (double t : ticks) {
                int y = (int) (bottom - (t - y0) / (y1 - y0) * (bottom - TOP));
                g.setColor(AXIS);
                g.drawLine(LEFT - 4, y, LEFT, y);
                String label = yLog ? number(Math.pow(10, t), Math.pow(10, t) < 1 ? 0.1 : 1) : number(t, step);
                g.setColor(INK);
                g.drawString(label, LEFT - 7 - fm.stringWidth(label), y + 4);
            }
        } else {
            int every = Math.max(1, yCategories.length / 12);
            for (int r = 0; r < yCategories.length; r += every) {
                int y = (int) ((py(yCategories.length - r) + py(yCategories.length - r - 1)) / 2);
                g.setColor(INK);
                g.drawString(yCategories[r], LEFT - 7 - fm.stringWidth(yCategories[r]), y + 4);
            }
        }
        g.setColor(AXIS);
        g.drawLine(LEFT, bottom, plotRight, bottom);
        g.drawLine(LEFT, TOP, LEFT, bottom);
        // axis labels
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        g.drawString(xLabel, LEFT + (plotRight - LEFT - fm.stringWidth(xLabel)) / 2, bottom + 38);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + (bottom - TOP + fm.stringWidth(yLabel)) / 2), 18);
        g.setTransform(saved);
        // title
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 26);
        // legend, top right, one row
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        fm = g.getFontMetrics();
        int lx = plotRight;
        for (int i = legend.size() - 1; i >= 0; i--) {
            Object[] entry = legend.get(i);
            String name = (String) entry[1];
            lx -= fm.stringWidth(name) + 30;
            g.setColor((Color) entry[0]);
            g.setStroke(stroke((Boolean) entry[2]));
            g.drawLine(lx, 36, lx + 18, 36);
            g.setColor(INK);
            g.drawString(name, lx + 22, 40);
        }
        if (colorBar != null) {
            int barX = plotRight + 16;
            int barH = bottom - TOP;
            for (int i = 0; i < barH; i++) {
                g.setColor(colorOf(colorMax - (colorMax - colorMin) * i / barH));
                g.fillRect(barX, TOP + i, 14, 1);
            }
            g.setColor(AXIS);
            g.drawRect(barX, TOP, 14, barH);
            g.setColor(INK);
            g.drawString(number(colorMax, (colorMax - colorMin) / 10), barX + 18, TOP + 10);
            g.drawString(number(colorMin, (colorMax - colorMin) / 10), barX + 18, bottom);
            AffineTransform t = g.getTransform();
            g.rotate(Math.PI / 2);
            g.drawString(colorBar, TOP + (barH - fm.stringWidth(colorBar)) / 2, -(barX + 62));
            g.setTransform(t);
        }
        if (caption != null) {
            g.setColor(new Color(107, 119, 133));
            g.drawString(caption, LEFT, image.getHeight() - 10);
        }
        g.dispose();
        return image;
    }

    /** A grid under the marks: call before adding them. */
    public Figure grid() {
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1f));
        if (xCategories == null) {
            double step = niceStep((x1 - x0) / 8);
            for (double t = Math.ceil(x0 / step) * step; t <= x1; t += step) {
                g.drawLine((int) px(t), TOP, (int) px(t), bottom());
            }
        }
        if (yCategories == null && !yLog) {
            double step = niceStep((y1 - y0) / 6);
            for (double t = Math.ceil(y0 / step) * step; t <= y1; t += step) {
                int y = (int) (bottom() - (t - y0) / (y1 - y0) * (bottom() - TOP));
                g.drawLine(LEFT, y, image.getWidth() - right(), y);
            }
        } else if (yLog) {
            for (double d = Math.floor(y0); d <= y1; d++) {
                for (double m : new double[] {1, 2, 5}) {
                    double v = Math.log10(m) + d;
                    if (v >= y0 && v <= y1) {
                        int y = (int) (bottom() - (v - y0) / (y1 - y0) * (bottom() - TOP));
                        g.drawLine(LEFT, y, image.getWidth() - right(), y);
                    }
                }
            }
        }
        return this;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    public static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-12))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String number(double v, double step) {
        if (Math.abs(v) < step * 1e-6) {
            v = 0;
        }
        int decimals = step >= 1 ? 0 : (int) Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
