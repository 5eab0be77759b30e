package io.neurostream.bench.experiments;

import io.neurostream.connectors.sim.Mnist;
import io.neurostream.core.continual.*;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The permuted-MNIST task stream (Goodfellow et al. 2013; Kirkpatrick et al. 2017): task 0 is
 * MNIST, task t &gt; 0 applies a fixed random pixel permutation drawn from {@code seed + t}.
 * Images {@code [0, trainPerTask)} train every task, images {@code [size - testPerTask, size)}
 * are the held-out test set of every task.
 */
public final class PermutedMnist {
    /** Accuracy matrix and its summary. */
    public record Result(double[][] accuracy, double acc, double bwt) {
    }

    private PermutedMnist() {
    }

    /** The permutation of task {@code task}: {@link PixelPermutation#of}. */
    public static int[] permutation(int size, int task, long seed) {
        return PixelPermutation.of(size, task, seed);
    }

    private static double[] permute(double[] x, int[] p) {
        return PixelPermutation.apply(x, p);
    }

    /**
     * Trains {@code learner} on {@code tasks} tasks in sequence ({@code epochs} passes each, sample
     * order shuffled with {@code seed}) and measures every task's test accuracy after each task.
     */
    public static Result run(Mnist mnist, Supplier<OnlineClassifier> factory, int tasks, int trainPerTask,
                             int testPerTask, int epochs, long seed) {
        if (trainPerTask + testPerTask > mnist.size()) {
            throw new IllegalArgumentException("train + test = " + (trainPerTask + testPerTask) + " exceeds "
                    + mnist.size() + " images");
        }
        OnlineClassifier learner = factory.get();
        int d = mnist.rows() * mnist.cols();
        double[][][] train = new double[tasks][trainPerTask][];
        double[][][] test = new double[tasks][testPerTask][];
        for (int t = 0; t < tasks; t++) {
            int[] p = permutation(d, t, seed);
            for (int i = 0; i < trainPerTask; i++) {
                train[t][i] = permute(mnist.pixels()[i], p);
            }
            for (int i = 0; i < testPerTask; i++) {
                test[t][i] = permute(mnist.pixels()[mnist.size() - testPerTask + i], p);
            }
        }
        double[][] r = new double[tasks][tasks];
        SplittableRandom order = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] idx = new int[trainPerTask];
        for (int t = 0; t < tasks; t++) {
            for (int e = 0; e < epochs; e++) {
                for (int i = 0; i < trainPerTask; i++) {
                    idx[i] = i;
                }
                for (int i = trainPerTask - 1; i > 0; i--) {
                    int j = order.nextInt(i + 1);
                    int tmp = idx[i];
                    idx[i] = idx[j];
                    idx[j] = tmp;
                }
                for (int i = 0; i < trainPerTask; i++) {
                    learner.learn(train[t][idx[i]], mnist.labels()[idx[i]]);
                }
            }
            learner.endTask(train[t]);
            for (int j = 0; j < tasks; j++) {
                int correct = 0;
                for (int i = 0; i < testPerTask; i++) {
                    if (learner.predict(test[j][i]) == mnist.labels()[mnist.size() - testPerTask + i]) {
                        correct++;
                    }
                }
                r[t][j] = correct / (double) testPerTask;
            }
        }
        return new Result(r, ContinualMetrics.averageAccuracy(r), ContinualMetrics.backwardTransfer(r));
    }
}
