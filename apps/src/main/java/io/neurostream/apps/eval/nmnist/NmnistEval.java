package io.neurostream.apps.eval.nmnist;

import io.neurostream.apps.common.RunSettings;
import io.neurostream.apps.dvs.NmnistRun;
import io.neurostream.apps.plot.Figure;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.core.features.BinnedCounts;
import io.neurostream.core.readout.RidgeReadout;
import io.neurostream.flink.dvs.DvsClassifyConfig;
import io.neurostream.flink.dvs.ReadoutInput;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the N-MNIST experiments share: the learner's job settings, the in-process baselines (ridge on
 * per-pixel ON/OFF counts, ridge on ON/OFF counts in three saccade bins), accuracy and pictures.
 */
public final class NmnistEval {
    private NmnistEval() {}

    /** Classes of every N-MNIST experiment. */
    public static final int CLASSES = 10;
    /**
     * Random Fourier units of the learner's readout input (full size); {@code -Dneurostream.eval.random-units=N}
     * (through NEUROSTREAM_JAVA_OPTS) tries another number: the RLS state grows as N².
     */
    public static final int RANDOM_UNITS = Integer.getInteger("neurostream.eval.random-units", 3000);
    /**
     * The learner's counts: {@code sqrt-l2} (sqrt of each count, the vector scaled to unit length, kernel width
     * {@link ReadoutInput#UNIT_LENGTH_RANDOM_GAMMA}; chosen by 5-fold CV, README) or {@code log1p} (the earlier
     * setting, gamma {@link ReadoutInput#DEFAULT_RANDOM_GAMMA}); {@code -Dneurostream.eval.counts=log1p} runs it.
     */
    public static final String COUNTS = System.getProperty("neurostream.eval.counts", "sqrt-l2");
    /** At CI size: a quarter of the readout state and update cost. */
    public static final int CI_RANDOM_UNITS = 1500;
    /** RLS prior of the learner: ridge penalty 0.03 on the random units (their amplitude is sqrt(2/D)). */
    public static final double RLS_DELTA = 1 / 0.03;
    /** Ridge penalty of both baselines, fixed (chosen once on the train list, not per run). */
    public static final double BASELINE_RIDGE = 300;

    /**
     * dvs-classify as the experiments run it: the readout learns (one pass, RLS = ridge refit on every
     * sample) from ON/OFF counts in three saccade bins, 2x2 pooled, sqrt, scaled to unit length, through
     * {@link #RANDOM_UNITS} random Fourier units ({@code --readout-input counts --count-pool 2 --count-transform sqrt
     * --count-normalize l2 --random-gamma 0.67 --random-units 3000 --rls-delta 33.3}; at CI size
     * {@link #CI_RANDOM_UNITS}).
     */
    public static DvsClassifyJob.Settings jobSettings(boolean full) {
        DvsClassifyJob.Settings d = DvsClassifyJob.Settings.defaults();
        DvsClassifyConfig learner = d.learner()
                .withReadoutInput(readoutInput(full ? RANDOM_UNITS : CI_RANDOM_UNITS))
                .withRlsDelta(RLS_DELTA).withWindow(d.learner().windowMicros(), CLASSES, 0);
        return new DvsClassifyJob.Settings(learner, d.disorderMicros(), d.idleMillis(), d.limits());
    }

    static ReadoutInput readoutInput(int randomUnits) {
        ReadoutInput counts = ReadoutInput.counts(2, randomUnits);
        return switch (COUNTS) {
            case "sqrt-l2" -> counts.withCountTransform(BinnedCounts.Transform.SQRT, true,
                    ReadoutInput.UNIT_LENGTH_RANDOM_GAMMA);
            case "log1p" -> counts;
            default -> throw new IllegalArgumentException("-Dneurostream.eval.counts must be sqrt-l2 or log1p, got '"
                    + COUNTS + "'");
        };
    }

    /** One partition, parallelism 1, exactly once, a checkpoint every 10 s (the readouts are large). */
    public static RunSettings runSettings() {
        return new RunSettings(1, 1, 10_000, DeliveryMode.EXACTLY_ONCE, "hashmap", 0);
    }

    /** Counts of one sample for both baselines. */
    public static final class BaselineCounts {
        private final BinnedCounts perPixel = new BinnedCounts(
                new BinnedCounts.Params(34, 34, 2, 1, new long[0], 0, 1, false, 0));
        private final BinnedCounts saccades = new BinnedCounts(
                new BinnedCounts.Params(34, 34, 2, 2, ReadoutInput.SACCADE_EDGES_MICROS, 0, 1, false, 0));
        final List<int[]> perPixelCounts = new ArrayList<>();
        final List<int[]> saccadeCounts = new ArrayList<>();
        private int[] a;
        private int[] b;

