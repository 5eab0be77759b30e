package io.neurostream.core.synapse;

import java.util.SplittableRandom;

/**
 * Seeded random topologies. Every factory is deterministic in its seed, so a network is stored as
 * its parameters and seed and rebuilt identically.
 */
public final class Topologies {
    private Topologies() {
    }

    /** Draws one weight for a synapse from presynaptic neuron {@code pre}. */
    @FunctionalInterface
    public interface WeightFunction {
        double weight(int pre, int post, SplittableRandom random);
    }

    /**
     * Every postsynaptic neuron receives exactly {@code inDegree} synapses from distinct
     * presynaptic neurons chosen uniformly (no self-connection when {@code pre} and {@code post}
     * are the same population, i.e. {@code noSelf}).
     *
     * @param minDelaySteps smallest delay, &gt;= 1
     * @param maxDelaySteps largest delay (uniform integer in between)
     */
    public static CsrSynapses fixedInDegree(int preCount, int postCount, int inDegree, boolean noSelf,
                                            WeightFunction weights, int minDelaySteps, int maxDelaySteps, long seed) {
        int available = noSelf ? preCount - 1 : preCount;
        if (inDegree < 0 || inDegree > available) {
            throw new IllegalArgumentException("inDegree must be in [0, " + available + "], got " + inDegree);
        }
        checkDelays(minDelaySteps, maxDelaySteps);
        SplittableRandom random = new SplittableRandom(seed);
        int nnz = inDegree * postCount;
        int[] srcOf = new int[nnz];
        int[] dstOf = new int[nnz];
        boolean[] chosen = new boolean[preCount];
        int[] picked = new int[inDegree];
        int e = 0;
        for (int j = 0; j < postCount; j++) {
            int k = 0;
            while (k < inDegree) {
                int i = random.nextInt(preCount);
                if (chosen[i] || (noSelf && i == j)) {
                    continue;
                }
                chosen[i] = true;
                picked[k++] = i;
            }
            for (int m = 0; m < inDegree; m++) {
                chosen[picked[m]] = false;
                srcOf[e] = picked[m];
                dstOf[e++] = j;
            }
        }
        return fromEdges(preCount, postCount, srcOf, dstOf, nnz, weights, minDelaySteps, maxDelaySteps, random);
    }

    /** Each pair is connected independently with probability {@code p} (Erdos-Renyi). */
    public static CsrSynapses bernoulli(int preCount, int postCount, double p, boolean noSelf,
                                        WeightFunction weights, int minDelaySteps, int maxDelaySteps, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        checkDelays(minDelaySteps, maxDelaySteps);
        SplittableRandom random = new SplittableRandom(seed);
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, (long) preCount * postCount);
        int[] srcOf = new int[Math.max(16, (int) Math.min(cap, (long) (preCount * (double) postCount * p * 1.2) + 64))];
        int[] dstOf = new int[srcOf.length];
        int e = 0;
        for (int i = 0; i < preCount; i++) {
            for (int j = 0; j < postCount; j++) {
                if ((noSelf && i == j) || random.nextDouble() >= p) {
                    continue;
                }
                if (e == srcOf.length) {
                    srcOf = java.util.Arrays.copyOf(srcOf, srcOf.length * 2);
                    dstOf = java.util.Arrays.copyOf(dstOf, dstOf.length * 2);
                }
                srcOf[e] = i;
                dstOf[e++] = j;
            }
        }
        return fromEdges(preCount, postCount, srcOf, dstOf, e, weights, minDelaySteps, maxDelaySteps, random);
    }

    /**
     * Distance-dependent projection from a {@code width x height} input grid (pre index
     * {@code y * width + x}) to {@code postCount} neurons placed uniformly at random on the same
     * plane; probability {@code pMax exp(-d^2 / (2 sigma^2))} with {@code d} in pixels.
     */
    public static CsrSynapses distanceDependent2d(int width, int height, int postCount, double pMax, double sigmaPx,
                                                  WeightFunction weights, int minDelaySteps, int maxDelaySteps,
                                                  long seed) {
        if (!(pMax > 0 && pMax <= 1) || !(sigmaPx > 0)) {
            throw new IllegalArgumentException("pMax must be in (0, 1] and sigmaPx > 0, got " + pMax + ", " + sigmaPx);
        }
        checkDelays(minDelaySteps, maxDelaySteps);
        SplittableRandom random = new SplittableRandom(seed);
        int preCount = width * height;
        double[] px = new double[postCount];
        double[] py = new double[postCount];
        for (int j = 0; j < postCount; j++) {
            px[j] = random.nextDouble() * width;
            py[j] = random.nextDouble() * height;
        }
        int[] srcOf = new int[1024];
        int[] dstOf = new int[1024];
        int e = 0;
        for (int i = 0; i < preCount; i++) {
            double x = i % width + 0.5;
            double y = i / width + 0.5;
            for (int j = 0; j < postCount; j++) {
                double dx = px[j] - x;
                double dy = py[j] - y;
                double prob = pMax * Math.exp(-(dx * dx + dy * dy) / (2 * sigmaPx * sigmaPx));
                if (random.nextDouble() < prob) {
                    if (e == srcOf.length) {
                        srcOf = java.util.Arrays.copyOf(srcOf, e * 2);
                        dstOf = java.util.Arrays.copyOf(dstOf, e * 2);
                    }
                    srcOf[e] = i;
                    dstOf[e++] = j;
                }
            }
        }
        return fromEdges(preCount, postCount, srcOf, dstOf, e, weights, minDelaySteps, maxDelaySteps, random);
    }

    /**
     * Excitatory/inhibitory weights: presynaptic neurons {@code 0 .. excitatoryCount-1} excite with
     * {@code jExcMv}, the rest inhibit with {@code -g * jExcMv} (Brunel 2000).
     */
    public static WeightFunction excitatoryInhibitory(int excitatoryCount, double jExcMv, double g) {
        return (pre, post, random) -> pre < excitatoryCount ? jExcMv : -g * jExcMv;
    }

    private static void checkDelays(int minDelaySteps, int maxDelaySteps) {
        if (minDelaySteps < 1 || maxDelaySteps < minDelaySteps) {
            throw new IllegalArgumentException("delays must satisfy 1 <= minDelaySteps <= maxDelaySteps, got "
                    + minDelaySteps + ", " + maxDelaySteps);
        }
    }

    private static CsrSynapses fromEdges(int preCount, int postCount, int[] srcOf, int[] dstOf, int nnz,
                                         WeightFunction weights, int minDelay, int maxDelay, SplittableRandom random) {
        int[] rowStart = new int[preCount + 1];
        for (int e = 0; e < nnz; e++) {
            rowStart[srcOf[e] + 1]++;
        }
        for (int i = 0; i < preCount; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        int[] fill = new int[preCount];
        int[] post = new int[nnz];
        double[] w = new double[nnz];
        int[] delay = new int[nnz];
        for (int e = 0; e < nnz; e++) {
            int i = srcOf[e];
            int s = rowStart[i] + fill[i]++;
            post[s] = dstOf[e];
        }
        // weights and delays drawn in synapse order, so they do not depend on edge order
        for (int s = 0; s < nnz; s++) {
            delay[s] = minDelay == maxDelay ? minDelay : minDelay + random.nextInt(maxDelay - minDelay + 1);
        }
        for (int i = 0; i < preCount; i++) {
            for (int s = rowStart[i]; s < rowStart[i + 1]; s++) {
                w[s] = weights.weight(i, post[s], random);
            }
        }
        return new CsrSynapses(preCount, postCount, rowStart, post, w, delay);
    }
}
