package io.neurostream.operators.events;

/** Validation helpers for the Params records: messages name the field, the value and the legal range. */
final class Checks {
    private Checks() {}

    static void geometry(int width, int height) {
        if (width < 1 || width > 65535 || height < 1 || height > 65535) {
            throw new IllegalArgumentException("geometry " + width + "x" + height + " outside [1, 65535] x [1, 65535]");
        }
    }

    static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " " + value + " must be > 0");
        }
    }

    /** A filter window: &gt; 0 and below 2^30 µs (17.9 min), what {@link PixelTimeState} keeps exactly. */
    static void window(String name, long micros) {
        if (micros <= 0 || micros >= PixelTimeState.MAX_WINDOW_MICROS) {
            throw new IllegalArgumentException(name + " " + micros + " must be in (0, " + PixelTimeState.MAX_WINDOW_MICROS
                    + ") µs");
        }
    }

    static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " " + value + " must be a finite number > 0");
        }
    }

    static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " " + value + " must be a finite number >= 0");
        }
    }
}
