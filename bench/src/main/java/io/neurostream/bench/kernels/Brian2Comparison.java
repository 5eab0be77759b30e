package io.neurostream.bench.kernels;

import io.neurostream.core.network.LifNetwork;
import io.neurostream.core.network.LifNetworkReference;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.synapse.CsrSynapses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the same 1000-neuron LIF network ({@link BenchNetworks#brian2Comparison()}) in Neurostream
 * and in Brian2 ({@code bench/brian2/lif_network.py}, Debian {@code python3-brian}, Cython target)
 * and prints both firing rates and the runtime ratio.
 *
 * <p>Usage: {@code java -cp ... io.neurostream.bench.kernels.Brian2Comparison [seconds] [script]
 * [cython|cpp_standalone|both] [repeats]}. Neurostream's time is the best of {@code repeats}
 * timed runs (after a warm-up), taken before and after Brian2 runs, beside the previous
 * implementation ({@link LifNetworkReference}). Targets (issue 14): at least 10x the Cython
 * target and 3x C++ standalone, mean rate within 1% of Brian2's. The network (synapses, weights, drives) is written to a temporary
 * directory as little-endian arrays and read by the Python script, so both simulate exactly the
 * same network from the same initial state.
 */
public final class Brian2Comparison {
    private Brian2Comparison() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10.0;
        Path script = Path.of(args.length > 1 ? args[1] : "bench/brian2/lif_network.py");
        String target = args.length > 2 ? args[2] : "cython";
        BenchNetworks spec = BenchNetworks.brian2Comparison();
        LifParams lif = LifParams.brunel2000();
        Path dir = Files.createTempDirectory("neurostream-brian2-");
        CsrSynapses syn = spec.synapses();
        write(dir, spec, lif, syn, spec.drive());

        long steps = Math.round(seconds * 1e6 / spec.dtMicros());
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        // JIT warm-up on separate copies, then timed runs from the initial state
        LifNetwork warm = spec.build();
        LifNetworkReference warmRef = new LifNetworkReference(lif, spec.synapses(), spec.drive(), spec.dtMicros());
        for (long s = 0; s < Math.min(steps, 20_000); s++) {
            warm.step();
            warmRef.step();
        }
        double[] before = timeJava(spec, lif, steps, repeats);
        java.util.List<String> targets = target.equals("both") ? java.util.List.of("cython", "cpp_standalone")
                : java.util.List.of(target);
        java.util.List<String> outs = new java.util.ArrayList<>();
        for (String t : targets) {
            outs.add(runBrian(script, dir, seconds, t));
        }
        double[] after = timeJava(spec, lif, steps, repeats);
        double javaWall = Math.min(before[0], after[0]);
        double refWall = Math.min(before[1], after[1]);
        double javaCpu = Math.min(before[2], after[2]);
        LifNetwork net = spec.build();
        for (long s = 0; s < steps; s++) {
            net.step();
        }
        int nExc = (int) (spec.n() * 0.8);
        double all = 0;
        double exc = 0;
        for (int i = 0; i < spec.n(); i++) {
            all += net.state().spikeCount[i];
            if (i < nExc) {
                exc += net.state().spikeCount[i];
            }
        }
        double javaRate = all / spec.n() / seconds;
        double javaExc = exc / nExc / seconds;
        double javaInh = (all - exc) / (spec.n() - nExc) / seconds;
        System.out.printf(Locale.ROOT, "network: %d LIF neurons (%d E), in-degree %d, delay %.1f ms, dt %.1f ms,"
                        + " %.1f s simulated, %d synapses%n", spec.n(), nExc, spec.k(),
                spec.delaySteps() * spec.dtMicros() / 1000.0, spec.dtMicros() / 1000.0, seconds, syn.synapseCount());
        System.out.printf(Locale.ROOT, "%-26s %10s %10s %10s %12s%n", "", "rate Hz", "E Hz", "I Hz", "wall s");
        System.out.printf(Locale.ROOT, "%-26s %10.3f %10.3f %10.3f %12.4f  (runs before / after brian2: %.4f / %.4f)%n",
                "neurostream", javaRate, javaExc, javaInh, javaWall, before[0], after[0]);
        System.out.printf(Locale.ROOT, "%-26s %10.3f %10.3f %10.3f %12.4f  (same spikes; %.2fx slower than now)%n",
                "neurostream (previous)", javaRate, javaExc, javaInh, refWall, refWall / javaWall);
        for (int q = 0; q < targets.size(); q++) {
            String t = targets.get(q);
            String out = outs.get(q);
            double brianWall = field(out, "wallSeconds");
            double brianRate = field(out, "meanRateHz");
            System.out.printf(Locale.ROOT, "%-26s %10.3f %10.3f %10.3f %12.4f%n", "brian2 (" + t + ")", brianRate,
                    field(out, "excRateHz"), field(out, "inhRateHz"), brianWall);
            double ratio = brianWall / javaWall;
            double needed = t.equals("cython") ? 10 : 3;
            double rateDiff = 100 * Math.abs(javaRate - brianRate) / brianRate;
            System.out.printf(Locale.ROOT, "  vs %s: rate difference %.2f%% (target <= 1%%: %s); runtime ratio"
                            + " brian2/neurostream = %.2f (target >= %.0f: %s); previous implementation: %.2f%n",
                    t, rateDiff, rateDiff <= 1 ? "met" : "NOT met", ratio, needed, ratio >= needed ? "met" : "NOT met",
                    brianWall / refWall);
            double brianCpu = field(out, "cpuSeconds");
            System.out.printf(Locale.ROOT, "  CPU time (robust to a busy machine): neurostream %.4f s, brian2 (%s) %.4f s,"
                    + " ratio %.2f (target >= %.0f: %s)%n", javaCpu, t, brianCpu, brianCpu / javaCpu, needed,
                    brianCpu / javaCpu >= needed ? "met" : "NOT met");
        }
        System.out.printf(Locale.ROOT, "synaptic events/s in neurostream = %.3g%n", net.synapticEvents() / javaWall);
    }

    /**
     * Best wall and thread CPU time of {@code repeats} runs: {new network wall, previous wall, new CPU,
     * previous CPU}.
     */
    private static double[] timeJava(BenchNetworks spec, LifParams lif, long steps, int repeats) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        double bestRef = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        double bestRefCpu = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            LifNetwork net = spec.build();
            long c0 = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (long s = 0; s < steps; s++) {
                net.step();
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
            bestCpu = Math.min(bestCpu, (cpu.getCurrentThreadCpuTime() - c0) / 1e9);
            LifNetworkReference ref = new LifNetworkReference(lif, spec.synapses(), spec.drive(), spec.dtMicros());
            c0 = cpu.getCurrentThreadCpuTime();
            start = System.nanoTime();
            for (long s = 0; s < steps; s++) {
                ref.step();
            }
            bestRef = Math.min(bestRef, (System.nanoTime() - start) / 1e9);
            bestRefCpu = Math.min(bestRefCpu, (cpu.getCurrentThreadCpuTime() - c0) / 1e9);
        }
        return new double[] {best, bestRef, bestCpu, bestRefCpu};
    }

    private static String runBrian(Path script, Path dir, double seconds, String target)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString(),
                Double.toString(seconds), target).redirectErrorStream(false).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("brian2 script failed: " + err);
        }
        return out;
    }

    private static double field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": ([-0-9.eE+]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in brian2 output: " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static void write(Path dir, BenchNetworks spec, LifParams lif, CsrSynapses syn, double[] drive)
            throws IOException {
        int nnz = syn.synapseCount();
        ByteBuffer pre = ByteBuffer.allocate(4 * nnz).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer post = ByteBuffer.allocate(4 * nnz).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer w = ByteBuffer.allocate(8 * nnz).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < nnz; s++) {
            pre.putInt(syn.pre[s]);
            post.putInt(syn.post[s]);
            w.putDouble(syn.weight[s]);
        }
        ByteBuffer d = ByteBuffer.allocate(8 * drive.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : drive) {
            d.putDouble(v);
        }
        Files.write(dir.resolve("pre.i32"), pre.array());
        Files.write(dir.resolve("post.i32"), post.array());
        Files.write(dir.resolve("weight.f64"), w.array());
        Files.write(dir.resolve("drive.f64"), d.array());
        String json = String.format(Locale.ROOT, "{\"n\": %d, \"nExc\": %d, \"dtMicros\": %d, \"tauMemMs\": %s,"
                        + " \"vRestMv\": %s, \"vResetMv\": %s, \"vThreshMv\": %s, \"refractoryMs\": %s, \"delayMs\": %s}",
                spec.n(), (int) (spec.n() * 0.8), spec.dtMicros(), lif.tauMemMs(), lif.vRestMv(), lif.vResetMv(),
                lif.vThreshMv(), lif.refractoryMs(), spec.delaySteps() * spec.dtMicros() / 1000.0);
        Files.writeString(dir.resolve("network.json"), json);
    }
}
