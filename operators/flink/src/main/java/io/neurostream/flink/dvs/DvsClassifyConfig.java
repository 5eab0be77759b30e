package io.neurostream.flink.dvs;

import io.neurostream.core.lsm.LiquidParams;
import java.io.Serializable;

/**
 * Settings of the dvs-classify learner, validated on construction.
 *
 * @param liquid reservoir parameters (the topology is rebuilt from its seed on every subtask)
 * @param windowMicros length of one sample window in sensor time; windows are aligned to 0
 * @param classCount number of classes of the readout
 * @param rlsDelta initial P scale of the RLS readout (ridge penalty 1/delta)
 * @param rlsLambda RLS forgetting factor in (0, 1]
 * @param labelLatenessMicros how long (sensor time, past a window's end) a closed window waits for its label
 * @param snapshotEveryUpdates publish a ModelSnapshot after this many learning updates (0 = never)
 * @param featureInput false: packets carry raw ON/OFF events (liquid channel = polarity); true: they
 *     carry feature events packed as {@code x = cellX * liquid.channelsPerPixel() + feature} (see
 *     {@link EventStagesConfig})
 */
public record DvsClassifyConfig(LiquidParams liquid, long windowMicros, int classCount, double rlsDelta,
                                double rlsLambda, long labelLatenessMicros, long snapshotEveryUpdates,
                                boolean featureInput)
        implements Serializable {

    /** Raw ON/OFF input. */
    public DvsClassifyConfig(LiquidParams liquid, long windowMicros, int classCount, double rlsDelta, double rlsLambda,
                             long labelLatenessMicros, long snapshotEveryUpdates) {
        this(liquid, windowMicros, classCount, rlsDelta, rlsLambda, labelLatenessMicros, snapshotEveryUpdates, false);
    }

    public DvsClassifyConfig {
        if (liquid == null) {
            throw new IllegalArgumentException("liquid parameters are required");
        }
        if (windowMicros <= 0) {
            throw new IllegalArgumentException("windowMicros must be > 0, got " + windowMicros);
        }
        if (classCount < 2) {
            throw new IllegalArgumentException("classCount must be >= 2, got " + classCount);
        }
        if (!(rlsDelta > 0)) {
            throw new IllegalArgumentException("rlsDelta must be > 0, got " + rlsDelta);
        }
        if (!(rlsLambda > 0 && rlsLambda <= 1)) {
            throw new IllegalArgumentException("rlsLambda must be in (0, 1], got " + rlsLambda);
        }
        if (labelLatenessMicros < 0 || snapshotEveryUpdates < 0) {
            throw new IllegalArgumentException("labelLatenessMicros and snapshotEveryUpdates must be >= 0");
        }
        if (!featureInput && liquid.channelsPerPixel() != 2) {
            throw new IllegalArgumentException("raw ON/OFF input needs liquid.channelsPerPixel 2, got "
                    + liquid.channelsPerPixel() + " (set featureInput for feature packets)");
        }
    }

    /**
     * This learner fed by {@code stages}: the liquid's input grid becomes the stages' output grid
     * (downsampled pixels, or FEAST cells with one channel per feature neuron).
     */
    public DvsClassifyConfig fedBy(EventStagesConfig stages) {
        boolean features = stages.feastNeurons() > 0;
        LiquidParams input = features
                ? liquid.withInput(stages.cellsX(), stages.cellsY(), stages.feastNeurons())
                : liquid.withInput(stages.gridWidth(), stages.gridHeight(), 2);
        return new DvsClassifyConfig(input, windowMicros, classCount, rlsDelta, rlsLambda, labelLatenessMicros,
                snapshotEveryUpdates, features);
    }

    /** A copy with other liquid parameters. */
    public DvsClassifyConfig withLiquid(LiquidParams newLiquid) {
        return new DvsClassifyConfig(newLiquid, windowMicros, classCount, rlsDelta, rlsLambda, labelLatenessMicros,
                snapshotEveryUpdates, featureInput);
    }

    /** The set-up measured in the README: 34x34 sensor, 400 ms slots, 10 digits. */
    public static DvsClassifyConfig nmnistDefault() {
        return new DvsClassifyConfig(LiquidParams.nmnistDefault(), 400_000, 10, 0.05, 1.0, 2_000_000, 500);
    }
}
