package io.neurostream.apps.live;

import java.util.List;
import java.util.Map;

/**
 * Our operators' metrics ({@code LearnerMetrics}, the event counters, the decoders' dead letters)
 * summed or averaged over subtasks and operators from one Prometheus scrape, plus the job's
 * restarts. Per-key sub-groups are left out: the totals already hold them.
 */
record LiveMetrics(double inPerSecond, double predictionsPerSecond, double latencyP50Ms, double latencyP95Ms,
                   double latencyP99Ms, double runningScore, double reservoirFiringRateHz, double readoutWeightNorm,
                   double plasticWeightNorm, double modelVersion, double deadLetters, double restarts,
                   Map<String, Double> droppedByReason, boolean present) {
    static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    static final LiveMetrics NONE = new LiveMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), false);
    /** Dropped-input counters of the two jobs, by the reason the page shows. */
    private static final Map<String, String> DROPPED = Map.of(
            "eventsDroppedLate", "late events", "eventsDroppedRejectedPacket", "events of rejected packets",
            "lateSpikes", "late spikes", "batchesRejected", "rejected spike batches");

    static LiveMetrics of(List<PrometheusText.Sample> samples) {
        double events = sum(samples, "eventsInPerSecond");
        double in = Double.isNaN(events) ? sum(samples, "spikesInPerSecond") : events; // one job, one of the two
        Map<String, Double> dropped = new java.util.TreeMap<>();
        DROPPED.forEach((metric, reason) -> {
            double v = sum(samples, metric);
            if (!Double.isNaN(v)) {
                dropped.put(reason, v);
            }
        });
        boolean present = samples.stream().anyMatch(s -> s.name().equals(OPERATOR + "predictionsPerSecond"));
        return new LiveMetrics(in, sum(samples, "predictionsPerSecond"), quantile(samples, "0.5"),
                quantile(samples, "0.95"), quantile(samples, "0.99"),
                mean(samples, "runningAccuracy") + mean(samples, "runningR2"),
                mean(samples, "reservoirFiringRateHz"), mean(samples, "readoutWeightNorm"),
                mean(samples, "plasticWeightNorm"), max(samples, OPERATOR + "modelVersion"),
                sum(samples, "deadLetters"), max(samples, "flink_jobmanager_job_numRestarts"), dropped, present);
    }

    private static boolean ours(PrometheusText.Sample s, String metric) {
        return s.name().equals(OPERATOR + metric) && !s.labels().containsKey("key");
    }

    /** Sum over subtasks and operators; NaN if the metric is absent. */
    private static double sum(List<PrometheusText.Sample> samples, String metric) {
        double sum = 0;
        boolean any = false;
        for (PrometheusText.Sample s : samples) {
            if (ours(s, metric) && !Double.isNaN(s.value())) {
                sum += s.value();
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** Mean over the subtasks that have a value; 0 where absent so that accuracy + R² adds up to the one present. */
    private static double mean(List<PrometheusText.Sample> samples, String metric) {
        double sum = 0;
        int n = 0;
        boolean registered = false;
        for (PrometheusText.Sample s : samples) {
            if (ours(s, metric)) {
                registered = true;
                if (!Double.isNaN(s.value())) {
                    sum += s.value();
                    n++;
                }
            }
        }
        if (!registered) {
            return metric.startsWith("running") ? 0 : Double.NaN;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double max(List<PrometheusText.Sample> samples, String name) {
        double max = Double.NaN;
        for (PrometheusText.Sample s : samples) {
            if (s.name().equals(name) && !s.labels().containsKey("key") && !Double.isNaN(s.value())) {
                max = Double.isNaN(max) ? s.value() : Math.max(max, s.value());
            }
        }
        return max;
    }

    /** The latency histogram's quantile: the largest over subtasks (the slowest one is what a user sees). */
    private static double quantile(List<PrometheusText.Sample> samples, String q) {
        double max = Double.NaN;
        for (PrometheusText.Sample s : samples) {
            if (ours(s, "latencyMs") && q.equals(s.labels().get("quantile")) && !Double.isNaN(s.value())) {
                max = Double.isNaN(max) ? s.value() : Math.max(max, s.value());
            }
        }
        return max;
    }
}
