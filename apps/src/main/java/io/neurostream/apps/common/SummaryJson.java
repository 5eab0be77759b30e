package io.neurostream.apps.common;

import java.util.Map;

/** The JSON our run summaries write with {@code --json}: numbers, booleans, strings and nested maps of them. */
public final class SummaryJson {
    private SummaryJson() {}

    public static String of(Map<String, ?> values) {
        return object(values, "") + "\n";
    }

    private static String object(Map<?, ?> values, String indent) {
        StringBuilder sb = new StringBuilder("{\n");
        var entries = values.entrySet().iterator();
        while (entries.hasNext()) {
            var e = entries.next();
            sb.append(indent).append("  ").append(string(String.valueOf(e.getKey()))).append(": ")
                    .append(value(e.getValue(), indent + "  "))
                    .append(entries.hasNext() ? ",\n" : "\n");
        }
        return sb.append(indent).append("}").toString();
    }

    private static String value(Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            return object(m, indent);
        }
        return v instanceof String s ? string(s) : String.valueOf(v);
    }

    private static String string(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Rounds to 3 decimals; NaN (nothing measured) becomes -1. */
    public static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 1000) / 1000.0;
    }
}
