package io.neurostream.flink.dvs;

import io.neurostream.core.features.BinnedCounts;
import io.neurostream.core.features.BinnedCounts.Transform;
import io.neurostream.core.lsm.LiquidParams;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What dvs-classify's readout learns from ({@code --readout-input}):
 *
 * <ul>
 *   <li>{@link Kind#LIQUID} (default): the liquid's spike counts per neuron and time bin, log1p, and a bias;
 *   <li>{@link Kind#COUNTS}: the window's input events counted per pooled cell, channel (ON/OFF) and time bin
 *       ({@code countBinEdgesMicros}, one bin per N-MNIST saccade by default), log1p or sqrt, optionally scaled to
 *       unit length, optionally through
 *       {@code randomUnits} fixed random Fourier units, and a bias ({@link BinnedCounts}); the liquid is not run;
 *   <li>{@link Kind#COUNTS_LIQUID}: both, concatenated.
 * </ul>
 *
 * @param kind which features
 * @param countPool square pooling of the input grid for the counts (1 = per cell)
 * @param countBinEdgesMicros inner time-bin edges relative to the window start (bins = edges + 1)
 * @param randomUnits random Fourier units on the counts (0 = none: the counts go to the readout as they are)
 * @param randomGamma their Gaussian kernel width {@code exp(-gamma |c - c'|^2)} on the log1p counts
 * @param keepCounts with random units, also give the readout the counts
 * @param seed seed of the random units
 * @param countTransform log1p or sqrt of each count
 * @param countNormalize scale the transformed count vector to unit length (before the random units)
 */
public record ReadoutInput(Kind kind, int countPool, long[] countBinEdgesMicros, int randomUnits, double randomGamma,
                           boolean keepCounts, long seed, Transform countTransform, boolean countNormalize)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The features the readout learns from. */
    public enum Kind {
        LIQUID("liquid"), COUNTS("counts"), COUNTS_LIQUID("counts+liquid");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        /** Parses {@code liquid}, {@code counts} or {@code counts+liquid}. */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.option.equalsIgnoreCase(text.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--readout-input must be liquid, counts or counts+liquid, got '" + text + "'");
        }
    }

    /** One bin per N-MNIST saccade: the recordings' event rate dips near 105 and 215 ms (data README). */
    public static final long[] SACCADE_EDGES_MICROS = {105_000, 215_000};
    /** About 1 / (median squared distance between two N-MNIST count vectors at pool 2): measured on the train list. */
    public static final double DEFAULT_RANDOM_GAMMA = 6.5e-4;
    /**
     * Kernel width for sqrt counts scaled to unit length: 0.5 / median squared distance of two N-MNIST recordings'
     * vectors (0.745); unit length makes the distances independent of how many events a recording has.
     */
    public static final double UNIT_LENGTH_RANDOM_GAMMA = 0.67;

    /** log1p counts, not normalised. */
    public ReadoutInput(Kind kind, int countPool, long[] countBinEdgesMicros, int randomUnits, double randomGamma,
                        boolean keepCounts, long seed) {
        this(kind, countPool, countBinEdgesMicros, randomUnits, randomGamma, keepCounts, seed, Transform.LOG1P, false);
    }

    public ReadoutInput {
        if (kind == null) {
            throw new IllegalArgumentException("readout input kind is required");
        }
        countBinEdgesMicros = countBinEdgesMicros == null ? SACCADE_EDGES_MICROS.clone() : countBinEdgesMicros.clone();
        // a config serialised before the transform options existed reads back with null: log1p, as it was
        countTransform = countTransform == null ? Transform.LOG1P : countTransform;
        // validates pool, edges and random units with a message naming the problem
        new BinnedCounts.Params(1, 1, 1, countPool, countBinEdgesMicros, randomUnits, randomGamma, keepCounts, seed,
                countTransform, countNormalize);
    }

    /** The liquid's features only (what dvs-classify has always learned from). */
    public static ReadoutInput liquid() {
        return new ReadoutInput(Kind.LIQUID, 2, SACCADE_EDGES_MICROS, 0, DEFAULT_RANDOM_GAMMA, false, 7);
    }

    /** Saccade-binned counts at {@code pool}, through {@code randomUnits} random Fourier units (0 = none). */
    public static ReadoutInput counts(int pool, int randomUnits) {
        return new ReadoutInput(Kind.COUNTS, pool, SACCADE_EDGES_MICROS, randomUnits, DEFAULT_RANDOM_GAMMA, false, 7);
    }

    public ReadoutInput withKind(Kind newKind) {
        return new ReadoutInput(newKind, countPool, countBinEdgesMicros, randomUnits, randomGamma, keepCounts, seed,
                countTransform, countNormalize);
    }

    /** A copy whose counts are transformed this way, optionally scaled to unit length, with this kernel width. */
    public ReadoutInput withCountTransform(Transform transform, boolean normalize, double gamma) {
        return new ReadoutInput(kind, countPool, countBinEdgesMicros, randomUnits, gamma, keepCounts, seed,
                transform, normalize);
    }

    public boolean usesCounts() {
        return kind != Kind.LIQUID;
    }

    public boolean usesLiquid() {
        return kind != Kind.COUNTS;
    }

    /** The count features' parameters on the liquid's input grid and channels. */
    public BinnedCounts.Params countParams(LiquidParams liquid) {
        return new BinnedCounts.Params(liquid.width(), liquid.height(), liquid.channelsPerPixel(), countPool,
                countBinEdgesMicros, randomUnits, randomGamma, keepCounts, seed, countTransform, countNormalize);
    }

    /** Length of the readout's feature vector (a bias included). */
    public int featureCount(LiquidParams liquid) {
        return switch (kind) {
            case LIQUID -> liquid.featureCount();
            case COUNTS -> countParams(liquid).featureCount() + 1;
            case COUNTS_LIQUID -> countParams(liquid).featureCount() + liquid.featureCount();
        };
    }

    /** One line for model snapshots and logs. */
    public String describe(LiquidParams liquid) {
        String counts = countTransform.option() + "(input events per " + countPool + "x" + countPool + " cells, channel and time bin, edges "
                + Arrays.toString(countBinEdgesMicros) + " µs)" + (countNormalize ? " scaled to unit length" : "")
                + (randomUnits == 0 ? ""
                : " -> " + randomUnits + " random Fourier units (gamma " + randomGamma + ", seed " + seed + ")"
                + (keepCounts ? " + the counts" : ""));
        return switch (kind) {
            case LIQUID -> "log1p(spike count) per neuron and time bin, then bias 1";
            case COUNTS -> counts + ", then bias 1";
            case COUNTS_LIQUID -> counts + ", then log1p(spike count) per neuron and time bin, then bias 1";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadoutInput r && r.kind == kind && r.countPool == countPool
                && Arrays.equals(r.countBinEdgesMicros, countBinEdgesMicros) && r.randomUnits == randomUnits
                && Double.compare(r.randomGamma, randomGamma) == 0 && r.keepCounts == keepCounts && r.seed == seed
                && r.countTransform == countTransform && r.countNormalize == countNormalize;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(countBinEdgesMicros) + countPool * 7 + randomUnits;
    }

    @Override
    public String toString() {
        return kind.option() + (kind == Kind.LIQUID ? "" : " (pool " + countPool + ", bin edges "
                + Arrays.toString(countBinEdgesMicros) + " µs, " + countTransform.option()
                + (countNormalize ? ", unit length" : "") + ", random units " + randomUnits + ")");
    }

    /** Parses comma-separated edges in µs, e.g. {@code 105000,215000} (empty: one bin). */
    public static long[] parseEdges(String text) {
        if (text == null || text.isBlank()) {
            return new long[0];
        }
        try {
            return Arrays.stream(text.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--count-bin-edges-micros must be comma-separated integers (µs), got '"
                    + text + "'");
        }
    }
}
