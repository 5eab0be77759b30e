package io.neurostream.apps.common;

import java.util.Locale;
import java.util.Map;

/** What a run measured: lines for a person, and the same figures as JSON for {@code --json}. */
public interface RunReport {
    /** The figures, in the order the JSON lists them. */
    Map<String, Object> asMap();

    String toText();

    default String toJson() {
        return SummaryJson.of(asMap());
    }

    /** The lines a run's text ends with: dead letters and wall time, marked if the run did not complete. */
    static String outcomeText(long deadLetters, double wallSeconds, boolean completed) {
        return String.format(Locale.ROOT, "  dead letters       %d%n  wall time          %.1f s%s%n", deadLetters,
                wallSeconds, completed ? "" : "  (INCOMPLETE: timed out or stopped)");
    }
}
