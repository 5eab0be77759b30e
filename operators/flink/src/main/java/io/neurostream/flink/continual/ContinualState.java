package io.neurostream.flink.continual;

import io.neurostream.core.continual.HlopMlp;
import java.util.Arrays;

/**
 * Per-stream state of the continual operator: both learners, the current task and its buffered
 * inputs, and the test window's scores. Checkpoint format: {@link ContinualStateSerializer}.
 */
public final class ContinualState {
    /** The HLOP-protected learner and the naive one. */
    HlopMlp hlop;
    HlopMlp naive;
    /** Current task (-1 before the first boundary or sample). */
    int task = -1;
    boolean frozen;
    /** Labelled training samples learned so far. */
    long trained;
    /** Training samples of the current task (learned or not) seen by the reservoir sampler. */
    long taskSeen;
    /** Reservoir sample of the current task's training inputs. */
    float[][] buffer = new float[0][];
    int buffered;
    /** Test window of the current task: per tested task, [hlop correct, naive correct, count]. */
    long[] hlopCorrect = new long[0];
    long[] naiveCorrect = new long[0];
    long[] tested = new long[0];
    /** Accuracy right after each task (the accuracy matrix's diagonal), per learner; NaN if untested. */
    double[] hlopDiagonal = new double[0];
    double[] naiveDiagonal = new double[0];

    /** Makes the per-task arrays hold task {@code t}. */
    void ensureTask(int t) {
        if (tested.length <= t) {
            int n = t + 1;
            hlopCorrect = Arrays.copyOf(hlopCorrect, n);
            naiveCorrect = Arrays.copyOf(naiveCorrect, n);
            tested = Arrays.copyOf(tested, n);
        }
        if (hlopDiagonal.length <= t) {
            int old = hlopDiagonal.length;
            hlopDiagonal = Arrays.copyOf(hlopDiagonal, t + 1);
            naiveDiagonal = Arrays.copyOf(naiveDiagonal, t + 1);
            Arrays.fill(hlopDiagonal, old, t + 1, Double.NaN);
            Arrays.fill(naiveDiagonal, old, t + 1, Double.NaN);
        }
    }

    /** Clears the test window and the task buffer (a new task starts). */
    void startWindow() {
        Arrays.fill(hlopCorrect, 0);
        Arrays.fill(naiveCorrect, 0);
        Arrays.fill(tested, 0);
        buffered = 0;
        taskSeen = 0;
    }

    public int task() {
        return task;
    }

    public boolean frozen() {
        return frozen;
    }

    public long trained() {
        return trained;
    }

    public HlopMlp hlop() {
        return hlop;
    }

    public HlopMlp naive() {
        return naive;
    }

    public int buffered() {
        return buffered;
    }
}
