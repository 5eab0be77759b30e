package io.neurostream.flink.dvs;

import io.neurostream.operators.events.BackgroundActivityFilterParams;
import io.neurostream.operators.events.FeastLayerParams;
import io.neurostream.operators.events.FeastParams;
import io.neurostream.operators.events.RefractoryFilterParams;
import io.neurostream.operators.events.RoiDownsampleParams;
import io.neurostream.operators.events.TimeSurfaceParams;
import java.io.Serializable;

/**
 * Settings of the event stages of dvs-classify, run inside its keyed learner ({@link SensorPipeline})
 * on each sensor's events in this order:
 * <ol>
 *   <li>order check: a packet whose first event is more than {@code disorderMicros} before the
 *       latest event already seen from its sensor goes to dead-letters ({@link #NO_ORDER_CHECK} = off);</li>
 *   <li>background-activity filter ({@code backgroundWindowMicros > 0}, neighbourhood {@code backgroundRadius});</li>
 *   <li>refractory filter ({@code refractoryMicros > 0});</li>
 *   <li>region of interest and downsampling ({@code roiWidth > 0} and/or {@code downsample > 1});</li>
 *   <li>FEAST feature neurons on a time surface ({@code feastNeurons > 0}): each event becomes a feature
 *       event (cell x, cell y, feature index as the input channel) at its cell (pooled by
 *       {@code feastPool}), or nothing when no neuron is selected. FEAST learns during the first
 *       {@code feastLearnEvents} events of each sensor, then its neurons are frozen.</li>
 * </ol>
 * The stages are sized per sensor from the geometry its packets carry ({@link #forSensor}); the
 * values here are the template. Everything is primitive so the record is serializable; kernel
 * parameter records are made per sensor.
 *
 * @param sensorWidth            sensor width these settings are sized for ({@link #forSensor} re-sizes them)
 * @param sensorHeight           sensor height
 * @param disorderMicros         tolerated time disorder across packets of one sensor (µs, ≥ 0);
 *                               {@link #NO_ORDER_CHECK} turns the check off
 * @param backgroundWindowMicros background-activity support window (µs), 0 = off
 * @param backgroundRadius       background-activity neighbourhood half-size (1–3)
 * @param refractoryMicros       refractory period per pixel (µs), 0 = off
 * @param roiX                   region of interest, left column
 * @param roiY                   region of interest, top row
 * @param roiWidth               region width, 0 = the whole sensor
 * @param roiHeight              region height, 0 = the whole sensor
 * @param downsample             integer downsampling factor after the region (1 = none)
 * @param feastNeurons           FEAST feature neurons, 0 = off
 * @param feastRadius            FEAST patch half-size r: context (2r+1)^2
 * @param feastTauMicros         time-surface decay constant (µs)
 * @param feastEta               FEAST weight learning rate
 * @param feastThresholdOpen     FEAST ΔI (winner's threshold rise)
 * @param feastThresholdClose    FEAST ΔE (all thresholds fall after a miss)
 * @param feastPool              cells of feature events are {@code feastPool x feastPool} pixels (≥ 1)
 * @param feastLearnEvents       events per sensor during which FEAST learns (then frozen); ≥ 0
 * @param feastSeed              seed of the initial FEAST weights
 */
