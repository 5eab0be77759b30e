package io.neurostream.apps.eval.nmnist;

import io.neurostream.apps.eval.EvalReport;
import io.neurostream.apps.eval.EvalResult;
import io.neurostream.apps.eval.EvalSettings;
import io.neurostream.connectors.events.EventBuffer;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.replay.EventReplay;
import io.neurostream.connectors.replay.NmnistDataset;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.ReplayOptions;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** The run behind {@code eval nmnist-small} (see {@link io.neurostream.apps.eval.NmnistSmallExperiment}). */
public final class NmnistSmallRun {
    public static final double TEST_TARGET = 0.96;
    public static final double CV_TARGET = 0.95;
    /** "Above the baseline": by at least this much. */
    public static final double MARGIN_TARGET = 1e-4;

    private final EvalSettings settings;
    private final String experiment;

    public NmnistSmallRun(EvalSettings settings, String experiment) {
        this.settings = settings;
        this.experiment = experiment;
    }

    /** One learner's samples: indices into all recordings, train first. */
    private record Split(String key, int[] train, int[] test) {
        int[] order() {
            int[] all = new int[train.length + test.length];
            System.arraycopy(train, 0, all, 0, train.length);
            System.arraycopy(test, 0, all, train.length, test.length);
            return all;
        }
    }

    public EvalReport run() throws Exception {
        long start = System.nanoTime();
        Path folder = settings.data().resolve("event-camera").resolve("nmnist-small");
        if (!NmnistDataset.isDataset(folder)) {
            throw new IOException(folder + " is not an N-MNIST folder with train*.txt/test*.txt lists: pass the shared "
                    + "data folder (--data ../shared/data)");
        }
        NmnistDataset dataset = NmnistDataset.open(folder);
        List<NmnistDataset.Sample> all = new ArrayList<>(dataset.train());
        all.addAll(dataset.test());
        int trainList = dataset.train().size();
        int[] labels = all.stream().mapToInt(NmnistDataset.Sample::classIndex).toArray();
        boolean full = settings.full();
        int folds = full ? 5 : 2;
        int cvRecordings = full ? all.size() : 200;
        int testTrain = full ? trainList : 300;

        // The test split: (a spread subset of) the train list, then the 100 test recordings.
        int[] testSplitTrain = new int[testTrain];
        for (int i = 0; i < testTrain; i++) {
            testSplitTrain[i] = (int) ((long) i * trainList / testTrain);
        }
        int[] testSplitTest = new int[all.size() - trainList];
        for (int i = 0; i < testSplitTest.length; i++) {
            testSplitTest[i] = trainList + i;
        }
        List<Split> splits = new ArrayList<>();
        splits.add(new Split("test", testSplitTrain, testSplitTest));
        // k-fold CV over a seeded shuffle of all recordings; each fold's training samples in shuffled order.
        int[] perm = shuffle(all.size(), settings.seed());
        int[] cv = java.util.Arrays.copyOf(perm, cvRecordings);
        for (int k = 0; k < folds; k++) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> ho = new ArrayList<>();
            for (int i = 0; i < cv.length; i++) {
                (i % folds == k ? ho : tr).add(cv[i]);
            }
            splits.add(new Split("cv-" + k, tr.stream().mapToInt(Integer::intValue).toArray(),
                    ho.stream().mapToInt(Integer::intValue).toArray()));
        }
        settings.progress().accept(String.format(Locale.ROOT,
                "nmnist-small (%s): test split %d train / %d test, %d-fold CV over %d recordings; baselines first",
                settings.size().name().toLowerCase(Locale.ROOT), testTrain, testSplitTest.length, folds, cvRecordings));

        // Baselines, in process, on the same recordings and splits.
        NmnistEval.BaselineCounts counts = new NmnistEval.BaselineCounts();
        EventBuffer buffer = new EventBuffer(8192);
        for (NmnistDataset.Sample s : all) {
            counts.begin();
            try (EventFileReader reader = EventFormats.open(s.file())) {
                int n;
                while ((n = reader.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        counts.add(buffer.tMicros[i], buffer.x[i], buffer.y[i], buffer.on[i]);
                    }
                }
            }
        }
        Map<String, double[]> baseline = new LinkedHashMap<>(); // key -> {per-pixel, saccades}
        int[][] baselineConfusion = new int[10][10];
        for (Split s : splits) {
            double perPixel = counts.perPixelAccuracy(s.train(), s.test(), labels, null);
            double saccades = counts.saccadeAccuracy(s.train(), s.test(), labels,
                    s.key().equals("test") ? baselineConfusion : null);
            baseline.put(s.key(), new double[] {perPixel, saccades});
            settings.progress().accept(String.format(Locale.ROOT,
                    "  baseline %s: ridge per-pixel %.1f %%, ridge 3 saccade bins %.1f %%", s.key(), 100 * perPixel,
                    100 * saccades));
        }

