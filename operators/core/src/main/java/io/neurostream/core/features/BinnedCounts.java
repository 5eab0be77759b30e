package io.neurostream.core.features;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Readout input made of the window's input events themselves: per pooled cell, input channel
 * (ON/OFF) and time bin, {@code log1p(count)} or {@code sqrt(count)}, optionally scaled to unit length; optionally followed by fixed random Fourier units
 * {@code sqrt(2/D) cos(w_k . c + b_k)} of those counts (Rahimi &amp; Recht 2007: a linear readout on
 * them approximates a Gaussian-kernel machine on the counts).
 *
 * <p>Why: on N-MNIST the three saccades of a recording move the digit in three directions, so
 * counts split at the saccade borders keep where and in which direction each edge moved
 * (Orchard et al. 2015); a linear readout on them beats the liquid's spike counts here (README,
 * "Learning results"). Bins are given by their edges relative to the window start
 * ({@code binEdgesMicros}, increasing; events past the last edge fall in the last bin).
 *
 * <p>The counts of the open window are a plain {@code int[]} ({@link #newCounts()}), kept by the
 * caller (Flink state); the random projection is rebuilt from its seed, never stored. Not
 * thread-safe (one scratch vector): one instance per operator subtask.
 *
 * @see Params
 */
public final class BinnedCounts {

    /**
     * @param width input grid width (cells)
     * @param height input grid height (cells)
     * @param channels input channels per cell (2 for ON/OFF)
     * @param pool square pooling of the grid: {@code pool x pool} cells are summed (1 = none)
     * @param binEdgesMicros inner bin edges relative to the window start, strictly increasing, &gt; 0
     *     (empty: one bin); bins = edges + 1
     * @param randomUnits random Fourier units after the counts (0 = none)
     * @param randomGamma kernel width: {@code exp(-gamma |c - c'|^2)} with c the transformed counts
     * @param keepCounts with random units, also give the readout the counts themselves
     * @param seed seed of the random units
     * @param transform how a count becomes a feature: {@code log1p(n)} or {@code sqrt(n)}
     * @param normalize divide the transformed count vector by its Euclidean length (an all-zero window stays
     *     zero), before the random units: the window's total event count then no longer moves it
     */
    public record Params(int width, int height, int channels, int pool, long[] binEdgesMicros, int randomUnits,
                         double randomGamma, boolean keepCounts, long seed, Transform transform, boolean normalize) {
        /** log1p counts, not normalised (what the readout input was before the transform options). */
        public Params(int width, int height, int channels, int pool, long[] binEdgesMicros, int randomUnits,
                      double randomGamma, boolean keepCounts, long seed) {
            this(width, height, channels, pool, binEdgesMicros, randomUnits, randomGamma, keepCounts, seed,
                    Transform.LOG1P, false);
        }

        public Params {
            if (transform == null) {
                throw new IllegalArgumentException("count transform is required (log1p or sqrt)");
            }
            if (width < 1 || height < 1 || channels < 1) {
                throw new IllegalArgumentException("grid " + width + "x" + height + "x" + channels + " must be positive");
            }
            if (pool < 1) {
                throw new IllegalArgumentException("count pool must be >= 1, got " + pool);
            }
            binEdgesMicros = binEdgesMicros == null ? new long[0] : binEdgesMicros.clone();
            for (int i = 0; i < binEdgesMicros.length; i++) {
                if (binEdgesMicros[i] <= 0 || i > 0 && binEdgesMicros[i] <= binEdgesMicros[i - 1]) {
                    throw new IllegalArgumentException("count bin edges must be > 0 and strictly increasing, got "
                            + Arrays.toString(binEdgesMicros));
                }
            }
            if (randomUnits < 0 || randomUnits > 100_000) {
                throw new IllegalArgumentException("random units must be in [0, 100000], got " + randomUnits);
            }
            if (randomUnits > 0 && !(randomGamma > 0 && Double.isFinite(randomGamma))) {
                throw new IllegalArgumentException("random gamma must be > 0, got " + randomGamma);
            }
        }

        public int pooledWidth() {
            return (width + pool - 1) / pool;
        }

        public int pooledHeight() {
            return (height + pool - 1) / pool;
        }

        public int bins() {
            return binEdgesMicros.length + 1;
        }

        /** Length of the count vector: pooled cells x channels x bins. */
        public int countLength() {
            return pooledWidth() * pooledHeight() * channels * bins();
        }

        /** Features written by {@link BinnedCounts#features}: counts and/or random units. */
        public int featureCount() {
            return (randomUnits == 0 || keepCounts ? countLength() : 0) + randomUnits;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Params p && p.width == width && p.height == height && p.channels == channels
                    && p.pool == pool && Arrays.equals(p.binEdgesMicros, binEdgesMicros) && p.randomUnits == randomUnits
                    && Double.compare(p.randomGamma, randomGamma) == 0 && p.keepCounts == keepCounts && p.seed == seed
                    && p.transform == transform && p.normalize == normalize;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(binEdgesMicros) * 31 + width * 7 + pool + randomUnits;
        }

        @Override
        public String toString() {
            return transform.option() + (normalize ? " l2-normalised" : "") + " counts " + width + "x" + height + "x"
                    + channels + " pool " + pool + " bin edges " + Arrays.toString(binEdgesMicros) + " µs"
                    + (randomUnits == 0 ? ""
                    : ", " + randomUnits + " random Fourier units (gamma " + randomGamma + ", seed " + seed + ")"
                    + (keepCounts ? " + counts" : ""));
        }
    }

    /** How a window's count becomes a feature. */
    public enum Transform {
        /** {@code log1p(n)}: compresses busy cells strongly. */
        LOG1P("log1p"),
        /** {@code sqrt(n)}: compresses less (the variance-stabilising transform of Poisson counts). */
        SQRT("sqrt");

        private final String option;

        Transform(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        /** Parses {@code log1p} or {@code sqrt}. */
        public static Transform parse(String text) {
            for (Transform t : values()) {
                if (t.option.equalsIgnoreCase(text.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("count transform must be log1p or sqrt, got '" + text + "'");
        }
    }

    private final Params params;
    private final int pooledWidth;
    private final int channels;
    private final int cellsPerBin;
    /** Random directions, unit-major: {@code randomUnits x countLength}; null without random units. */
    private final float[] directions;
    private final double[] phases;
    private final double[] scratch;

    public BinnedCounts(Params params) {
        this.params = params;
        this.pooledWidth = params.pooledWidth();
        this.channels = params.channels();
        this.cellsPerBin = params.pooledWidth() * params.pooledHeight() * params.channels();
        int d = params.randomUnits();
        int n = params.countLength();
        if (d > 0) {
            // w ~ N(0, 2 gamma I), b ~ U(0, 2 pi): E[cos cos] gives the Gaussian kernel exp(-gamma |x - y|^2).
            SplittableRandom random = new SplittableRandom(params.seed());
            directions = new float[d * n];
            double scale = Math.sqrt(2 * params.randomGamma());
            for (int i = 0; i < directions.length; i++) {
                directions[i] = (float) (gaussian(random) * scale);
            }
            phases = new double[d];
            for (int k = 0; k < d; k++) {
                phases[k] = random.nextDouble() * 2 * Math.PI;
            }
        } else {
            directions = null;
            phases = null;
        }
        scratch = new double[n];
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller (SplittableRandom has no nextGaussian on Java 17)
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    public Params params() {
        return params;
    }

    /** Zero counts for one window. */
    public int[] newCounts() {
        return new int[params.countLength()];
    }

    /**
     * Counts one input event.
     *
     * @param dtMicros time since the window start (&gt;= 0)
     * @return false if the event lies outside the grid or channels (not counted)
     */
    public boolean add(int[] counts, long dtMicros, int x, int y, int channel) {
        if (x < 0 || y < 0 || x >= params.width() || y >= params.height() || channel < 0 || channel >= channels) {
            return false;
        }
        long[] edges = params.binEdgesMicros();
        int bin = 0;
        while (bin < edges.length && dtMicros >= edges[bin]) {
            bin++;
        }
        counts[bin * cellsPerBin + ((y / params.pool()) * pooledWidth + x / params.pool()) * channels + channel]++;
        return true;
    }

    /**
     * Writes the features of {@code counts} into {@code out} from {@code offset}: the transformed (log1p or
     * sqrt, optionally normalised to unit length) counts (unless
     * random units replace them), then the random units; {@link Params#featureCount()} values.
     */
    public void features(int[] counts, double[] out, int offset) {
        int n = params.countLength();
        if (counts.length != n) {
            throw new IllegalArgumentException("counts must have length " + n + ", got " + counts.length);
        }
        double[] c = scratch;
        boolean sqrt = params.transform() == Transform.SQRT;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double v = counts[i] == 0 ? 0 : sqrt ? Math.sqrt(counts[i]) : Math.log1p(counts[i]);
            c[i] = v;
            squares += v * v;
        }
        if (params.normalize() && squares > 0) {
            double inverseLength = 1 / Math.sqrt(squares);
            for (int i = 0; i < n; i++) {
                c[i] *= inverseLength;
            }
        }
        int at = offset;
        if (directions == null || params.keepCounts()) {
            System.arraycopy(c, 0, out, at, n);
            at += n;
        }
        if (directions != null) {
            int d = params.randomUnits();
            double amplitude = Math.sqrt(2.0 / d);
            for (int k = 0; k < d; k++) {
                double sum = phases[k];
                int row = k * n;
                for (int i = 0; i < n; i++) {
                    double ci = c[i];
                    if (ci != 0) {
                        sum += directions[row + i] * ci;
                    }
                }
                out[at + k] = amplitude * Math.cos(sum);
            }
        }
    }
}
