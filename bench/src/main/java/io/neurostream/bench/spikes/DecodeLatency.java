package io.neurostream.bench.spikes;

import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.spikes.DecoderKind;
import io.neurostream.apps.spikes.SpikeDecodeDemo;
import io.neurostream.apps.spikes.SpikeDemoOptions;
import io.neurostream.apps.spikes.SpikeDemoSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end latency of the spike-decode job, side by side: the baseline sends one SpikeBatch
 * per 20 ms bin, the others stream the same spikes in smaller batches (as an acquisition system
 * does). Each run is the closed-loop setting of the README (256 units, 20 ms bins, Kalman,
 * low-latency delivery, parallelism 1, real time) on its own embedded broker and MiniCluster,
 * with latencies from the scored minutes after calibration. Prints p50/p99/p99.9 of "closing
 * batch in Kafka -> prediction in Kafka" (broker append times) and of "batch sent -> prediction
 * received" (ns), and each run's ratio to the baseline; writes latency PNGs and CSVs.
 *
 * <pre>java -cp $CP io.neurostream.bench.spikes.DecodeLatency [minutes=4] [batch ms ...=20 5 2] [out dir=bench/results]</pre>
 */
public final class DecodeLatency {
    private DecodeLatency() {}

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        List<Long> batchMs = new ArrayList<>();
        Path outDir = Path.of("bench/results");
        int sessions = 1;
        List<Integer> parallelisms = new ArrayList<>();
        List<Boolean> reuse = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].matches("sessions=\\d+")) {
                sessions = Integer.parseInt(args[i].substring("sessions=".length()));
            } else if (args[i].matches("parallelism=\\d+(,\\d+)*")) {
                // several: one run each, in this order (side by side in one JVM)
                for (String v : args[i].substring("parallelism=".length()).split(",")) {
                    parallelisms.add(Integer.parseInt(v));
                }
            } else if (args[i].equals("copy") || args[i].equals("reuse")) {
                reuse.add(args[i].equals("reuse")); // runs with and without object reuse, in this order
            } else if (args[i].matches("\\d+")) {
                batchMs.add(Long.parseLong(args[i]));
            } else {
                outDir = Path.of(args[i]);
            }
        }
        if (batchMs.isEmpty()) {
            batchMs = List.of(20L, 5L, 2L);
        }
        if (minutes < 3) {
            throw new IllegalArgumentException("minutes must be >= 3 (1 calibration minute, 1 warm minute, scored rest), got "
                    + minutes);
        }
        Files.createDirectories(outDir);
        List<SpikeDemoSummary> results = new ArrayList<>();
        List<Double> slowShares = new ArrayList<>();
        if (reuse.isEmpty()) {
            reuse.add(true);
        }
        if (parallelisms.isEmpty()) {
            parallelisms.add(1);
        }
        List<String> labels = new ArrayList<>();
        List<Long> runBatchMs = new ArrayList<>();
        for (boolean objectReuse : reuse) {
         for (int parallelism : parallelisms) {
          for (long batch : batchMs) {
            SpikeDemoOptions options = new SpikeDemoOptions(256, minutes, 1, 40, 2, 30, 20_000, batch * 1000,
                    List.of(DecoderKind.KALMAN), false, 1.0, null, null, parallelism, parallelism, 10_000,
                    DeliveryMode.LOW_LATENCY, "hashmap", 0, 2026L, Duration.ofMinutes(minutes + 5L), 0);
            String label = batch + " ms" + (sessions > 1 ? ", " + sessions + " sessions" : "")
                    + (reuse.size() > 1 ? (objectReuse ? ", object reuse" : ", copies") : "")
                    + (parallelisms.size() > 1 ? ", parallelism " + parallelism : "");
            System.out.printf(Locale.ROOT, "run: %s, parallelism %d, %d min at real time ...%n", label, parallelism, minutes);
            String name = "decode-latency-batch" + batch + "ms" + (sessions > 1 ? "-s" + sessions : "")
                    + (reuse.size() > 1 ? (objectReuse ? "-reuse" : "-copy") : "")
                    + (parallelisms.size() > 1 ? "-p" + parallelism : "");
            Path csv = outDir.resolve(name + ".csv");
            SpikeDemoSummary summary = new SpikeDecodeDemo(options)
                    .withSessions(sessions)
                    .withObjectReuse(objectReuse)
                    .writeLatencies(csv)
                    .drawLatencies(outDir.resolve(name + ".png"))
                    .run(null);
            labels.add(label);
            runBatchMs.add(batch);
            if (!summary.completed() || summary.missing() > 0) {
                throw new IllegalStateException("run with " + batch + " ms batches did not complete: " + summary.toText());
            }
            results.add(summary);
            slowShares.add(shareAtLeast(csv, options.scoreFromMinute() * options.binsPerMinute(), 5));
          }
         }
        }
        SpikeDemoSummary base = results.get(0);
        System.out.printf(Locale.ROOT, "%nspike-decode latency, 256 units, 20 ms bins, Kalman, minutes 2-%d at real time, %s%n",
                minutes, Runtime.version());
        System.out.println("| batch | bins | in Kafka -> in Kafka p50 / p99 / p99.9 (ms) | bins >= 5 ms |"
                + " sent -> received p50 / p99 / p99.9 (ms) | p99 ratio to baseline |");
        System.out.println("|---|---|---|---|---|---|");
        for (int i = 0; i < results.size(); i++) {
            SpikeDemoSummary s = results.get(i);
            System.out.printf(Locale.ROOT,
                    "| %s%s | %,d | %.0f / %.0f / %.0f | %.2f %% | %.2f / %.2f / %.2f | %.2f (in Kafka), %.2f (sent) |%n",
                    labels.get(i), i == 0 ? " (baseline)" : "", s.kafkaSamples(), s.kafkaP50Ms(), s.kafkaP99Ms(),
                    s.kafkaP999Ms(), 100 * slowShares.get(i), s.sendP50Ms(), s.sendP99Ms(), s.sendP999Ms(), s.kafkaP99Ms() / base.kafkaP99Ms(),
                    s.sendP99Ms() / base.sendP99Ms());
        }
    }

    /** Share of the bins from {@code fromBin} on whose in-Kafka-to-in-Kafka latency is at least {@code ms} (whole ms). */
    private static double shareAtLeast(Path csv, int fromBin, long ms) throws java.io.IOException {
        long n = 0;
        long slow = 0;
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (Integer.parseInt(f[2]) >= fromBin && f.length > 7 && !f[7].isEmpty()) {
                n++;
                if (Long.parseLong(f[7]) - Long.parseLong(f[5]) >= ms) {
                    slow++;
                }
            }
        }
        return n == 0 ? Double.NaN : slow / (double) n;
    }
}
