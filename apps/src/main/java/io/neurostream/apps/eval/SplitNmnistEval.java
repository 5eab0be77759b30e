package io.neurostream.apps.eval;

import io.neurostream.apps.eval.continual.ContinualEvalReports;
import io.neurostream.apps.eval.continual.ContinualRun;
import io.neurostream.apps.eval.continual.NmnistFeatures;
import io.neurostream.apps.eval.continual.TaskStream;
import io.neurostream.connectors.replay.NmnistDataset;
import io.neurostream.core.continual.HlopMlp;
import io.neurostream.flink.continual.ContinualConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code neurostream eval split-nmnist}: the real N-MNIST recordings of {@code nmnist-small} (1,100: the
 * train and test lists pooled) split into digit-pair tasks (0/1, 2/3, 4/5, 6/7, 8/9), class-incremental
 * with one 10-class head; per class a seeded quarter is held out. Features per recording:
 * {@link NmnistFeatures} (ON/OFF counts per 2x2 block in three saccade bins), sent as Samples through
 * Kafka to the continual job; HLOP against the naive learner in the same run.
 */
public final class SplitNmnistEval implements Experiment {
    record Size(int pairs, int epochs, int hidden) {
    }

    static final Size CI = new Size(3, 3, 128);
    static final Size FULL = new Size(5, 5, 256);

    @Override
    public String name() {
        return "split-nmnist";
    }

    @Override
    public String description() {
        return "split N-MNIST (real recordings, digit pairs, one 10-class head) through Kafka + the continual job:"
                + " HLOP BWT vs the naive learner";
    }

    @Override
    public EvalReport run(EvalSettings settings) throws Exception {
        Size size = settings.full() ? FULL : CI;
        NmnistDataset dataset = NmnistDataset.open(settings.data().resolve("event-camera").resolve("nmnist-small"));
        List<List<double[]>> byClass = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            byClass.add(new ArrayList<>());
        }
        List<NmnistDataset.Sample> all = new ArrayList<>(dataset.train());
        all.addAll(dataset.test());
        int done = 0;
        for (NmnistDataset.Sample s : all) {
            if (s.classIndex() < 2 * size.pairs()) {
                byClass.get(s.classIndex()).add(NmnistFeatures.of(s.file()));
            }
            if (++done % 250 == 0) {
                settings.progress().accept("split-nmnist: features of " + done + " / " + all.size() + " recordings");
            }
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<TaskStream.Task> tasks = new ArrayList<>();
        String[] names = new String[size.pairs()];
        int trainTotal = 0;
        int testTotal = 0;
        for (int t = 0; t < size.pairs(); t++) {
            List<double[]> trainX = new ArrayList<>();
            List<Integer> trainY = new ArrayList<>();
            List<double[]> testX = new ArrayList<>();
            List<Integer> testY = new ArrayList<>();
            for (int c = 2 * t; c <= 2 * t + 1; c++) {
                List<double[]> xs = new ArrayList<>(byClass.get(c));
                for (int i = xs.size() - 1; i > 0; i--) {
                    java.util.Collections.swap(xs, i, random.nextInt(i + 1));
                }
                int test = xs.size() / 4;
                for (int i = 0; i < xs.size(); i++) {
                    (i < test ? testX : trainX).add(xs.get(i));
                    (i < test ? testY : trainY).add(c);
                }
            }
            names[t] = (2 * t) + "/" + (2 * t + 1);
            tasks.add(new TaskStream.Task(names[t], trainX.toArray(new double[0][]),
                    trainY.stream().mapToInt(Integer::intValue).toArray(), testX.toArray(new double[0][]),
                    testY.stream().mapToInt(Integer::intValue).toArray()));
            trainTotal += trainX.size();
            testTotal += testX.size();
        }
        TaskStream stream = new TaskStream(name(), tasks, NmnistFeatures.LENGTH, 10, size.epochs());
        ContinualConfig config = config(size.hidden(), settings.seed());
        settings.progress().accept(String.format("split-nmnist (%s): %d digit-pair tasks, %d training / %d test recordings,"
                + " %d passes per task; %d features, %d hidden units", settings.size(), size.pairs(), trainTotal,
                testTotal, size.epochs(), NmnistFeatures.LENGTH, size.hidden()));
        ContinualRun.Result r = ContinualRun.run(stream, config, settings.seed(), settings.progress());
        List<Path> pictures = ContinualRun.pictures(name(), names, r, settings.pngDir());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tasks", size.pairs());
        d.put("trainRecordings", trainTotal);
        d.put("testRecordings", testTotal);
        d.put("passesPerTask", size.epochs());
        d.put("features", "ON/OFF counts per 2x2 block, 3 saccade bins, sqrt/3: " + NmnistFeatures.LENGTH);
        d.put("hidden", size.hidden());
        d.put("lateralPerTask", List.of(config.network().inputComponentsPerTask(),
                config.network().hiddenComponentsPerTask()));
        d.put("seed", settings.seed());
        d.put("samplesThroughKafka", r.samplesSent());
        d.put("deadLetters", r.deadLetters());
        d.put("jobSeconds", Math.round(r.jobSeconds() * 10) / 10.0);
        d.put("hlopMatrix", ContinualRun.rows(r.hlop()));
        d.put("naiveMatrix", ContinualRun.rows(r.naive()));
        return ContinualEvalReports.report(name(), size.pairs() + " digit-pair tasks", r, Double.NaN, -0.02, false, d,
                pictures);
    }

    static ContinualConfig config(int hidden, long seed) {
        return new ContinualConfig(new HlopMlp.Config(NmnistFeatures.LENGTH, hidden, 10, 0.01, 40, 20, 3, 0.05, true,
                seed), 1000, 100);
    }
}
