package io.neurostream.flink.dvs;

import io.neurostream.core.lsm.LiquidParams;
import java.io.Serializable;
import java.util.Map;

/**
 * Settings of the dvs-classify learner, validated on construction.
 *
 * <p>Any sensor geometry is accepted: each sensor's events (after the optional {@code stages},
 * sized to the geometry its packets carry) are mapped onto the liquid's input grid of
 * {@code liquid.width() x liquid.height()} cells by scaling, so a 640x480 camera and a 34x34
 * N-MNIST sensor feed the same liquid. A region of interest crops a sensor before that
 * ({@code stages} for every sensor, {@code sensorRois} per sensor id).
 *
 * @param liquid reservoir parameters; its width x height is the input grid (the topology is
 *     rebuilt from its seed on every subtask); channelsPerPixel must be the stages' channels
 *     (2 for ON/OFF events, the FEAST neuron count for feature events)
 * @param windowMicros length of one sample window in sensor time; windows are aligned to 0
 * @param classCount number of classes of the readout
 * @param rlsDelta initial P scale of the RLS readout (ridge penalty 1/delta)
 * @param rlsLambda RLS forgetting factor in (0, 1]
 * @param labelLatenessMicros how long (sensor time, past a window's end) a closed window waits for its label
 * @param snapshotEveryUpdates publish a ModelSnapshot after this many learning updates (0 = never)
 * @param stages event stages before the liquid ({@link EventStagesConfig#none()} = none)
 * @param sensorRois per sensor id, a region of interest that replaces the stages' one for that sensor
 * @param readoutInput what the readout learns from: the liquid's spike counts (default), time-binned input
 *     counts, or both ({@link ReadoutInput}); null = the liquid's
 */
