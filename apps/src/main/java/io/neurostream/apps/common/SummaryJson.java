package io.neurostream.apps.common;

import java.util.Map;

/** The flat JSON our run summaries write with {@code --json} (numbers, booleans and strings). */
public final class SummaryJson {
    private SummaryJson() {}

    public static String of(Map<String, Object> values) {
        StringBuilder sb = new StringBuilder("{\n");
        var entries = values.entrySet().iterator();
        while (entries.hasNext()) {
            var e = entries.next();
            Object v = e.getValue();
            sb.append("  \"").append(e.getKey()).append("\": ")
                    .append(v instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : String.valueOf(v))
                    .append(entries.hasNext() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    /** Rounds to 3 decimals; NaN (nothing measured) becomes -1. */
    public static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 1000) / 1000.0;
    }
}
