package io.neurostream.connectors.kafka.flink;

/** How a job writes to Kafka (README: "Delivery modes"). */
public enum DeliveryMode {
    /** Transactional sink: visible to read_committed consumers when a checkpoint completes. */
    EXACTLY_ONCE,
    /** Idempotent at-least-once sink, linger.ms=0: milliseconds, rare duplicates after recovery (same id). */
    LOW_LATENCY;

    public static DeliveryMode parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "exactly-once", "exactly_once" -> EXACTLY_ONCE;
            case "low-latency", "low_latency", "at-least-once" -> LOW_LATENCY;
            default -> throw new IllegalArgumentException("unknown delivery mode '" + text
                    + "': use exactly-once or low-latency");
        };
    }
}
