package io.neurostream.core.continual;

import java.util.Arrays;

/**
 * A linear softmax layer {@code p = softmax(W [x; 1])} trained by per-sample cross-entropy SGD:
 * {@code dW = -lr (p - onehot) z'}, where {@code z} is the input the update is allowed to use
 * (the raw input for the naive learner, its projection for HLOP). Allocation-free updates.
 */
final class SoftmaxLayer {
    final int inputs;
    final int classes;
    final double[] w;       // classes x (inputs+1)
    private final double[] logits;

    SoftmaxLayer(int inputs, int classes) {
        this.inputs = inputs;
        this.classes = classes;
        this.w = new double[classes * (inputs + 1)];
        this.logits = new double[classes];
    }

    /** Fills {@link #logits} with probabilities for x; returns the arg max. */
    int forward(double[] xWithBias) {
        int z = inputs + 1;
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double s = 0;
            int row = c * z;
            for (int j = 0; j < z; j++) {
                s += w[row + j] * xWithBias[j];
            }
            logits[c] = s;
            if (s > max) {
                max = s;
                best = c;
            }
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < classes; c++) {
            logits[c] /= sum;
        }
        return best;
    }

    /** SGD step after {@link #forward}: the update direction uses {@code zWithBias}. */
    void backward(double[] zWithBias, int label, double lr) {
        int z = inputs + 1;
        for (int c = 0; c < classes; c++) {
            double g = lr * (logits[c] - (c == label ? 1.0 : 0.0));
            if (g == 0.0) {
                continue;
            }
            int row = c * z;
            for (int j = 0; j < z; j++) {
                w[row + j] -= g * zWithBias[j];
            }
        }
    }

    static void withBias(double[] x, double[] out) {
        System.arraycopy(x, 0, out, 0, x.length);
        out[x.length] = 1.0;
    }

    void reset() {
        Arrays.fill(w, 0.0);
    }
}