public record EventStagesConfig(
        int sensorWidth, int sensorHeight, long disorderMicros,
        long backgroundWindowMicros, int backgroundRadius, long refractoryMicros,
        int roiX, int roiY, int roiWidth, int roiHeight, int downsample,
        int feastNeurons, int feastRadius, double feastTauMicros, double feastEta, double feastThresholdOpen,
        double feastThresholdClose, int feastPool, long feastLearnEvents, long feastSeed) implements Serializable {

    public EventStagesConfig {
        if (sensorWidth < 1 || sensorHeight < 1) {
            throw new IllegalArgumentException("sensor geometry " + sensorWidth + "x" + sensorHeight + " must be positive");
        }
        if (disorderMicros < 0) {
            throw new IllegalArgumentException("disorderMicros must be >= 0, got " + disorderMicros);
        }
        if (backgroundWindowMicros < 0 || refractoryMicros < 0) {
            throw new IllegalArgumentException("backgroundWindowMicros and refractoryMicros must be >= 0 (0 = off), got "
                    + backgroundWindowMicros + ", " + refractoryMicros);
        }
        if (feastNeurons < 0 || feastPool < 1 || feastLearnEvents < 0) {
            throw new IllegalArgumentException("feastNeurons must be >= 0 (0 = off), feastPool >= 1, feastLearnEvents >= 0");
        }
        // Build every kernel's params once so a bad value fails here, naming the field (the record's
        // fields are not assigned yet inside this constructor, so the parameters are used directly).
        if (backgroundWindowMicros > 0) {
            new BackgroundActivityFilterParams(sensorWidth, sensorHeight, backgroundWindowMicros, backgroundRadius);
        }
        if (refractoryMicros > 0) {
            new RefractoryFilterParams(sensorWidth, sensorHeight, refractoryMicros);
        }
        int gridWidth = sensorWidth;
        int gridHeight = sensorHeight;
        if (roiWidth != 0 || roiHeight != 0 || downsample != 1) {
            RoiDownsampleParams roi = new RoiDownsampleParams(sensorWidth, sensorHeight, roiX, roiY,
                    roiWidth == 0 ? sensorWidth : roiWidth, roiHeight == 0 ? sensorHeight : roiHeight, downsample);
            gridWidth = roi.outWidth();
            gridHeight = roi.outHeight();
        }
        if (feastNeurons > 0) {
            int side = 2 * feastRadius + 1;
            new FeastLayerParams(new TimeSurfaceParams(gridWidth, gridHeight, feastTauMicros, false), feastRadius,
                    new FeastParams(feastNeurons, side * side, feastEta, feastThresholdOpen, feastThresholdClose));
        }
    }

    /** Disorder bound that turns the order check off. */
    public static final long NO_ORDER_CHECK = Long.MAX_VALUE;

    /** No stage at all: every event goes to the liquid as it is (the default of dvs-classify). */
    public static EventStagesConfig none() {
        return checkOnly(1, 1, NO_ORDER_CHECK);
    }

    /** True if no stage changes or drops events and the order is not checked. */
    public boolean isNone() {
        return disorderMicros == NO_ORDER_CHECK && backgroundWindowMicros == 0 && refractoryMicros == 0
                && roiParams() == null && feastNeurons == 0;
    }

    /**
     * These settings for a sensor of {@code width x height} pixels (from its packets).
     *
     * @throws IllegalArgumentException if they do not fit that sensor (a region of interest outside it)
     */
    public EventStagesConfig forSensor(int width, int height) {
        if (width == sensorWidth && height == sensorHeight) {
            return this;
        }
        return new EventStagesConfig(width, height, disorderMicros, backgroundWindowMicros, backgroundRadius,
                refractoryMicros, roiX, roiY, roiWidth, roiHeight, downsample, feastNeurons, feastRadius, feastTauMicros,
                feastEta, feastThresholdOpen, feastThresholdClose, feastPool, feastLearnEvents, feastSeed);
    }

    public static EventStagesConfig checkOnly(int width, int height, long disorderMicros) {
        return new EventStagesConfig(width, height, disorderMicros, 0, 1, 0, 0, 0, 0, 0, 1,
                0, 2, 20_000, 0.001, 0.001, 0.003, 1, 0, 1L);
    }

    /** A copy with the background-activity filter on. */
    public EventStagesConfig withBackgroundFilter(long windowMicros, int radius) {
        return new EventStagesConfig(sensorWidth, sensorHeight, disorderMicros, windowMicros, radius, refractoryMicros,
                roiX, roiY, roiWidth, roiHeight, downsample, feastNeurons, feastRadius, feastTauMicros, feastEta,
                feastThresholdOpen, feastThresholdClose, feastPool, feastLearnEvents, feastSeed);
    }

    /** A copy with the refractory filter on. */
    public EventStagesConfig withRefractory(long micros) {
        return new EventStagesConfig(sensorWidth, sensorHeight, disorderMicros, backgroundWindowMicros,
                backgroundRadius, micros, roiX, roiY, roiWidth, roiHeight, downsample, feastNeurons, feastRadius,
                feastTauMicros, feastEta, feastThresholdOpen, feastThresholdClose, feastPool, feastLearnEvents, feastSeed);
    }

    /** A copy with a region of interest ({@code width 0} = whole sensor) and downsampling. */
    public EventStagesConfig withRoi(int x, int y, int width, int height, int factor) {
        return new EventStagesConfig(sensorWidth, sensorHeight, disorderMicros, backgroundWindowMicros,
                backgroundRadius, refractoryMicros, x, y, width, height, factor, feastNeurons, feastRadius,
                feastTauMicros, feastEta, feastThresholdOpen, feastThresholdClose, feastPool, feastLearnEvents, feastSeed);
    }

    /** A copy with FEAST on (Afshar et al. 2020 rates unless changed). */
    public EventStagesConfig withFeast(int neurons, int radius, double tauMicros, double eta, double thresholdOpen,
                                       double thresholdClose, int pool, long learnEvents, long seed) {
        return new EventStagesConfig(sensorWidth, sensorHeight, disorderMicros, backgroundWindowMicros,
                backgroundRadius, refractoryMicros, roiX, roiY, roiWidth, roiHeight, downsample, neurons, radius,
                tauMicros, eta, thresholdOpen, thresholdClose, pool, learnEvents, seed);
    }

    /** Background-activity filter params, or null when off. */
    public BackgroundActivityFilterParams backgroundParams() {
        return backgroundWindowMicros == 0 ? null
                : new BackgroundActivityFilterParams(sensorWidth, sensorHeight, backgroundWindowMicros, backgroundRadius);
    }

    /** Refractory filter params, or null when off. */
    public RefractoryFilterParams refractoryParams() {
        return refractoryMicros == 0 ? null : new RefractoryFilterParams(sensorWidth, sensorHeight, refractoryMicros);
    }

    /** Region/downsampling params, or null when off. */
    public RoiDownsampleParams roiParams() {
        if (roiWidth == 0 && roiHeight == 0 && downsample == 1) {
            return null;
        }
        return new RoiDownsampleParams(sensorWidth, sensorHeight, roiX, roiY,
                roiWidth == 0 ? sensorWidth : roiWidth, roiHeight == 0 ? sensorHeight : roiHeight, downsample);
    }

    /** FEAST layer params over the (region-cropped, downsampled) grid, or null when off. */
    public FeastLayerParams feastParams() {
        if (feastNeurons == 0) {
            return null;
        }
        int side = 2 * feastRadius + 1;
        return new FeastLayerParams(new TimeSurfaceParams(gridWidth(), gridHeight(), feastTauMicros, false), feastRadius,
                new FeastParams(feastNeurons, side * side, feastEta, feastThresholdOpen, feastThresholdClose));
    }

    /** Width of the pixel grid after region and downsampling. */
    public int gridWidth() {
        RoiDownsampleParams roi = roiParams();
        return roi == null ? sensorWidth : roi.outWidth();
    }

    /** Height of the pixel grid after region and downsampling. */
    public int gridHeight() {
        RoiDownsampleParams roi = roiParams();
        return roi == null ? sensorHeight : roi.outHeight();
    }

    /** Feature cells across (FEAST on). */
    public int cellsX() {
        return (gridWidth() + feastPool - 1) / feastPool;
    }

    /** Feature cells down (FEAST on). */
    public int cellsY() {
        return (gridHeight() + feastPool - 1) / feastPool;
    }

    /** Width of the grid the stages emit events on: FEAST cells, or pixels after region/downsampling. */
    public int outWidth() {
        return feastNeurons > 0 ? cellsX() : gridWidth();
    }

    /** Height of the grid the stages emit events on. */
    public int outHeight() {
        return feastNeurons > 0 ? cellsY() : gridHeight();
    }

    /**
     * Input channels per cell of what the stages emit: the FEAST neuron count for feature
     * events, else 2 (OFF = 0, ON = 1).
     */
    public int channelsPerCell() {
        return feastNeurons > 0 ? feastNeurons : 2;
    }
}
