package io.neurostream.apps.run;

import io.neurostream.apps.dvs.NmnistRun;
import io.neurostream.apps.plot.Figure;
import io.neurostream.schemas.Prediction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The pictures of a {@code neurostream run}, drawn with {@link Figure}: latency of every
 * prediction over the run (wall clock: the keys' own clocks need not align), and, when predictions carry their label, the confusion
 * matrix of the labelled windows (prequential: predicted before learning from the label).
 */
final class RunPlots {
    /** Predictions plotted at most (a dot each); later ones are counted, not drawn. */
    static final int MAX_POINTS = 500_000;
    private static final int MAX_CLASSES = 64;

    private double[] seconds = new double[1024];
    private double[] latencyMs = new double[1024];
    private int points;
    private long[][] confusion = new long[0][0];

    void add(Prediction p) {
        if (points < MAX_POINTS) {
            if (points == seconds.length) {
                seconds = Arrays.copyOf(seconds, points * 2);
                latencyMs = Arrays.copyOf(latencyMs, points * 2);
            }
            seconds[points] = p.getEmitTimeMillis() / 1e3; // wall clock: keys' own clocks need not align
            latencyMs[points++] = p.getEmitTimeMillis() - p.getIngestTimeMillis();
        }
        Integer label = p.getLabelClass();
        Integer predicted = p.getPredictedClass();
        if (label != null && predicted != null && label >= 0 && predicted >= 0 && label < MAX_CLASSES
                && predicted < MAX_CLASSES) {
            int size = Math.max(confusion.length, Math.max(label, predicted) + 1);
            if (size > confusion.length) {
                long[][] bigger = new long[size][size];
                for (int i = 0; i < confusion.length; i++) {
                    System.arraycopy(confusion[i], 0, bigger[i], 0, confusion.length);
                }
                confusion = bigger;
            }
            confusion[label][predicted]++;
        }
    }

    /** Writes {@code <job>-latency.png} and, with labelled predictions, {@code <job>-confusion.png}; returns the files. */
    List<Path> write(Path dir, String job) throws IOException {
        List<Path> written = new ArrayList<>();
        if (points > 0) {
            double first = Double.MAX_VALUE;
            for (int i = 0; i < points; i++) {
                first = Math.min(first, seconds[i]);
            }
            double[] elapsed = new double[points];
            double[] clipped = new double[points];
            double[] sorted = Arrays.copyOf(latencyMs, points);
            Arrays.sort(sorted);
            double to = 1;
            for (int i = 0; i < points; i++) {
                elapsed[i] = seconds[i] - first;
                to = Math.max(to, elapsed[i]);
                clipped[i] = Math.max(1, latencyMs[i]);
            }
            double p50 = sorted[(int) (0.50 * (points - 1))];
            double p99 = sorted[(int) (0.99 * (points - 1))];
            double low = Math.pow(10, Math.floor(Math.log10(Math.max(1, sorted[0]))));
            double high = Math.pow(10, Math.ceil(Math.log10(Math.max(10, sorted[points - 1] * 1.01))));
            Path png = dir.resolve(job + "-latency.png");
            new Figure(job + ": latency of each prediction", 1200, 520)
                    .x("since the first prediction (s, wall clock)", 0, to)
                    .yLog("latency ingest → prediction (ms)", low, high).grid()
                    .points(elapsed, clipped, points, Figure.BLUE, "prediction")
                    .rule(Math.max(1, p50), Figure.GREEN, String.format(Locale.ROOT, "p50 %.0f ms", p50), false)
                    .rule(Math.max(1, p99), Figure.ORANGE, String.format(Locale.ROOT, "p99 %.0f ms", p99), false)
                    .caption(String.format(Locale.ROOT, "%,d predictions; Kafka append time of the record that closed "
                            + "the window → prediction emitted by the job", points))
                    .write(png);
            written.add(png);
        }
        if (confusion.length > 0) {
            int[][] counts = new int[confusion.length][confusion.length];
            long total = 0;
            long right = 0;
            for (int t = 0; t < counts.length; t++) {
                for (int p = 0; p < counts.length; p++) {
                    counts[t][p] = (int) confusion[t][p];
                    total += confusion[t][p];
                }
                right += confusion[t][t];
            }
            Path png = dir.resolve(job + "-confusion.png");
            NmnistRun.writeConfusionPng(counts, String.format(Locale.ROOT, "%,d labelled windows, %.1f %% right "
                    + "(predicted before learning; rows true, columns predicted)", total, 100.0 * right / total), png);
            written.add(png);
        }
        return written;
    }
}
