package io.neurostream.apps.dvs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a demo run measured. Latencies are wall-clock: "job" from the Kafka ingest timestamp of the
 * packet that completed a sample to the job emitting its prediction; "visible" until a
 * read_committed consumer received it (includes the wait for the checkpoint in exactly-once mode).
 */
public record DemoSummary(long events, double eventsPerSecond, int samples, int trainSamples, int heldOutSamples,
                          int heldOutPredicted, double heldOutAccuracy, double trainPrequentialAccuracy,
                          double latencyP50Ms, double latencyP99Ms, double visibleLatencyP50Ms,
                          double visibleLatencyP99Ms, int duplicatePredictions, int missingPredictions,
                          long deadLetters, double wallSeconds, String deliveryMode, int parallelism,
                          boolean completed) {

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("eventsPerSecond", round(eventsPerSecond));
        m.put("samples", samples);
        m.put("trainSamples", trainSamples);
        m.put("heldOutSamples", heldOutSamples);
        m.put("heldOutPredicted", heldOutPredicted);
        m.put("heldOutAccuracy", round(heldOutAccuracy));
        m.put("trainPrequentialAccuracy", round(trainPrequentialAccuracy));
        m.put("latencyP50Ms", round(latencyP50Ms));
        m.put("latencyP99Ms", round(latencyP99Ms));
        m.put("visibleLatencyP50Ms", round(visibleLatencyP50Ms));
        m.put("visibleLatencyP99Ms", round(visibleLatencyP99Ms));
        m.put("duplicatePredictions", duplicatePredictions);
        m.put("missingPredictions", missingPredictions);
        m.put("deadLetters", deadLetters);
        m.put("wallSeconds", round(wallSeconds));
        m.put("deliveryMode", deliveryMode);
        m.put("parallelism", parallelism);
        m.put("completed", completed);
        return m;
    }

    public String toJson() {
        return io.neurostream.apps.common.SummaryJson.of(asMap());
    }

    public String toText() {
        return String.format(Locale.ROOT, """
                dvs-classify demo summary
                  events             %,d (%,.0f events/s end to end)
                  samples            %,d (%,d train with labels, %,d held out without)
                  held-out accuracy  %.1f %% (%,d of %,d held-out samples predicted)
                  train prequential  %.1f %% (predicted before learning, last %,d train samples)
                  latency job        p50 %.1f ms, p99 %.1f ms (Kafka ingest of last packet -> prediction emitted)
                  latency visible    p50 %.1f ms, p99 %.1f ms (-> seen by a read_committed consumer, %s)
                  predictions        %d duplicates, %d missing
                  dead letters       %d
                  wall time          %.1f s%s
                """, events, eventsPerSecond, samples, trainSamples, heldOutSamples, 100 * heldOutAccuracy,
                heldOutPredicted, heldOutSamples, 100 * trainPrequentialAccuracy, Math.min(500, trainSamples), latencyP50Ms, latencyP99Ms,
                visibleLatencyP50Ms, visibleLatencyP99Ms, deliveryMode, duplicatePredictions, missingPredictions,
                deadLetters, wallSeconds, completed ? "" : "  (INCOMPLETE: timed out or stopped)");
    }

    private static double round(double v) {
        return io.neurostream.apps.common.SummaryJson.round(v);
    }
}
