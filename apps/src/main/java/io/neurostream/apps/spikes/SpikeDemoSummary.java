package io.neurostream.apps.spikes;

import static io.neurostream.apps.common.SummaryJson.round;

import io.neurostream.apps.common.RunReport;
import io.neurostream.apps.common.SummaryJson;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a spike-decode demo run measured.
 *
 * <p>Latencies: "kafka" is the measure, from the arrival in Kafka of the batch that
 * closes a bin to the arrival in Kafka of the bin's prediction (both the broker's LogAppendTime,
 * one clock, ms resolution; only when the topics keep append times). "send" is stricter, from
 * just before the replayer hands that batch to its Kafka producer until the scoring consumer
 * receives the prediction (ns clock in one JVM, so sub-ms; adds the producer's and consumer's
 * hops); "ingest" from the batch's Kafka timestamp to the same receipt; "job" from that ingest
 * time to the operator emitting the prediction. The first {@code latencyFromSeconds} of the
 * recording are left out of all of them (generator: the calibration minutes before the scored,
 * closed-loop phase; files: 10 s of JIT warm-up and job start).
 *
 * @param r2 held-out R^2 (mean over the scored minutes of the per-minute mean of the per-axis R^2), per "decoder session"
 */
public record SpikeDemoSummary(String source, int units, long bins, int sessions, int decoders, long spikes,
                               long predictionsExpected, long predictions, long duplicates, long missing,
                               Map<String, Double> r2, Map<String, double[]> r2PerMinute, int scoreFromMinute,
                               long latencySamples, double sendP50Ms, double sendP99Ms, double sendP999Ms,
                               double ingestP50Ms, double ingestP99Ms, double ingestP999Ms, double jobP50Ms,
                               double jobP99Ms, long kafkaSamples, double kafkaP50Ms, double kafkaP99Ms,
                               double kafkaP999Ms, double latencyFromSeconds, long deadLetters, double wallSeconds,
                               String deliveryMode, double speed, int parallelism, boolean completed,
                               int recoveries)
        implements RunReport {

    @Override
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("units", units);
        m.put("bins", bins);
        m.put("sessions", sessions);
        m.put("decoders", decoders);
        m.put("spikes", spikes);
        m.put("predictionsExpected", predictionsExpected);
        m.put("predictions", predictions);
        m.put("duplicatePredictions", duplicates);
        m.put("missingPredictions", missing);
        m.put("recoveries", recoveries);
        r2.forEach((name, value) -> m.put("r2 " + name, round(value)));
        m.put("scoreFromMinute", scoreFromMinute);
        m.put("latencyFromSeconds", latencyFromSeconds);
        m.put("latencySamples", latencySamples);
        m.put("latencyKafkaSamples", kafkaSamples);
        SummaryJson.putPercentiles(m, "latencyKafka", kafkaP50Ms, kafkaP99Ms, kafkaP999Ms);
        SummaryJson.putPercentiles(m, "latencySend", sendP50Ms, sendP99Ms, sendP999Ms);
        SummaryJson.putPercentiles(m, "latencyIngest", ingestP50Ms, ingestP99Ms, ingestP999Ms);
        SummaryJson.putPercentiles(m, "latencyJob", jobP50Ms, jobP99Ms);
        m.put("speed", speed);
        SummaryJson.putOutcome(m, deadLetters, wallSeconds, deliveryMode, parallelism, completed);
        return m;
    }

    @Override
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("spike-decode demo summary\n");
        sb.append(String.format(Locale.ROOT, "  source             %s%n", source));
        sb.append(String.format(Locale.ROOT, "  bins               %,d per session x %d session(s) x %d decoder(s); %,d spikes%n",
                bins, sessions, decoders, spikes));
        sb.append(String.format(Locale.ROOT, "  predictions        %,d of %,d (%d duplicates, %d missing; read to the "
                + "end of the topic)%n", predictions, predictionsExpected, duplicates, missing));
        sb.append(String.format(Locale.ROOT, "  recoveries         %d (job restarts from a checkpoint)%n", recoveries));
        if (!r2.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "  held-out R^2       (velocity, minutes %d+; per-minute values in --json)%n",
                    scoreFromMinute));
            for (var e : r2.entrySet()) {
                sb.append(String.format(Locale.ROOT, "    %-22s %.3f%n", e.getKey(), e.getValue()));
            }
        }
        if (kafkaSamples > 0) {
            sb.append(String.format(Locale.ROOT,
                    "  latency            p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms  (closing batch in Kafka -> prediction in Kafka,"
                            + " broker clock, %,d bins)%n", kafkaP50Ms, kafkaP99Ms, kafkaP999Ms, kafkaSamples));
        }
        sb.append(String.format(Locale.ROOT,
                "  %s p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms  (batch sent -> prediction received, %,d bins)%n",
                kafkaSamples > 0 ? "                  " : "latency           ", sendP50Ms, sendP99Ms, sendP999Ms,
                latencySamples));
        sb.append(String.format(Locale.ROOT,
                "                     p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms  (Kafka ingest timestamp -> received, ms clock)%n",
                ingestP50Ms, ingestP99Ms, ingestP999Ms));
        sb.append(String.format(Locale.ROOT, "                     p50 %.0f ms, p99 %.0f ms  (ingest -> emitted by the operator)%n",
                jobP50Ms, jobP99Ms));
        if (speed == 0) {
            sb.append("                     (replayed as fast as possible: these latencies are queueing behind the backlog;"
                    + " --speed 1 measures the pipeline)\n");
        }
        sb.append(String.format(Locale.ROOT, "  mode               %s, speed %s, parallelism %d, latencies from second %.0f of the recording on%n",
                deliveryMode, speed == 0 ? "max" : speed + "x", parallelism, latencyFromSeconds));
        sb.append(RunReport.outcomeText(deadLetters, wallSeconds, completed));
        return sb.toString();
    }
}