        /** Starts the next sample. */
        public void begin() {
            a = perPixel.newCounts();
            b = saccades.newCounts();
            perPixelCounts.add(a);
            saccadeCounts.add(b);
        }

        /** One event of the current sample, {@code dtMicros} after its slot start. */
        public void add(long dtMicros, int x, int y, boolean on) {
            perPixel.add(a, dtMicros, x, y, on ? 1 : 0);
            saccades.add(b, dtMicros, x, y, on ? 1 : 0);
        }

        public int samples() {
            return perPixelCounts.size();
        }

        /** Test accuracy of ridge on per-pixel counts: train on {@code train}, predict {@code test}. */
        public double perPixelAccuracy(int[] train, int[] test, int[] labels, int[][] confusion) {
            return ridgeAccuracy(perPixel, perPixelCounts, train, test, labels, confusion);
        }

        /** Same on the three saccade bins (2x2 pooled). */
        public double saccadeAccuracy(int[] train, int[] test, int[] labels, int[][] confusion) {
            return ridgeAccuracy(saccades, saccadeCounts, train, test, labels, confusion);
        }
    }

    /** Ridge ({@link RidgeReadout}, penalty {@link #BASELINE_RIDGE}) on log1p counts. */
    static double ridgeAccuracy(BinnedCounts kernel, List<int[]> counts, int[] train, int[] test, int[] labels,
                                int[][] confusion) {
        int n = kernel.params().featureCount();
        RidgeReadout ridge = new RidgeReadout(n, CLASSES);
        double[] x = new double[n];
        double[] y = new double[CLASSES];
        for (int i : train) {
            kernel.features(counts.get(i), x, 0);
            java.util.Arrays.fill(y, 0);
            y[labels[i]] = 1;
            ridge.accumulate(x, y);
        }
        ridge.fit(BASELINE_RIDGE);
        int correct = 0;
        for (int i : test) {
            kernel.features(counts.get(i), x, 0);
            ridge.predict(x, y);
            int best = argmax(y);
            correct += best == labels[i] ? 1 : 0;
            if (confusion != null) {
                confusion[labels[i]][best]++;
            }
        }
        return (double) correct / test.length;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Accuracy of {@code predicted[from..to)} against {@code truth[from..to)} (no prediction: wrong). */
    static double accuracy(int[] predicted, int[] truth, int from, int to, int[][] confusion) {
        int correct = 0;
        for (int i = from; i < to; i++) {
            correct += predicted[i] == truth[i] ? 1 : 0;
            if (confusion != null && predicted[i] >= 0) {
                confusion[truth[i]][predicted[i]]++;
            }
        }
        return to == from ? 0 : (double) correct / (to - from);
    }

    /**
     * Accuracy over the stream: the prequential accuracy of the training windows (each predicted before
     * its label was learned, so held out at that moment) over the last {@code span} samples, with the
     * final held-out accuracy and the baselines as horizontal lines.
     */
    static void writeStreamPng(String title, int[] predicted, int[] truth, int trainCount, double heldOut,
                               double saccadeBaseline, double perPixelBaseline, Path png) throws IOException {
        int span = Math.max(20, Math.min(200, trainCount / 10));
        double[] xs = new double[trainCount];
        double[] ys = new double[trainCount];
        int n = 0;
        int correct = 0;
        for (int i = 0; i < trainCount; i++) {
            correct += predicted[i] == truth[i] ? 1 : 0;
            if (i >= span) {
                correct -= predicted[i - span] == truth[i - span] ? 1 : 0;
            }
            if (i + 1 >= span) {
                xs[n] = i + 1;
                ys[n] = (double) correct / span;
                n++;
            }
        }
        new Figure(title, 900, 520).x("training samples seen (one pass; running accuracy of windows predicted before their label)",
                        0, trainCount).y("accuracy", 0, 1).grid()
                .line(xs, ys, n, Figure.BLUE, "learner, last " + span + " (before label)")
                .rule(heldOut, Figure.GREEN, String.format(Locale.ROOT, "learner held out %.1f %%", 100 * heldOut), false)
                .rule(saccadeBaseline, Figure.ORANGE, String.format(Locale.ROOT, "ridge 3 bins %.1f %%",
                        100 * saccadeBaseline), true)
                .rule(perPixelBaseline, Figure.GREY, String.format(Locale.ROOT, "ridge per pixel %.1f %%",
                        100 * perPixelBaseline), true)
                .write(png);
    }

    static void writeConfusionPng(int[][] confusion, String caption, Path png) throws IOException {
        NmnistRun.writeConfusionPng(confusion, caption, png);
    }
}
