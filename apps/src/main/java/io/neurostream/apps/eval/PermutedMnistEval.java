package io.neurostream.apps.eval;

import io.neurostream.apps.eval.continual.ContinualEvalReports;
import io.neurostream.apps.eval.continual.ContinualRun;
import io.neurostream.apps.eval.continual.TaskStream;
import io.neurostream.connectors.sim.Mnist;
import io.neurostream.core.continual.HlopMlp;
import io.neurostream.core.continual.PixelPermutation;
import io.neurostream.flink.continual.ContinualConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code neurostream eval pmnist}: permuted MNIST (task 0 = MNIST, task t = a fixed pixel permutation)
 * through Kafka and the continual job; HLOP against the naive learner in the same run. Test images are
 * the last {@code test} of {@code mnist-10k}, training images the first {@code train}, the same for every
 * task (permuted).
 */
public final class PermutedMnistEval implements Experiment {
    /** Sizes: tasks, training images per task, test images per task, passes per task, hidden units. */
    record Size(int tasks, int train, int test, int epochs, int hidden) {
    }

    static final Size CI = new Size(3, 1000, 300, 2, 128);
    static final Size FULL = new Size(10, 6000, 1000, 3, 256);

    @Override
    public String name() {
        return "pmnist";
    }

    @Override
    public String description() {
        return "permuted MNIST, 10 tasks, through Kafka + the continual job: HLOP ACC/BWT vs the naive learner";
    }

    @Override
    public EvalReport run(EvalSettings settings) throws Exception {
        Size size = settings.full() ? FULL : CI;
        Mnist mnist = Mnist.load(settings.data().resolve("mnist-10k"));
        if (size.train() + size.test() > mnist.size()) {
            throw new IllegalArgumentException("train + test exceed the " + mnist.size() + " images");
        }
        int d = mnist.rows() * mnist.cols();
        List<TaskStream.Task> tasks = new ArrayList<>();
        String[] names = new String[size.tasks()];
        for (int t = 0; t < size.tasks(); t++) {
            int[] p = PixelPermutation.of(d, t, settings.seed());
            double[][] trainX = new double[size.train()][];
            int[] trainY = new int[size.train()];
            for (int i = 0; i < size.train(); i++) {
                trainX[i] = PixelPermutation.apply(mnist.pixels()[i], p);
                trainY[i] = mnist.labels()[i];
            }
            double[][] testX = new double[size.test()][];
            int[] testY = new int[size.test()];
            for (int i = 0; i < size.test(); i++) {
                int k = mnist.size() - size.test() + i;
                testX[i] = PixelPermutation.apply(mnist.pixels()[k], p);
                testY[i] = mnist.labels()[k];
            }
            names[t] = t == 0 ? "MNIST" : "perm " + t;
            tasks.add(new TaskStream.Task(names[t], trainX, trainY, testX, testY));
        }
        TaskStream stream = new TaskStream(name(), tasks, d, 10, size.epochs());
        ContinualConfig config = config(size.hidden(), settings.seed());
        settings.progress().accept(String.format("pmnist (%s): %d tasks x %d training images x %d passes, %d test images"
                + " per task; %d hidden units, HLOP %d + %d lateral neurons per task", settings.size(), size.tasks(),
                size.train(), size.epochs(), size.test(), size.hidden(), config.network().inputComponentsPerTask(),
                config.network().hiddenComponentsPerTask()));
        ContinualRun.Result r = ContinualRun.run(stream, config, settings.seed(), settings.progress());
        List<Path> pictures = ContinualRun.pictures(name(), names, r, settings.pngDir());
        return ContinualEvalReports.report(name(), size.tasks() + " tasks", r, 0.92, -0.02, true,
                details(size, config, r, settings), pictures);
    }

    /** The learners of this experiment (the README's settings). */
    static ContinualConfig config(int hidden, long seed) {
        return new ContinualConfig(new HlopMlp.Config(784, hidden, 10, 0.02, 40, 24, 3, 0.05, true, seed), 2000, 100);
    }

    private static Map<String, Object> details(Size size, ContinualConfig c, ContinualRun.Result r, EvalSettings s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tasks", size.tasks());
        d.put("trainPerTask", size.train());
        d.put("testPerTask", size.test());
        d.put("passesPerTask", size.epochs());
        d.put("hidden", size.hidden());
        d.put("learningRate", c.network().learningRate());
        d.put("lateralPerTask", List.of(c.network().inputComponentsPerTask(), c.network().hiddenComponentsPerTask()));
        d.put("taskBuffer", c.taskBufferSize());
        d.put("seed", s.seed());
        d.put("samplesThroughKafka", r.samplesSent());
        d.put("deadLetters", r.deadLetters());
        d.put("jobSeconds", Math.round(r.jobSeconds() * 10) / 10.0);
        d.put("hlopMatrix", ContinualRun.rows(r.hlop()));
        d.put("naiveMatrix", ContinualRun.rows(r.naive()));
        return d;
    }
}
