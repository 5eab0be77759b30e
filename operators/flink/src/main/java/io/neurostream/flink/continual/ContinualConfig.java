package io.neurostream.flink.continual;

import io.neurostream.core.continual.HlopMlp;
import java.io.Serializable;

/**
 * Settings of the continual learners: both learners (HLOP-protected and naive) are the same
 * {@link HlopMlp} network, with the same seed, on the same samples.
 *
 * @param network the network and HLOP settings (its {@code protect} flag is ignored: the operator runs both)
 * @param taskBufferSize training inputs kept per task (reservoir sample over every pass) from which HLOP's
 *     lateral neurons learn the task's principal subspaces at its end
 * @param maxTasks task ids must lie in {@code [0, maxTasks)} (bounds the per-stream state)
 */
public record ContinualConfig(HlopMlp.Config network, int taskBufferSize, int maxTasks) implements Serializable {
    public ContinualConfig {
        if (network == null) {
            throw new IllegalArgumentException("network settings are required");
        }
        if (taskBufferSize < 1) {
            throw new IllegalArgumentException("taskBufferSize must be >= 1, got " + taskBufferSize);
        }
        if (maxTasks < 1 || maxTasks > 10_000) {
            throw new IllegalArgumentException("maxTasks must be in [1, 10000], got " + maxTasks);
        }
    }

    /**
     * The settings the README documents: 784 inputs (MNIST pixels), 10 classes, 256 hidden ReLU units,
     * SGD step 0.02, 40 + 24 lateral neurons per task (input, hidden), 3 Hebbian passes with step 0.05,
     * 2,000 buffered inputs per task, up to 100 tasks.
     */
    public static ContinualConfig defaults() {
        return new ContinualConfig(new HlopMlp.Config(784, 256, 10, 0.02, 40, 24, 3, 0.05, true, 1), 2000, 100);
    }

    public int inputs() {
        return network.inputs();
    }

    public int classes() {
        return network.classes();
    }

    public ContinualConfig withNetwork(HlopMlp.Config n) {
        return new ContinualConfig(n, taskBufferSize, maxTasks);
    }

    public ContinualConfig withTaskBufferSize(int size) {
        return new ContinualConfig(network, size, maxTasks);
    }
}
