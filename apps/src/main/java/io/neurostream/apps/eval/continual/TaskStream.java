package io.neurostream.apps.eval.continual;

import java.util.List;

/**
 * A sequence of tasks for the continual job: each task's training samples (replayed {@code epochs}
 * times, reshuffled each pass) and its held-out test samples.
 *
 * @param name stream id (and the experiment's name)
 * @param tasks in order
 * @param inputs values per sample
 * @param classes label classes
 * @param epochs passes over each task's training samples
 */
public record TaskStream(String name, List<Task> tasks, int inputs, int classes, int epochs) {
    /** One task: a name for tables and its samples. */
    public record Task(String name, double[][] trainX, int[] trainY, double[][] testX, int[] testY) {
        public Task {
            if (trainX.length != trainY.length || testX.length != testY.length) {
                throw new IllegalArgumentException("samples and labels differ in count in task " + name);
            }
        }
    }

    public TaskStream {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty() || epochs < 1) {
            throw new IllegalArgumentException("need at least one task and one epoch");
        }
    }

    /** Training presentations plus test samples (every earlier task's test set after each task). */
    public long sampleCount() {
        long n = 0;
        for (int t = 0; t < tasks.size(); t++) {
            n += (long) tasks.get(t).trainX().length * epochs;
            for (int j = 0; j <= t; j++) {
                n += tasks.get(j).testX().length;
            }
        }
        return n;
    }
}
