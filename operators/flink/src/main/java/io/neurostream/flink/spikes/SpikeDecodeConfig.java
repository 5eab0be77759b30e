package io.neurostream.flink.spikes;

import java.io.Serializable;

/**
 * Settings of one spike-decode operator, validated on construction.
 *
 * @param decoder which decoder this operator runs
 * @param binMicros bin width on the recording clock
 * @param stepMicros a bin starts every step (step &lt; width: overlapping bins); width must be a multiple
 * @param allowedLatenessMicros a bin stays open this long past its end for out-of-order spikes (0 = close at once)
 * @param labelLatenessMicros a closed bin waits this long (recording time) for its label
 * @param smoothingTauMs exponential smoothing of the counts before decoding, 0 = none
 * @param outputCount decoded values (2 for 2-D velocity); ignored by {@link DecoderKind#RATES}
 * @param lambda forgetting factor of the decoder's online model in (0, 1] (Kalman: H and Q; RLS and ESN: readout)
 * @param delta initial inverse-correlation scale of RLS readouts
 * @param reservoirUnits ESN units
 * @param seed ESN seed (the reservoir is rebuilt from it, never stored)
 */
public record SpikeDecodeConfig(DecoderKind decoder, long binMicros, long stepMicros, long allowedLatenessMicros,
                                long labelLatenessMicros, double smoothingTauMs, int outputCount, double lambda,
                                double delta, int reservoirUnits, long seed) implements Serializable {

    public SpikeDecodeConfig {
        if (decoder == null) {
            throw new IllegalArgumentException("decoder is required (kalman, rls, esn or rates)");
        }
        if (stepMicros < 1 || binMicros < stepMicros || binMicros % stepMicros != 0) {
            throw new IllegalArgumentException("binMicros (" + binMicros + ") must be a positive multiple of stepMicros ("
                    + stepMicros + ")");
        }
        if (allowedLatenessMicros < 0 || labelLatenessMicros < 0) {
            throw new IllegalArgumentException("allowedLatenessMicros and labelLatenessMicros must be >= 0");
        }
        if (!(smoothingTauMs >= 0)) {
            throw new IllegalArgumentException("smoothingTauMs must be >= 0, got " + smoothingTauMs);
        }
        if (outputCount < 1) {
            throw new IllegalArgumentException("outputCount must be >= 1, got " + outputCount);
        }
        if (!(lambda > 0 && lambda <= 1) || !(delta > 0)) {
            throw new IllegalArgumentException("lambda must be in (0, 1] and delta > 0, got " + lambda + ", " + delta);
        }
        if (reservoirUnits < 1) {
            throw new IllegalArgumentException("reservoirUnits must be >= 1, got " + reservoirUnits);
        }
    }

    /**
     * The settings measured in the README for 20 ms bins: Kalman on raw counts (lambda 0.999,
     * memory 20 s), RLS on counts smoothed with tau 30 ms (lambda 0.9995), ESN of 100 units on the
     * same smoothed counts with an RLS readout over [reservoir; rates; 1] (lambda 0.9995); labels
     * may come up to 2 s late.
     */
    public static SpikeDecodeConfig defaults(DecoderKind kind) {
        return switch (kind) {
            case KALMAN -> new SpikeDecodeConfig(kind, 20_000, 20_000, 0, 2_000_000, 0, 2, 0.999, 1.0, 200, 7L);
            case RLS -> new SpikeDecodeConfig(kind, 20_000, 20_000, 0, 2_000_000, 30, 2, 0.9995, 1.0, 200, 7L);
            case ESN -> new SpikeDecodeConfig(kind, 20_000, 20_000, 0, 2_000_000, 30, 2, 0.9995, 1.0, 100, 7L);
            case RATES -> new SpikeDecodeConfig(kind, 20_000, 20_000, 0, 2_000_000, 0, 1, 1.0, 1.0, 1, 7L);
        };
    }

    public SpikeDecodeConfig withBins(long newBinMicros, long newStepMicros) {
        return new SpikeDecodeConfig(decoder, newBinMicros, newStepMicros, allowedLatenessMicros, labelLatenessMicros,
                smoothingTauMs, outputCount, lambda, delta, reservoirUnits, seed);
    }

    public SpikeDecodeConfig withAllowedLateness(long micros) {
        return new SpikeDecodeConfig(decoder, binMicros, stepMicros, micros, labelLatenessMicros, smoothingTauMs,
                outputCount, lambda, delta, reservoirUnits, seed);
    }

    public SpikeDecodeConfig withSmoothingTauMs(double tauMs) {
        return new SpikeDecodeConfig(decoder, binMicros, stepMicros, allowedLatenessMicros, labelLatenessMicros, tauMs,
                outputCount, lambda, delta, reservoirUnits, seed);
    }

    public SpikeDecodeConfig withOutputCount(int outputs) {
        return new SpikeDecodeConfig(decoder, binMicros, stepMicros, allowedLatenessMicros, labelLatenessMicros,
                smoothingTauMs, outputs, lambda, delta, reservoirUnits, seed);
    }

    public SpikeDecodeConfig withReservoir(int units, long newSeed) {
        return new SpikeDecodeConfig(decoder, binMicros, stepMicros, allowedLatenessMicros, labelLatenessMicros,
                smoothingTauMs, outputCount, lambda, delta, units, newSeed);
    }

    /** The job name in predictions of this decoder in job {@code job}, e.g. {@code spike-decode.kalman}. */
    public String jobName(String job) {
        return job + "." + decoder.id();
    }
}