        // The learner: every split through Kafka into one dvs-classify job (one sensor id, one learner each).
        DvsClassifyJob.Settings job = NmnistEval.jobSettings(full);
        long slotMicros = job.learner().windowMicros();
        List<StreamRun.Split> streamSplits = new ArrayList<>();
        EventReplay replay = new EventReplay(ReplayOptions.defaults().withPackets(4096, 0).withSlotMicros(slotMicros));
        for (Split s : splits) {
            streamSplits.add(new StreamRun.Split(s.key(), s.train().length, s.train().length + s.test().length));
            replay.addDataset(s.key(), samples(all, s.train()), samples(all, s.test()));
        }
        settings.progress().accept("learner: " + job.learner().readoutInput().describe(job.learner().liquid())
                + ", RLS (delta " + String.format(Locale.ROOT, "%.3g", job.learner().rlsDelta()) + "), "
                + streamSplits.stream().mapToInt(StreamRun.Split::samples).sum() + " windows through Kafka");
        Map<String, int[]> predicted;
        try (StreamRun run = new StreamRun(NmnistEval.runSettings(), job)) {
            predicted = run.run(streamSplits, (target, events) -> replay.replay(target, Pacer.asFastAsPossible(),
                    soFar -> events.set(soFar.events())).events(), settings.progress(),
                    Duration.ofMinutes(full ? 120 : 15));
        }

        // Scores.
        Split testSplit = splits.get(0);
        int[] order = testSplit.order();
        int[] truth = java.util.Arrays.stream(order).map(i -> labels[i]).toArray();
        int[] testPredicted = predicted.get("test");
        int[][] confusion = new int[10][10];
        double testAccuracy = NmnistEval.accuracy(testPredicted, truth, testSplit.train().length, order.length,
                confusion);
        double[] testBaseline = baseline.get("test");
        double learnerCv = 0;
        double perPixelCv = 0;
        double saccadeCv = 0;
        List<Double> foldAccuracies = new ArrayList<>();
        for (Split s : splits.subList(1, splits.size())) {
            int[] o = s.order();
            int[] t = java.util.Arrays.stream(o).map(i -> labels[i]).toArray();
            double a = NmnistEval.accuracy(predicted.get(s.key()), t, s.train().length, o.length, null);
            foldAccuracies.add(a);
            learnerCv += a / folds;
            perPixelCv += baseline.get(s.key())[0] / folds;
            saccadeCv += baseline.get(s.key())[1] / folds;
        }
        List<Path> pictures = new ArrayList<>();
        Files.createDirectories(settings.pngDir());
        Path stream = settings.pngDir().resolve(experiment + "-stream.png");
        NmnistEval.writeStreamPng(String.format(Locale.ROOT, "nmnist-small: accuracy over the stream (%d train, one pass)",
                testSplit.train().length), testPredicted, truth, testSplit.train().length, testAccuracy,
                testBaseline[1], testBaseline[0], stream);
        pictures.add(stream);
        Path confusionPng = settings.pngDir().resolve(experiment + "-confusion.png");
        NmnistEval.writeConfusionPng(confusion, String.format(Locale.ROOT,
                "learner in dvs-classify: %.0f %% on the %d test recordings (rows true, columns predicted)",
                100 * testAccuracy, testSplit.test().length), confusionPng);
        pictures.add(confusionPng);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", settings.size().name().toLowerCase(Locale.ROOT));
        details.put("seed", settings.seed());
        details.put("trainRecordings", testSplit.train().length);
        details.put("testRecordings", testSplit.test().length);
        details.put("folds", folds);
        details.put("cvRecordings", cvRecordings);
        details.put("foldAccuracies", foldAccuracies);
        details.put("learner", job.learner().readoutInput().describe(job.learner().liquid()) + "; RLS delta "
                + job.learner().rlsDelta());
        details.put("perPixelBaselineTest", testBaseline[0]);
        details.put("perPixelBaselineCv", perPixelCv);
        details.put("baselineRidge", NmnistEval.BASELINE_RIDGE);
        String saccadeName = "ridge on ON/OFF counts in 3 saccade bins (2x2 pooled)";
        String perPixelName = "ridge on per-pixel ON/OFF counts";
        List<EvalResult> results = new ArrayList<>();
        results.add(new EvalResult(experiment, "test accuracy (" + testSplit.test().length + " test recordings)",
                "accuracy", testAccuracy, saccadeName, testBaseline[1], TEST_TARGET, true, details));
        results.add(new EvalResult(experiment, "mean " + folds + "-fold CV accuracy (" + cvRecordings + " recordings)",
                "accuracy", learnerCv, saccadeName, saccadeCv, CV_TARGET, true, Map.of("foldAccuracies", foldAccuracies)));
        results.add(new EvalResult(experiment, "CV accuracy above the 3-bin baseline", "accuracy difference",
                learnerCv - saccadeCv, saccadeName, 0, MARGIN_TARGET, true, Map.of()));
        results.add(new EvalResult(experiment, "test accuracy, per-pixel baseline", "accuracy", testBaseline[0],
                perPixelName, Double.NaN, Double.NaN, true, Map.of()));
        results.add(new EvalResult(experiment, "mean CV accuracy, per-pixel baseline", "accuracy", perPixelCv,
                perPixelName, Double.NaN, Double.NaN, true, Map.of()));
        return new EvalReport(experiment, results, pictures, (System.nanoTime() - start) / 1e9);
    }

    private static List<NmnistDataset.Sample> samples(List<NmnistDataset.Sample> all, int[] indices) {
        List<NmnistDataset.Sample> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(all.get(i));
        }
        return out;
    }

    static int[] shuffle(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
