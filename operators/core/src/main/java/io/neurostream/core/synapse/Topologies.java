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
        return fixedInDegree(preCount, postCount, inDegree, noSelf, true, weights, minDelaySteps, maxDelaySteps,
                new SplittableRandom(seed));
    }

    /**
     * Like {@link #fixedInDegree}, but the {@code inDegree} sources of each postsynaptic neuron are
     * drawn with replacement: a pair may be connected more than once (multapses), and any in-degree
     * is possible. Per postsynaptic neuron in order, sources are drawn with
     * {@code random.nextInt(preCount)} until {@code inDegree} are accepted (a self-connection under
     * {@code noSelf} is drawn again); the synapses of a source keep that order.
     *
     * @param random source of the draws, continued (modified), so that several projections can be
     *               built from one seeded stream
     */
    public static CsrSynapses fixedInDegreeWithRepeats(int preCount, int postCount, int inDegree, boolean noSelf,
                                                       WeightFunction weights, int minDelaySteps, int maxDelaySteps,
                                                       SplittableRandom random) {
        int available = noSelf ? preCount - 1 : preCount;
        if (inDegree < 0 || (inDegree > 0 && available < 1)) {
            throw new IllegalArgumentException("inDegree must be >= 0, and 0 without an available source, got "
                    + inDegree + " with " + available + " available");
        }
        return fixedInDegree(preCount, postCount, inDegree, noSelf, false, weights, minDelaySteps, maxDelaySteps,
                random);
    }

    private static CsrSynapses fixedInDegree(int preCount, int postCount, int inDegree, boolean noSelf,
                                             boolean distinct, WeightFunction weights, int minDelaySteps,
                                             int maxDelaySteps, SplittableRandom random) {
        checkDelays(minDelaySteps, maxDelaySteps);
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
                if ((distinct && chosen[i]) || (noSelf && i == j)) {
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
        placeUniformly(width, height, random, px, py);
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
     * Gaussian receptive fields from a {@code width x height} input grid of {@code channelsPerPixel}
     * channels per pixel (pre index {@code (y * width + x) * channelsPerPixel + c}) to
     * {@code postCount} neurons: every channel projects to exactly {@code fanOut} neurons, each drawn
     * independently (with replacement) with probability proportional to
     * {@code exp(-d^2 / (2 sigma^2)) + 1e-9}, {@code d} in pixels from the pixel's centre to the
     * neuron; the small floor keeps far neurons reachable. The channels of one pixel share its
     * field but draw their own targets.
     *
     * <p>Draw order, fixed: the neurons' positions, uniform on the plane ({@code x} then {@code y}
     * per neuron, as {@link #distanceDependent2d}); then per channel in index order {@code fanOut}
     * draws of {@code random.nextDouble()}, whose synapses keep that order; then delays and weights
     * as every factory here.
     *
     * @param random source of the draws, continued (modified), so that several projections can be
     *               built from one seeded stream
     */
    public static CsrSynapses gaussianReceptiveFields(int width, int height, int channelsPerPixel, int postCount,
                                                      int fanOut, double sigmaPx, WeightFunction weights,
                                                      int minDelaySteps, int maxDelaySteps, SplittableRandom random) {
        if (width < 1 || height < 1 || channelsPerPixel < 1 || postCount < 1 || fanOut < 0 || !(sigmaPx > 0)) {
            throw new IllegalArgumentException("need width, height, channelsPerPixel, postCount >= 1, fanOut >= 0"
                    + " and sigmaPx > 0, got " + width + ", " + height + ", " + channelsPerPixel + ", " + postCount
                    + ", " + fanOut + ", " + sigmaPx);
        }
        checkDelays(minDelaySteps, maxDelaySteps);
        double[] px = new double[postCount];
        double[] py = new double[postCount];
        placeUniformly(width, height, random, px, py);
        int pixels = Math.multiplyExact(width, height);
        int channels = Math.multiplyExact(pixels, channelsPerPixel);
        int nnz = Math.multiplyExact(channels, fanOut);
        int[] srcOf = new int[nnz];
        int[] dstOf = new int[nnz];
        double twoSigmaSq = 2 * sigmaPx * sigmaPx;
        double[] cumulative = new double[postCount];
        int e = 0;
        for (int pixel = 0; pixel < pixels; pixel++) {
            double x = pixel % width + 0.5;
            double y = pixel / width + 0.5;
            double total = 0;
            for (int j = 0; j < postCount; j++) {
                double dx = px[j] - x;
                double dy = py[j] - y;
                total += Math.exp(-(dx * dx + dy * dy) / twoSigmaSq) + 1e-9;
                cumulative[j] = total;
            }
            for (int c = 0; c < channelsPerPixel; c++) {
                for (int k = 0; k < fanOut; k++) {
                    srcOf[e] = pixel * channelsPerPixel + c;
                    dstOf[e++] = firstAtLeast(cumulative, random.nextDouble() * total);
                }
            }
        }
        return fromEdges(channels, postCount, srcOf, dstOf, nnz, weights, minDelaySteps, maxDelaySteps, random);
    }

    /** Positions uniform on a {@code width x height} plane: x then y per point, into {@code xOut}, {@code yOut}. */
    private static void placeUniformly(int width, int height, SplittableRandom random, double[] xOut, double[] yOut) {
        for (int j = 0; j < xOut.length; j++) {
            xOut[j] = random.nextDouble() * width;
            yOut[j] = random.nextDouble() * height;
        }
    }

    /** Smallest index whose value is {@code >= u} in a non-decreasing array ending at or above {@code u}. */
    private static int firstAtLeast(double[] cumulative, double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