public record DvsClassifyConfig(LiquidParams liquid, long windowMicros, int classCount, double rlsDelta,
                                double rlsLambda, long labelLatenessMicros, long snapshotEveryUpdates,
                                EventStagesConfig stages, Map<String, SensorRoi> sensorRois,
                                ReadoutInput readoutInput)
        implements Serializable {

    /**
     * A region of interest of one sensor, in its pixels.
     *
     * @param x left column
     * @param y top row
     * @param width columns (&gt; 0)
     * @param height rows (&gt; 0)
     */
    public record SensorRoi(int x, int y, int width, int height) implements Serializable {
        public SensorRoi {
            if (x < 0 || y < 0 || width < 1 || height < 1) {
                throw new IllegalArgumentException("region of interest " + x + "," + y + "," + width + "," + height
                        + " must have x, y >= 0 and width, height >= 1");
            }
        }

        /** Parses {@code x,y,width,height}. */
        public static SensorRoi parse(String text) {
            String[] parts = text.split(",");
            if (parts.length != 4) {
                throw new IllegalArgumentException("region of interest '" + text + "' must be x,y,width,height");
            }
            try {
                return new SensorRoi(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        Integer.parseInt(parts[2].trim()), Integer.parseInt(parts[3].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("region of interest '" + text + "' must be four integers x,y,width,height");
            }
        }
    }

    /** The readout learns from the liquid's spike counts. */
    public DvsClassifyConfig(LiquidParams liquid, long windowMicros, int classCount, double rlsDelta, double rlsLambda,
                             long labelLatenessMicros, long snapshotEveryUpdates, EventStagesConfig stages,
                             Map<String, SensorRoi> sensorRois) {
        this(liquid, windowMicros, classCount, rlsDelta, rlsLambda, labelLatenessMicros, snapshotEveryUpdates, stages,
                sensorRois, ReadoutInput.liquid());
    }

    /** Raw ON/OFF input, no stages. */
    public DvsClassifyConfig(LiquidParams liquid, long windowMicros, int classCount, double rlsDelta, double rlsLambda,
                             long labelLatenessMicros, long snapshotEveryUpdates) {
        this(liquid, windowMicros, classCount, rlsDelta, rlsLambda, labelLatenessMicros, snapshotEveryUpdates,
                EventStagesConfig.none(), Map.of());
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
        if (stages == null) {
            stages = EventStagesConfig.none();
        }
        sensorRois = sensorRois == null ? Map.of() : Map.copyOf(sensorRois);
        if (readoutInput == null) {
            readoutInput = ReadoutInput.liquid();
        }
        if (liquid.channelsPerPixel() != stages.channelsPerCell()) {
            throw new IllegalArgumentException("the liquid has " + liquid.channelsPerPixel()
                    + " input channels per cell but the stages emit " + stages.channelsPerCell()
                    + (stages.feastNeurons() > 0 ? " (one per FEAST neuron)" : " (ON/OFF)") + ": use withStages(...)");
        }
    }

    /** True if the liquid is fed FEAST feature events rather than ON/OFF events. */
    public boolean featureInput() {
        return stages.feastNeurons() > 0;
    }

    /** This learner behind {@code newStages}: the liquid keeps its grid and takes the stages' channels per cell. */
    public DvsClassifyConfig withStages(EventStagesConfig newStages) {
        LiquidParams input = liquid.channelsPerPixel() == newStages.channelsPerCell() ? liquid
                : liquid.withInput(liquid.width(), liquid.height(), newStages.channelsPerCell());
        return new DvsClassifyConfig(input, windowMicros, classCount, rlsDelta, rlsLambda, labelLatenessMicros,
                snapshotEveryUpdates, newStages, sensorRois, readoutInput);
    }

    /** A copy with other liquid parameters. */
    public DvsClassifyConfig withLiquid(LiquidParams newLiquid) {
        return new DvsClassifyConfig(newLiquid, windowMicros, classCount, rlsDelta, rlsLambda, labelLatenessMicros,
                snapshotEveryUpdates, stages, sensorRois, readoutInput);
    }

    /** A copy with these per-sensor regions of interest. */
    public DvsClassifyConfig withSensorRois(Map<String, SensorRoi> rois) {
        return new DvsClassifyConfig(liquid, windowMicros, classCount, rlsDelta, rlsLambda, labelLatenessMicros,
                snapshotEveryUpdates, stages, rois, readoutInput);
    }

    /** A copy with another window length, class count and snapshot period. */
    public DvsClassifyConfig withWindow(long newWindowMicros, int newClassCount, long newSnapshotEveryUpdates) {
        return new DvsClassifyConfig(liquid, newWindowMicros, newClassCount, rlsDelta, rlsLambda, labelLatenessMicros,
                newSnapshotEveryUpdates, stages, sensorRois, readoutInput);
    }

    /** A copy whose readout learns from {@code input} (see {@link ReadoutInput}). */
    public DvsClassifyConfig withReadoutInput(ReadoutInput input) {
        return new DvsClassifyConfig(liquid, windowMicros, classCount, rlsDelta, rlsLambda, labelLatenessMicros,
                snapshotEveryUpdates, stages, sensorRois, input);
    }

    /** A copy with another RLS prior: initial P = delta I, ridge penalty 1/delta. */
    public DvsClassifyConfig withRlsDelta(double delta) {
        return new DvsClassifyConfig(liquid, windowMicros, classCount, delta, rlsLambda, labelLatenessMicros,
                snapshotEveryUpdates, stages, sensorRois, readoutInput);
    }

    /** Length of the readout's feature vector (a bias included). */
    public int readoutFeatureCount() {
        return readoutInput.featureCount(liquid);
    }

    /** The stages for sensor {@code sensorId} of {@code width x height} pixels (its own region of interest if set). */
    public EventStagesConfig stagesFor(String sensorId, int width, int height) {
        EventStagesConfig sized = stages.forSensor(width, height);
        SensorRoi roi = sensorRois.get(sensorId);
        return roi == null ? sized : sized.withRoi(roi.x(), roi.y(), roi.width(), roi.height(), stages.downsample());
    }

    /** The set-up measured in the README: 34x34 input grid, 400 ms slots, 10 digits. */
    public static DvsClassifyConfig nmnistDefault() {
        return new DvsClassifyConfig(LiquidParams.nmnistDefault(), 400_000, 10, 0.05, 1.0, 2_000_000, 500);
    }
}
