package io.neurostream.bench.kernels;

import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.readout.RlsReadoutReference;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import io.neurostream.core.reservoir.EsnReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ESN and RLS kernels against ReservoirPy 0.3.16, side by side in one invocation, on the
 * Mackey-Glass task of the learning issue: input x(t), target x(t+10), t = 0..7,099 of
 * {@code mackey-glass-tau17.csv} (column x_norm); 100 warm-up steps, 5,000 training updates.
 *
 * <p>Per reservoir size N: ESN steps/s (with {@code FastMath.tanh}, and the default kernel that
 * reproduces the previous numbers bit for bit) = 7,100 steps of one continuous run from a zero state
 * (N units, leak 0.3, spectral radius 1.25, 10% recurrent and input connectivity); RLS update
 * steps/s = 5,000 online updates of a readout on [1, x] (N + 1 features, lambda 1, P = 1e6 I;
 * each update predicts and learns, as ReservoirPy's {@code RLS.train} does). Both sides: wall time,
 * best of {@code repeats} runs after a warm-up run. Neurostream is run before and after the
 * ReservoirPy script and its best run is taken; the previous implementations
 * ({@link EsnReference}, {@link RlsReadoutReference}) are timed beside it.
 *
 * <p>Usage: {@code java -cp ... io.neurostream.bench.kernels.ReservoirPyComparison
 * RESERVOIRPY_TREE [CSV] [SIZES] [SEED] [REPEATS] [SCRIPT]}, e.g. {@code /tmp/reservoirpy-0.3.16
 * ../shared/data/timeseries/mackey-glass-tau17.csv 100,1000 1 5 bench/reservoirpy/esn_rls.py}.
 */
public final class ReservoirPyComparison {
    private static final int HORIZON = 10;
    private static final int STEPS = 7100;
    private static final int WARMUP = 100;
    private static final int TRAIN_END = 5100;

    private ReservoirPyComparison() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: ReservoirPyComparison RESERVOIRPY_TREE [CSV] [SIZES] [SEED] [REPEATS] [SCRIPT]");
            System.exit(2);
        }
        Path tree = Path.of(args[0]);
        Path csv = Path.of(args.length > 1 ? args[1] : "../shared/data/timeseries/mackey-glass-tau17.csv");
        String sizesArg = args.length > 2 ? args[2] : "100,1000";
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        Path script = Path.of(args.length > 5 ? args[5] : "bench/reservoirpy/esn_rls.py");
        double[] series = readSeries(csv);
        List<Integer> sizes = new ArrayList<>();
        for (String s : sizesArg.split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        List<double[]> first = new ArrayList<>();
        for (int n : sizes) {
            first.add(measure(n, series, seed, repeats));
        }
        List<String> py = runReservoirPy(script, tree, csv, sizesArg, seed, repeats);
        System.out.printf(Locale.ROOT, "%-6s %-4s %14s %14s %14s %14s %9s %9s %7s %s%n", "N", "", "neurostream/s",
                "(1st, 2nd run)", "previous/s", "reservoirpy/s", "ratio", "target", "met", "test NRMSE ns / rpy");
        for (int q = 0; q < sizes.size(); q++) {
            int n = sizes.get(q);
            double[] a = first.get(q);
            double[] b = measure(n, series, seed, repeats);
            String json = py.get(q);
            double pyEsn = field(json, "esnStepsPerSecond");
            double pyRls = field(json, "rlsUpdatesPerSecond");
            double pyNrmse = field(json, "rlsTestNrmse");
            double esn = Math.max(a[0], b[0]);
            double rls = Math.max(a[2], b[2]);
            double esnTarget = n <= 100 ? 50 : 10;
            double rlsTarget = n <= 100 ? 30 : 10;
            double exact = Math.max(a[5], b[5]);
            System.out.printf(Locale.ROOT, "%-6d %-4s %14.0f %7.0f/%-7.0f %14.0f %14.0f %9.1f %9s %7s  (fast tanh)%n", n,
                    "ESN", esn, a[0], b[0], Math.max(a[1], b[1]), pyEsn, esn / pyEsn, ">= " + (int) esnTarget,
                    esn / pyEsn >= esnTarget ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "%-6d %-4s %14.0f %7.0f/%-7.0f %14s %14.0f %9.1f %9s %7s  (default, Math.tanh)%n",
                    n, "ESN", exact, a[5], b[5], "", pyEsn, exact / pyEsn, ">= " + (int) esnTarget,
                    exact / pyEsn >= esnTarget ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "%-6d %-4s %14.0f %7.0f/%-7.0f %14.0f %14.0f %9.1f %9s %7s %.2e / %.2e%n", n,
                    "RLS", rls, a[2], b[2], Math.max(a[3], b[3]), pyRls, rls / pyRls, ">= " + (int) rlsTarget,
                    rls / pyRls >= rlsTarget ? "met" : "NOT met", b[4], pyNrmse);
            // CPU time of both sides (ReservoirPy's: all threads of its process), robust to a busy machine
            double esnCpu = Math.max(a[6], b[6]);
            double rlsCpu = Math.max(a[7], b[7]);
            double pyEsnCpu = field(json, "esnCpuStepsPerSecond");
            double pyRlsCpu = field(json, "rlsCpuUpdatesPerSecond");
            System.out.printf(Locale.ROOT, "%-6d %-4s %14.0f %15s %14s %14.0f %9.1f %9s %7s  (CPU time, fast tanh)%n", n,
                    "ESN", esnCpu, "", "", pyEsnCpu, esnCpu / pyEsnCpu, ">= " + (int) esnTarget,
                    esnCpu / pyEsnCpu >= esnTarget ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "%-6d %-4s %14.0f %15s %14s %14.0f %9.1f %9s %7s  (CPU time)%n", n,
                    "RLS", rlsCpu, "", "", pyRlsCpu, rlsCpu / pyRlsCpu, ">= " + (int) rlsTarget,
                    rlsCpu / pyRlsCpu >= rlsTarget ? "met" : "NOT met");
        }
        System.out.println("reservoirpy: " + String.join(" | ", py));
    }

    /**
     * Returns {esn steps/s (fast tanh), previous esn steps/s, rls updates/s, previous rls updates/s, rls test
     * NRMSE, esn steps/s (default kernel, Math.tanh, bit for bit the previous), esn steps per CPU second (fast
     * tanh), rls updates per CPU second}.
     */
    static double[] measure(int n, double[] series, long seed, int repeats) {
        EsnParams params = new EsnParams(n, 1, 1.25, 0.3, 1.0, 1.0, 0.1, 0.1, seed);
        double[][] states = new double[STEPS][n + 1];
        double[] u = new double[1];
        double esnBest = Double.MAX_VALUE;
        double esnExactBest = Double.MAX_VALUE;
        double esnRefBest = Double.MAX_VALUE;
        double esnCpuBest = Double.MAX_VALUE;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r <= repeats; r++) {
            Esn exact = new Esn(params);
            long e0 = System.nanoTime();
            for (int t = 0; t < STEPS; t++) {
                u[0] = series[t];
                exact.step(u);
            }
            long e1 = System.nanoTime();
            Esn esn = new Esn(params, true);
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int t = 0; t < STEPS; t++) {
                u[0] = series[t];
                double[] x = esn.step(u);
                double[] row = states[t];
                row[0] = 1.0;
                System.arraycopy(x, 0, row, 1, n);
            }
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            EsnReference ref = new EsnReference(params);
            long t2 = System.nanoTime();
            double sink = 0;
            for (int t = 0; t < STEPS; t++) {
                u[0] = series[t];
                sink += ref.step(u)[0];
            }
            long t3 = System.nanoTime();
            if (sink == 42.4242) {
                System.out.print("");
            }
            if (r > 0) { // r = 0 warms the JIT up
                esnBest = Math.min(esnBest, (t1 - t0) / 1e9);
                esnCpuBest = Math.min(esnCpuBest, (c1 - c0) / 1e9);
                esnExactBest = Math.min(esnExactBest, (e1 - e0) / 1e9);
                esnRefBest = Math.min(esnRefBest, (t3 - t2) / 1e9);
            }
        }
        double[] y = new double[1];
        double rlsBest = Double.MAX_VALUE;
        double rlsRefBest = Double.MAX_VALUE;
        double rlsCpuBest = Double.MAX_VALUE;
        double nrmse = Double.NaN;
        int refRepeats = n > 500 ? 1 : repeats; // the previous RLS takes seconds at N = 1,000
        for (int r = 0; r <= repeats; r++) {
            RlsReadout rls = new RlsReadout(n + 1, 1, 1.0, 1e6);
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int t = WARMUP; t < TRAIN_END; t++) {
                y[0] = series[t + HORIZON];
                rls.update(states[t], y);
            }
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            if (r > 0) {
                rlsBest = Math.min(rlsBest, (t1 - t0) / 1e9);
                rlsCpuBest = Math.min(rlsCpuBest, (c1 - c0) / 1e9);
            }
            if (r <= refRepeats) {
                RlsReadoutReference ref = new RlsReadoutReference(n + 1, 1, 1.0, 1e6);
                long t2 = System.nanoTime();
                for (int t = WARMUP; t < TRAIN_END; t++) {
                    y[0] = series[t + HORIZON];
                    ref.update(states[t], y);
                }
                long t3 = System.nanoTime();
                if (r > 0 || refRepeats == 0) {
                    rlsRefBest = Math.min(rlsRefBest, (t3 - t2) / 1e9);
                }
            }
            nrmse = testNrmse(rls, states, series);
        }
        int updates = TRAIN_END - WARMUP;
        return new double[] {STEPS / esnBest, STEPS / esnRefBest, updates / rlsBest, updates / rlsRefBest, nrmse,
            STEPS / esnExactBest, STEPS / esnCpuBest, updates / rlsCpuBest};
    }

    private static double testNrmse(RlsReadout rls, double[][] states, double[] series) {
        double[] out = new double[1];
        double sum = 0;
        double sumSq = 0;
        double err = 0;
        int count = STEPS - TRAIN_END;
        for (int t = TRAIN_END; t < STEPS; t++) {
            rls.predict(states[t], out);
            double target = series[t + HORIZON];
            err += (out[0] - target) * (out[0] - target);
            sum += target;
            sumSq += target * target;
        }
        double mean = sum / count;
        double std = Math.sqrt(sumSq / count - mean * mean);
        return Math.sqrt(err / count) / std;
    }

    static double[] readSeries(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        double[] v = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            v[i - 1] = Double.parseDouble(f[2]);
        }
        return v;
    }

    private static List<String> runReservoirPy(Path script, Path tree, Path csv, String sizes, long seed, int repeats)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), tree.toString(), csv.toString(), sizes,
                Long.toString(seed), Integer.toString(repeats)).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("reservoirpy script failed: " + err);
        }
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static double field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": ([-0-9.eE+naNIfity]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in reservoirpy output: " + json);
        }
        return Double.parseDouble(m.group(1));
    }
}
