package io.neurostream.apps.spikes;

import io.neurostream.apps.plot.Figure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** PNG pictures of spike data, drawn with the plotting layer ({@link Figure}): raster, rates, latency. */
public final class SpikePlots {
    private static final int WIDTH = 1200;

    private SpikePlots() {}

    /**
     * Raster of the spikes in {@code [fromMicros, toMicros)}: a tick per spike, a row per unit.
     *
     * @param times spike times (µs), first {@code count} used
     * @param units unit of each spike
     */
    public static void raster(long[] times, int[] units, int count, int unitCount, long fromMicros, long toMicros,
                              String title, Path png) throws IOException {
        int rowPx = Math.max(3, Math.min(40, 600 / Math.max(1, unitCount)));
        double[] seconds = new double[count];
        int[] rows = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (times[i] >= fromMicros && times[i] < toMicros) {
                seconds[n] = times[i] / 1e6;
                rows[n++] = units[i];
            }
        }
        new Figure(title, WIDTH, 110 + rowPx * unitCount)
                .x("recording time (s)", fromMicros / 1e6, toMicros / 1e6).y("unit", 0, unitCount).grid()
                .ticks(seconds, rows, n, Figure.INK, null)
                .write(png);
    }

    /**
     * Rates over time: one line per unit for up to 8 units, else a heat map (a row per unit).
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
        double from = bins == 0 ? 0 : binStartsMicros[0] / 1e6;
        double to = bins == 0 ? 1 : binStartsMicros[bins - 1] / 1e6 + 1e-6;
        double[] seconds = new double[bins];
        for (int b = 0; b < bins; b++) {
            seconds[b] = binStartsMicros[b] / 1e6;
        }
        if (unitCount <= 8) {
            Figure figure = new Figure(title, WIDTH, 480).x("recording time (s)", from, to).y("rate (Hz)", 0, max * 1.05)
                    .grid();
            double[] unitRates = new double[bins];
            for (int u = 0; u < unitCount; u++) {
                for (int b = 0; b < bins; b++) {
                    unitRates[b] = ratesHz[b * unitCount + u];
                }
                figure.line(seconds, unitRates, bins, Figure.PALETTE[u % Figure.PALETTE.length], "unit " + u);
            }
            figure.write(png);
            return;
        }
        // a heat map: rows are units, columns are bins
        double[][] cells = new double[unitCount][bins];
        for (int b = 0; b < bins; b++) {
            for (int u = 0; u < unitCount; u++) {
                cells[u][b] = Math.sqrt(ratesHz[b * unitCount + u]); // sqrt: quiet units stay visible
            }
        }
        int rowPx = Math.max(3, Math.min(20, 600 / unitCount));
        new Figure(title, WIDTH, 110 + rowPx * unitCount).x("recording time (s)", from, to).y("unit", 0, unitCount)
                .cells(cells, 0, Math.sqrt(max), Figure.whiteToBlue(), "√(rate / Hz)", false)
                .caption(String.format(Locale.ROOT, "colour: square root of the rate, white 0 Hz, darkest %.0f Hz", max))
                .write(png);
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
        double from = count == 0 ? 0 : binEndsMicros[0] / 1e6;
        double to = count == 0 ? 1 : Math.max(from + 1e-6, binEndsMicros[count - 1] / 1e6);
        double[] warmX = new double[count];
        double[] warmY = new double[count];
        double[] x = new double[count];
        double[] y = new double[count];
        double[] measured = new double[count];
        int warm = 0;
        int n = 0;
        for (int i = 0; i < count; i++) {
            double ms = Math.max(0.5, Math.min(100, latencyMs[i]));
            if (binEndsMicros[i] >= measuredFromMicros) {
                x[n] = binEndsMicros[i] / 1e6;
                measured[n] = latencyMs[i];
                y[n++] = ms;
            } else {
                warmX[warm] = binEndsMicros[i] / 1e6;
                warmY[warm++] = ms;
            }
        }
        Figure figure = new Figure(title, WIDTH, 520).x("recording time (s)", from, to)
                .yLog("latency (ms), clipped to [0.5, 100]", 0.5, 100).grid()
                .points(warmX, warmY, warm, Figure.GREY, warm > 0 ? "warm-up bin" : null)
                .points(x, y, n, Figure.BLUE, "bin");
        Arrays.sort(measured, 0, n);
        if (n > 0) {
            double p50 = measured[Math.min(n - 1, (int) (0.50 * n))];
            double p99 = measured[Math.min(n - 1, (int) (0.99 * n))];
            figure.rule(p50, Figure.GREEN, String.format(Locale.ROOT, "p50 %.2f ms", p50), false)
                    .rule(p99, Figure.ORANGE, String.format(Locale.ROOT, "p99 %.2f ms", p99), false);
        }
        if (targetMs > 0) {
            figure.rule(targetMs, Figure.RED, String.format(Locale.ROOT, "target %.0f ms", targetMs), true);
        }
        figure.write(png);
    }
}
