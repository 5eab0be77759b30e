package io.neurostream.apps.bench;

import io.neurostream.apps.common.SummaryJson;
import io.neurostream.apps.plot.Figure;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Bench} measured: the ceiling of each input topic and every step of every job; a
 * console table, the JSON summary ({@code --json}) and a PNG of latency against throughput.
 *
 * @param broker where the topics lived
 * @param ceilings the plain-consumer read of each pre-filled input topic
 * @param steps every step, in the order run
 */
public record BenchReport(String broker, int parallelism, List<Ceiling> ceilings, List<Step> steps,
                          double wallSeconds) {
    /** A paced step "kept up" when its sustained rate is at least this share of the offered rate. */
    public static final double KEPT_UP = 0.9;

    /** The bare Kafka read of a topic: records decoded to their event (spike) counts. */
    public record Ceiling(String topic, long records, long events, long bytes, double seconds) {
        public double eventsPerSecond() {
            return seconds > 0 ? events / seconds : Double.NaN;
        }

        public double megabytesPerSecond() {
            return seconds > 0 ? bytes / seconds / 1e6 : Double.NaN;
        }
    }

    /**
     * One run of one job.
     *
     * @param offeredRate the paced input rate (events/s), 0 for the backlog step (as fast as possible)
     * @param eventsSent events in the input the step was given (pre-filled, or fed while paced)
     * @param eventsIn events the job took in (its accumulator; exact for the bounded backlog step)
     * @param eventsDropped events the job dropped with their reason (dead-lettered packets, late events)
     * @param outputEvents input events the job's output records account for
     * @param measuredEvents those of them in the measurement (a paced step's warm-up excluded)
     * @param outputs output records read
     * @param untraced output packets whose input packet the bench did not know (dvs-ingest; should be 0)
     * @param spanSeconds between the first and the last output record's Kafka time
     * @param eventsPerSecond sustained rate: {@code outputEvents / spanSeconds}
     * @param ceilingEventsPerSecond the input topic's bare consume rate
     */
    public record Step(String job, int number, double offeredRate, long eventsSent, long eventsIn, long eventsDropped,
                       long outputEvents, long measuredEvents, long outputs, long untraced, long deadLetters, double spanSeconds, double eventsPerSecond,
                       double ceilingEventsPerSecond, double latencyP50Ms, double latencyP99Ms, double latencyP999Ms) {
        public boolean backlog() {
            return offeredRate == 0;
        }

        public double ratioToCeiling() {
            return eventsPerSecond / ceilingEventsPerSecond;
        }

        public boolean keptUp() {
            return !backlog() && eventsPerSecond >= KEPT_UP * offeredRate;
        }

        public String mode() {
            return backlog() ? "backlog" : String.format(Locale.ROOT, "paced %s/s", si(offeredRate));
        }

        public String toLine() {
            return String.format(Locale.ROOT, "%-12s %-15s %12s ev/s %7.1f%% of ceiling  p50 %8.1f  p99 %8.1f  p99.9 %8.1f ms"
                    + "  (%,d events in, %,d out in %,d records)", job, mode(), si(eventsPerSecond),
                    100 * ratioToCeiling(), latencyP50Ms, latencyP99Ms, latencyP999Ms, eventsIn, outputEvents, outputs);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", backlog() ? "backlog" : "paced");
            m.put("offeredEventsPerSecond", SummaryJson.round(offeredRate));
            m.put("eventsSent", eventsSent);
            m.put("eventsIn", eventsIn);
            m.put("eventsDropped", eventsDropped);
            m.put("outputEvents", outputEvents);
            m.put("measuredEvents", measuredEvents);
            m.put("outputRecords", outputs);
            m.put("untracedOutputs", untraced);
            m.put("deadLetters", deadLetters);
            m.put("spanSeconds", SummaryJson.round(spanSeconds));
            m.put("eventsPerSecond", SummaryJson.round(eventsPerSecond));
            m.put("ceilingEventsPerSecond", SummaryJson.round(ceilingEventsPerSecond));
            m.put("ratioToCeiling", SummaryJson.round(ratioToCeiling() * 1e6) / 1e6);
            m.put("keptUp", keptUp());
            SummaryJson.putPercentiles(m, "latency", latencyP50Ms, latencyP99Ms, latencyP999Ms);
            return m;
        }
    }

    /** The steps of {@code job}, in order. */
    public List<Step> stepsOf(String job) {
        return steps.stream().filter(s -> s.job().equals(job)).toList();
    }

    /** The jobs measured, in order. */
    public List<String> jobs() {
        return steps.stream().map(Step::job).distinct().toList();
    }

    /** The job's backlog step: its throughput as fast as it goes. */
    public Step backlogOf(String job) {
        return stepsOf(job).stream().filter(Step::backlog).findFirst().orElseThrow();
    }

    /**
     * The step whose latency stands for the job: the highest paced rate it kept up with; else its lowest
     * paced rate; else (no paced step) the backlog.
     */
    public Step latencyStepOf(String job) {
        List<Step> paced = stepsOf(job).stream().filter(s -> !s.backlog()).toList();
        return paced.stream().filter(Step::keptUp).reduce((a, b) -> b.offeredRate() >= a.offeredRate() ? b : a)
                .orElse(paced.isEmpty() ? backlogOf(job) : paced.get(0));
    }

    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "neurostream bench on %s, parallelism %d, %d cores, load %.1f at the end%n",
                broker, parallelism, Runtime.getRuntime().availableProcessors(), loadAverage()));
        for (Ceiling c : ceilings) {
            sb.append(String.format(Locale.ROOT, "ceiling %-40s %12s ev/s  (%,d events, %,d records, %.1f MB/s, %.2f s)%n",
                    c.topic(), si(c.eventsPerSecond()), c.events(), c.records(), c.megabytesPerSecond(), c.seconds()));
        }
        sb.append(String.format(Locale.ROOT, "%-12s %-15s %17s %9s %10s %10s %10s %12s %12s%n", "job", "input", "sustained ev/s",
                "ceiling", "p50 ms", "p99 ms", "p99.9 ms", "events in", "events out"));
        for (Step s : steps) {
            sb.append(String.format(Locale.ROOT, "%-12s %-15s %17s %8.1f%% %10.1f %10.1f %10.1f %,12d %,12d%s%n", s.job(),
                    s.mode(), si(s.eventsPerSecond()), 100 * s.ratioToCeiling(), s.latencyP50Ms(), s.latencyP99Ms(),
                    s.latencyP999Ms(), s.eventsIn(), s.outputEvents(), s.backlog() || s.keptUp() ? "" : "  (fell behind)"));
        }
        sb.append(String.format(Locale.ROOT, "wall time %.0f s%n", wallSeconds));
        return sb.toString();
    }

    /** The JSON summary: per job its throughput against the ceiling, its latency, and every step. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", machine());
        m.put("broker", broker);
        m.put("parallelism", parallelism);
        m.put("deliveryMode", "low-latency");
        Map<String, Object> ceilingMap = new LinkedHashMap<>();
        for (Ceiling c : ceilings) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("records", c.records());
            cm.put("events", c.events());
            cm.put("bytes", c.bytes());
            cm.put("seconds", SummaryJson.round(c.seconds()));
            cm.put("eventsPerSecond", SummaryJson.round(c.eventsPerSecond()));
            ceilingMap.put(c.topic(), cm);
        }
        m.put("ceilings", ceilingMap);
        Map<String, Object> jobs = new LinkedHashMap<>();
        for (String job : jobs()) {
            Step backlog = backlogOf(job);
            Step latency = latencyStepOf(job);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("eventsPerSecond", SummaryJson.round(backlog.eventsPerSecond()));
            j.put("ceilingEventsPerSecond", SummaryJson.round(backlog.ceilingEventsPerSecond()));
            j.put("ratioToCeiling", SummaryJson.round(backlog.ratioToCeiling() * 1e6) / 1e6);
            j.put("eventsSent", backlog.eventsSent());
            j.put("eventsIn", backlog.eventsIn());
            j.put("eventsDropped", backlog.eventsDropped());
            j.put("eventsCounted", backlog.outputEvents());
            j.put("latencyMeasuredAt", latency.mode());
            j.put("latencyOfferedEventsPerSecond", SummaryJson.round(latency.offeredRate()));
            SummaryJson.putPercentiles(j, "latency", latency.latencyP50Ms(), latency.latencyP99Ms(),
                    latency.latencyP999Ms());
            List<Object> stepList = new ArrayList<>();
            stepsOf(job).forEach(s -> stepList.add(s.toJson()));
            j.put("steps", stepList);
            jobs.put(job, j);
        }
        m.put("jobs", jobs);
        m.put("wallSeconds", SummaryJson.round(wallSeconds));
        return m;
    }

    public void writeJson(Path file) throws IOException {
        Files.writeString(file, SummaryJson.of(toJson()));
    }

    /** Latency percentiles against sustained throughput (as a share of the Kafka ceiling), a panel per job. */
    public void writePng(Path png) throws IOException {
        List<Figure> panels = new ArrayList<>();
        for (String job : jobs()) {
            List<Step> s = stepsOf(job).stream().filter(x -> !x.backlog() && Double.isFinite(x.eventsPerSecond()))
                    .sorted(java.util.Comparator.comparingDouble(Step::eventsPerSecond)).toList();
            int n = s.size();
            double[] x = new double[n];
            double[] p50 = new double[n];
            double[] p99 = new double[n];
            double[] p999 = new double[n];
            double maxPercent = 1;
            double maxMs = 10;
            for (int i = 0; i < n; i++) {
                x[i] = 100 * s.get(i).ratioToCeiling();
                p50[i] = s.get(i).latencyP50Ms();
                p99[i] = s.get(i).latencyP99Ms();
                p999[i] = s.get(i).latencyP999Ms();
                maxPercent = Math.max(maxPercent, x[i]);
                maxMs = Math.max(maxMs, Double.isFinite(p999[i]) ? p999[i] : p99[i]);
            }
            panels.add(new Figure(job + ": latency from Kafka append of the input to the output, paced steps ("
                    + broker + ")", 1000, 340)
                    .x("sustained throughput, % of the bare Kafka consume rate of the job's input topic", 0, maxPercent * 1.05)
                    .yLog("latency (ms)", 1, maxMs * 1.2).grid()
                    .points(x, p50, n, Figure.BLUE, "p50")
                    .points(x, p99, n, Figure.ORANGE, "p99")
                    .points(x, p999, n, Figure.RED, "p99.9"));
        }
        Figure.writeStacked(panels, png);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / 1048576);
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("loadAverageAtEnd", SummaryJson.round(loadAverage()));
        return m;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String si(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
