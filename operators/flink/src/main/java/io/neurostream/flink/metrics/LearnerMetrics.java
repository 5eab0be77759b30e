package io.neurostream.flink.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics every learning operator shows, with one name across jobs so that one dashboard
 * serves them all (a Prometheus reporter exports them as
 * {@code flink_taskmanager_job_task_operator_<name>}):
 *
 * <ul>
 *   <li>{@code <input>PerSecond}: meter over the operator's input counter ({@code eventsIn} or {@code spikesIn});
 *   <li>{@code predictions}, {@code predictionsPerSecond}, {@code deadLetters};
 *   <li>{@code latencyMs}: histogram of ingest (Kafka append time of the record that closed the window or
 *       bin) to prediction, over the last {@link #LATENCY_SAMPLES} predictions;
 *   <li>{@code runningAccuracy} (classification) or {@code runningR2} (regression, mean over outputs) of
 *       the last {@link #RUNNING_WINDOW} predictions whose label was there when they were made
 *       (prequential: predicted first, then learned); NaN until one is scored;
 *   <li>{@code modelVersion} (learning updates of the last model used), {@code readoutWeightNorm}
 *       (Frobenius), {@code plasticWeightNorm} (weights that plasticity changes, e.g. FEAST neurons;
 *       NaN where the job has none), {@code reservoirFiringRateHz} (mean over neurons, last window).
 * </ul>
 *
 * The same predictions, accuracy/R² and model version exist per key in a sub-group {@code key=<id>}
 * for the first {@link #KEYED_GROUPS_MAX} keys of a subtask; further keys count in the operator's
 * totals only, so cardinality stays bounded however many sensors or sessions come. Not thread-safe:
 * called from the operator's task thread; gauges read single fields.
 */
public final class LearnerMetrics {
    /** Keys per subtask with a metric group of their own. */
    public static final int KEYED_GROUPS_MAX = 8;
    /** Labelled predictions the running accuracy / R² is computed over. */
    public static final int RUNNING_WINDOW = 200;
    /** Predictions the latency histogram keeps. */
    public static final int LATENCY_SAMPLES = 1000;

    /** Meters average over this span (Flink updates them every 5 s; its default span is a minute). */
    public static final int METER_SPAN_SECONDS = 10;

    /** What the operator predicts: decides between running accuracy and running R². */
    public enum Task { CLASSIFICATION, REGRESSION }

    private final MetricGroup group;
    private final Task task;
    private final Counter predictions;
    private final Counter deadLetters;
    private final Histogram latencyMs;
    private final Score total;
    private final Map<String, Score> byKey = new HashMap<>();
    private volatile long modelVersion;
    private volatile double readoutWeightNorm = Double.NaN;
    private volatile double plasticWeightNorm = Double.NaN;
    private volatile double reservoirFiringRateHz = Double.NaN;

    private LearnerMetrics(MetricGroup group, Task task) {
        this.group = group;
        this.task = task;
        predictions = group.counter("predictions");
        group.meter("predictionsPerSecond", new MeterView(predictions, METER_SPAN_SECONDS));
        deadLetters = group.counter("deadLetters");
        latencyMs = group.histogram("latencyMs", new DescriptiveStatisticsHistogram(LATENCY_SAMPLES));
        group.gauge("modelVersion", (Gauge<Long>) () -> modelVersion);
        group.gauge("readoutWeightNorm", (Gauge<Double>) () -> readoutWeightNorm);
        group.gauge("plasticWeightNorm", (Gauge<Double>) () -> plasticWeightNorm);
        group.gauge("reservoirFiringRateHz", (Gauge<Double>) () -> reservoirFiringRateHz);
        total = new Score(task);
        registerScore(group, total);
    }

    /**
     * Registers the metrics on {@code group}, with a per-second meter {@code <inputName>PerSecond}
     * over {@code input} (the operator's own input counter, e.g. {@code eventsIn}).
     */
    public static LearnerMetrics register(MetricGroup group, Task task, String inputName, Counter input) {
        group.meter(inputName + "PerSecond", new MeterView(input, METER_SPAN_SECONDS));
        return new LearnerMetrics(group, task);
    }

    private void registerScore(MetricGroup g, Score score) {
        if (task == Task.CLASSIFICATION) {
            g.gauge("runningAccuracy", (Gauge<Double>) score::value);
        } else {
            g.gauge("runningR2", (Gauge<Double>) score::value);
        }
    }

    private Score keyScore(String key) {
        Score score = byKey.get(key);
        if (score == null && byKey.size() < KEYED_GROUPS_MAX) {
            score = new Score(task);
            byKey.put(key, score);
            MetricGroup keyed = group.addGroup("key", key);
            keyed.counter("predictions", score.predictions);
            keyed.gauge("modelVersion", (Gauge<Long>) score::modelVersion);
            registerScore(keyed, score);
        }
        return score;
    }

    /** One prediction of {@code key} made with model {@code version}, {@code latencyMillis} after ingest. */
    public void predicted(String key, long version, long latencyMillis) {
        predictions.inc();
        latencyMs.update(Math.max(0, latencyMillis));
        modelVersion = version;
        Score score = keyScore(key);
        if (score != null) {
            score.predictions.inc();
            score.version = version;
        }
    }

    /** A classification of {@code key} whose label was known: right or wrong. */
    public void scored(String key, boolean correct) {
        total.addHit(correct);
        Score score = keyScore(key);
        if (score != null) {
            score.addHit(correct);
        }
    }

    /** A regression of {@code key} whose target was known. */
    public void scored(String key, double[] predicted, double[] target) {
        total.add(predicted, target);
        Score score = keyScore(key);
        if (score != null) {
            score.add(predicted, target);
        }
    }

    public void deadLetter() {
        deadLetters.inc();
    }

    public void readoutWeightNorm(double norm) {
        readoutWeightNorm = norm;
    }

    public void plasticWeightNorm(double norm) {
        plasticWeightNorm = norm;
    }

    public void reservoirFiringRateHz(double hz) {
        reservoirFiringRateHz = hz;
    }

    /** Frobenius norm of a weight array. */
    public static double norm(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w * w;
        }
        return Math.sqrt(sum);
    }

    /** Running accuracy or R² over a ring of the last {@link #RUNNING_WINDOW} scored predictions. */
    static final class Score {
        final Task task;
        final Counter predictions = new org.apache.flink.metrics.SimpleCounter();
        volatile long version;
        // classification: hits; regression: per output (predicted, target) pairs
        private final double[] hits = new double[RUNNING_WINDOW];
        private double[][] predictedRing;
        private double[][] targetRing;
        private int next;
        private int filled;
        private volatile double value = Double.NaN;

        Score(Task task) {
            this.task = task;
        }

        double value() {
            return value;
        }

        long modelVersion() {
            return version;
        }

        void addHit(boolean correct) {
            hits[next] = correct ? 1 : 0;
            advance();
            double sum = 0;
            for (int i = 0; i < filled; i++) {
                sum += hits[i];
            }
            value = sum / filled;
        }

        void add(double[] predicted, double[] target) {
            int outputs = Math.min(predicted.length, target.length);
            if (predictedRing == null || predictedRing.length != outputs) {
                predictedRing = new double[outputs][RUNNING_WINDOW];
                targetRing = new double[outputs][RUNNING_WINDOW];
                next = 0;
                filled = 0;
            }
            for (int o = 0; o < outputs; o++) {
                predictedRing[o][next] = predicted[o];
                targetRing[o][next] = target[o];
            }
            advance();
            if (filled < 2 || outputs == 0) {
                return;
            }
            double r2Sum = 0;
            for (int o = 0; o < outputs; o++) {
                double mean = 0;
                for (int i = 0; i < filled; i++) {
                    mean += targetRing[o][i];
                }
                mean /= filled;
                double residual = 0;
                double spread = 0;
                for (int i = 0; i < filled; i++) {
                    double e = targetRing[o][i] - predictedRing[o][i];
                    double d = targetRing[o][i] - mean;
                    residual += e * e;
                    spread += d * d;
                }
                r2Sum += spread == 0 ? 0 : 1 - residual / spread;
            }
            value = r2Sum / outputs;
        }

        private void advance() {
            next = (next + 1) % RUNNING_WINDOW;
            filled = Math.min(filled + 1, RUNNING_WINDOW);
        }
    }
}
