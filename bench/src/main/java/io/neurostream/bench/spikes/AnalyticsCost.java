package io.neurostream.bench.spikes;

import io.neurostream.connectors.spikes.sim.PlantedStructure;
import io.neurostream.connectors.spikes.sim.ReachSimParams;
import io.neurostream.connectors.spikes.sim.ReachSimulator;
import io.neurostream.core.analytics.AnalyticsParams;
import io.neurostream.core.analytics.SpikeAnalytics;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cost of spike-analytics' kernels per unit and per monitored pair: the kernels of one session
 * ({@link SpikeAnalytics}: statistics windows, correlograms, online HMM) fed a planted-structure
 * population of N units (ReachSimulator, ~20 Hz) for S seconds, at three pair budgets: 1 pair
 * (what the units cost), P1 and P2 pairs (the difference is what pairs cost). CPU is the feeding
 * thread's CPU time of a second run (the first warms the JIT); memory is the checkpointed state
 * (the kernel's snapshot bytes) at the end, plus the HMM's warm-up buffer while it is warming up.
 *
 * <pre>java -cp $CP io.neurostream.bench.spikes.AnalyticsCost [seconds=120] [units ...=256 1024]</pre>
 */
public final class AnalyticsCost {
    private AnalyticsCost() {}

    private record Run(int units, int pairs, long spikes, double cpuSeconds, long snapshotBytes, long stateBytes,
                       long warmupBytes) {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(256, 1024);
        }
        System.out.printf(Locale.ROOT, "%s, %d cores, %s%n", System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), cpuName());
        System.out.println("| units | pairs | spikes | CPU s per recording s | ns CPU per spike | checkpointed state |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int units : sizes) {
            Recording rec = simulate(units, seconds);
            int[] budgets = {1, 2016, 8128};
            Run[] runs = new Run[budgets.length];
            for (int b = 0; b < budgets.length; b++) {
                run(rec, budgets[b]); // JIT warm-up
                runs[b] = run(rec, budgets[b]);
                Run r = runs[b];
                System.out.printf(Locale.ROOT, "| %d | %,d | %,d | %.4f | %.0f | %,d B |%n", r.units, r.pairs, r.spikes,
                        r.cpuSeconds / seconds, r.cpuSeconds * 1e9 / r.spikes, r.snapshotBytes);
            }
            double perUnitCpu = runs[0].cpuSeconds / seconds / units;
            double perPairCpu = (runs[2].cpuSeconds - runs[1].cpuSeconds) / seconds / (runs[2].pairs - runs[1].pairs);
            double perUnitBytes = (double) runs[0].snapshotBytes / units;
            double perPairBytes = (double) (runs[2].snapshotBytes - runs[1].snapshotBytes) / (runs[2].pairs - runs[1].pairs);
            System.out.printf(Locale.ROOT, "%d units: per unit %.1f µs CPU per recording second (%.4f %% of a core), "
                            + "%,.0f B state (+%,.0f B HMM warm-up buffer for the first 60 s); per monitored pair "
                            + "%.2f µs CPU per recording second, %,.0f B state%n", units, perUnitCpu * 1e6,
                    perUnitCpu * 100, perUnitBytes, (double) runs[0].warmupBytes / units, perPairCpu * 1e6, perPairBytes);
        }
    }

    private record Recording(int units, long[] times, int[] unitOf, int count) {}

    private static Recording simulate(int units, int seconds) {
        ReachSimParams p = ReachSimParams.builder().neuronCount(units).build();
        PlantedStructure planted = PlantedStructure.random(units, units / 16, 0.1, 3, 0.5, 4000, 2);
        ReachSimulator.SimulatedRecording r = new ReachSimulator(p, planted, 1).run(seconds * 1_000_000L);
        return new Recording(units, r.spikeTimesMicros(), r.spikeUnits(), r.spikeCount());
    }

    private static Run run(Recording rec, int maxPairs) throws IOException {
        AnalyticsParams d = AnalyticsParams.defaults();
        AnalyticsParams params = new AnalyticsParams(d.stats(), d.connectivity().withMaxPairs(maxPairs), d.states());
        SpikeAnalytics analytics = new SpikeAnalytics(params, rec.units());
        long[] sink = new long[1];
        SpikeAnalytics.Listener listener = new SpikeAnalytics.Listener() {
            @Override
            public void window(io.neurostream.core.analytics.PopulationStats.Window w) {
                sink[0] += w.spikes;
            }

            @Override
            public void edge(io.neurostream.core.analytics.Connectivity.EdgeEvent e) {
                sink[0]++;
            }

            @Override
            public void bin(io.neurostream.core.analytics.BrainStates.Bin b) {
                sink[0] += b.state;
            }
        };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmupBytes = 4L * params.states().warmupBins() * rec.units();
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < rec.count(); i++) {
            analytics.spike(rec.unitOf()[i], rec.times()[i], listener);
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        analytics.writeTo(new DataOutputStream(bytes));
        if (sink[0] == 42) {
            System.out.print(""); // keeps the listener's work observable
        }
        return new Run(rec.units(), analytics.connectivity().pairCount(), rec.count(), cpu / 1e9, bytes.size(),
                analytics.stateBytes(), warmupBytes);
    }

    private static String cpuName() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown CPU";
    }
}
