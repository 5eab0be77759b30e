package io.neurostream.connectors.events;

/**
 * Sensor size in pixels. {@link #UNKNOWN} (0 × 0) means the file does not say and no override was given;
 * every x is then only known to fit the format's address bits.
 *
 * @param width  pixels along x, 0 if unknown
 * @param height pixels along y, 0 if unknown
 */
public record SensorGeometry(int width, int height) {
    /** The file gives no size and none was configured. */
    public static final SensorGeometry UNKNOWN = new SensorGeometry(0, 0);

    public SensorGeometry {
        if (width < 0 || height < 0 || (width == 0) != (height == 0) || width > 65535 || height > 65535) {
            throw new IllegalArgumentException("geometry " + width + "x" + height
                    + " invalid: width and height must both be in [1, 65535] (or both 0 for unknown)");
        }
    }

    public boolean isKnown() {
        return width > 0;
    }

    /** Parses {@code "640x480"}. */
    public static SensorGeometry parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("geometry '" + text + "' must look like 640x480");
        }
        return new SensorGeometry(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    }

    /** The sensor of the jAER/cAER chip named in {@code text} (DAVIS346, DAVIS240, DAVIS128, DVS128), else UNKNOWN. */
    static SensorGeometry ofChipName(String text) {
        String upper = text.toUpperCase(java.util.Locale.ROOT);
        if (upper.contains("DAVIS346")) {
            return new SensorGeometry(346, 260);
        }
        if (upper.contains("DAVIS240")) {
            return new SensorGeometry(240, 180);
        }
        if (upper.contains("DAVIS128") || upper.contains("DVS128")) {
            return new SensorGeometry(128, 128);
        }
        return UNKNOWN;
    }

    @Override
    public String toString() {
        return isKnown() ? width + "x" + height : "unknown";
    }
}
