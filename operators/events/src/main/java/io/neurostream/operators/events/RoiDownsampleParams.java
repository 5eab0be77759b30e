package io.neurostream.operators.events;

/**
 * Region of interest then integer downsampling: an event at (x, y) inside
 * {@code [roiX, roiX + roiWidth) × [roiY, roiY + roiHeight)} becomes ((x − roiX) / factor, (y − roiY) / factor).
 *
 * @param sensorWidth  input width (≥ 1)
 * @param sensorHeight input height (≥ 1)
 * @param roiX         left column of the region (inside the sensor)
 * @param roiY         top row of the region
 * @param roiWidth     region width (≥ 1, region inside the sensor)
 * @param roiHeight    region height
 * @param factor       downsampling factor (1–256); output size = ceil(roi / factor)
 */
public record RoiDownsampleParams(int sensorWidth, int sensorHeight, int roiX, int roiY, int roiWidth, int roiHeight,
                                  int factor) {
    public RoiDownsampleParams {
        Checks.geometry(sensorWidth, sensorHeight);
        if (roiX < 0 || roiY < 0 || roiWidth < 1 || roiHeight < 1 || roiX + roiWidth > sensorWidth
                || roiY + roiHeight > sensorHeight) {
            throw new IllegalArgumentException("region " + roiWidth + "x" + roiHeight + " at (" + roiX + ", " + roiY
                    + ") not inside the " + sensorWidth + "x" + sensorHeight + " sensor");
        }
        if (factor < 1 || factor > 256) {
            throw new IllegalArgumentException("factor " + factor + " outside [1, 256]");
        }
    }

    /** The whole sensor, downsampled. */
    public static RoiDownsampleParams downsample(int sensorWidth, int sensorHeight, int factor) {
        return new RoiDownsampleParams(sensorWidth, sensorHeight, 0, 0, sensorWidth, sensorHeight, factor);
    }

    public int outWidth() {
        return (roiWidth + factor - 1) / factor;
    }

    public int outHeight() {
        return (roiHeight + factor - 1) / factor;
    }
}
