package io.neurostream.flink.learning;

import java.util.Locale;

/** The online readout a learner trains: {@code --readout rls|lms|three-factor}. */
public enum ReadoutKind {
    /** Recursive least squares (second order, O(n^2) per update; the default). */
    RLS("rls"),
    /** Normalised least mean squares on the raw features (first order, O(n)). */
    LMS("lms"),
    /** The error-modulated three-factor Hebbian readout (local, O(n); {@code ErrorModulatedHebbianReadout}). */
    THREE_FACTOR("three-factor");

    private final String option;

    ReadoutKind(String option) {
        this.option = option;
    }

    /** The name on the command line and in model snapshots' metadata. */
    public String option() {
        return option;
    }

    /** Parses {@code rls}, {@code lms} or {@code three-factor}; fails naming the choices. */
    public static ReadoutKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (ReadoutKind k : values()) {
            if (k.option.equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("readout must be rls, lms or three-factor, got '" + text + "'");
    }
}
