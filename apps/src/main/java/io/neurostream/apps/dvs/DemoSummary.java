package io.neurostream.apps.dvs;

import static io.neurostream.apps.common.SummaryJson.round;

import io.neurostream.apps.common.RunReport;
import io.neurostream.apps.common.SummaryJson;
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
                          boolean completed, int recoveries) implements RunReport {

    @Override
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("eventsPerSecond", round(eventsPerSecond));
        m.put("samples", samples);
        putAccuracy(m, trainSamples, heldOutSamples, heldOutPredicted, heldOutAccuracy, trainPrequentialAccuracy);
        SummaryJson.putPercentiles(m, "latency", latencyP50Ms, latencyP99Ms);
        SummaryJson.putPercentiles(m, "visibleLatency", visibleLatencyP50Ms, visibleLatencyP99Ms);
        m.put("duplicatePredictions", duplicatePredictions);
        m.put("missingPredictions", missingPredictions);
        m.put("recoveries", recoveries);
        SummaryJson.putOutcome(m, deadLetters, wallSeconds, deliveryMode, parallelism, completed);
        return m;
    }

    /** Adds the accuracy figures every dvs-classify run reports (held out, and prequential on the train samples). */
    static void putAccuracy(Map<String, Object> m, int trainSamples, int heldOutSamples, int heldOutPredicted,
                            double heldOutAccuracy, double trainPrequentialAccuracy) {
        m.put("trainSamples", trainSamples);
        m.put("heldOutSamples", heldOutSamples);
        m.put("heldOutPredicted", heldOutPredicted);
        m.put("heldOutAccuracy", round(heldOutAccuracy));
        m.put("trainPrequentialAccuracy", round(trainPrequentialAccuracy));
    }

    @Override
    public String toText() {
        return String.format(Locale.ROOT, """
                dvs-classify demo summary
                  events             %,d (%,.0f events/s end to end)
                  samples            %,d (%,d train with labels, %,d held out without)
                  held-out accuracy  %.1f %% (%,d of %,d held-out samples predicted)
                  train prequential  %.1f %% (predicted before learning, last %,d train samples)
                  latency job        p50 %.1f ms, p99 %.1f ms (Kafka ingest of last packet -> prediction emitted)
                  latency visible    p50 %.1f ms, p99 %.1f ms (-> seen by a read_committed consumer, %s)
                  predictions        %d duplicates, %d missing (read to the end of the topic)
                  recoveries         %d (job restarts from a checkpoint)
                """, events, eventsPerSecond, samples, trainSamples, heldOutSamples, 100 * heldOutAccuracy,
                heldOutPredicted, heldOutSamples, 100 * trainPrequentialAccuracy, Math.min(500, trainSamples), latencyP50Ms, latencyP99Ms,
                visibleLatencyP50Ms, visibleLatencyP99Ms, deliveryMode, duplicatePredictions, missingPredictions,
                recoveries)
                + RunReport.outcomeText(deadLetters, wallSeconds, completed);
    }
}
