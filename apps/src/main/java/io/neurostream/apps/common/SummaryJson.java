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
        if (v instanceof java.util.List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "\n" : ",\n").append(indent).append("  ").append(value(list.get(i), indent + "  "));
            }
            return sb.append(list.isEmpty() ? "]" : "\n" + indent + "]").toString();
        }
        return v instanceof String s ? string(s) : String.valueOf(v);
    }

    private static String string(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Adds {@code <prefix>P50Ms} and {@code <prefix>P99Ms}, rounded. */
    public static void putPercentiles(Map<String, Object> m, String prefix, double p50Ms, double p99Ms) {
        m.put(prefix + "P50Ms", round(p50Ms));
        m.put(prefix + "P99Ms", round(p99Ms));
    }

    /** Adds {@code <prefix>P50Ms}, {@code <prefix>P99Ms} and {@code <prefix>P999Ms}, rounded. */
    public static void putPercentiles(Map<String, Object> m, String prefix, double p50Ms, double p99Ms, double p999Ms) {
        putPercentiles(m, prefix, p50Ms, p99Ms);
        m.put(prefix + "P999Ms", round(p999Ms));
    }

    /** Adds what every run reports last: its dead letters, wall time, delivery mode, parallelism and completion. */
    public static void putOutcome(Map<String, Object> m, long deadLetters, double wallSeconds, String deliveryMode,
                                  int parallelism, boolean completed) {
        m.put("deadLetters", deadLetters);
        m.put("wallSeconds", round(wallSeconds));
        m.put("deliveryMode", deliveryMode);
        m.put("parallelism", parallelism);
        m.put("completed", completed);
    }

    /** Rounds to 3 decimals; NaN (nothing measured) becomes -1. */
    public static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 1000) / 1000.0;
    }
}
