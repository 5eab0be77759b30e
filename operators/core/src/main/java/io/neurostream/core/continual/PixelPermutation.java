package io.neurostream.core.continual;

import java.util.SplittableRandom;

/**
 * The fixed pixel permutations of permuted MNIST (Goodfellow et al. 2013; Kirkpatrick et al. 2017):
 * task 0 keeps the pixels in place, task t &gt; 0 applies a Fisher-Yates shuffle drawn from {@code seed + t}.
 */
public final class PixelPermutation {
    private PixelPermutation() {
    }

    public static int[] of(int size, int task, long seed) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        if (task == 0) {
            return p;
        }
        SplittableRandom r = new SplittableRandom(seed + task);
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {@code out[i] = x[p[i]]}. */
    public static double[] apply(double[] x, int[] p) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[p[i]];
        }
        return out;
    }
}
