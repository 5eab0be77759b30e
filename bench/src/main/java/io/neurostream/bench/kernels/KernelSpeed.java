package io.neurostream.bench.kernels;

import io.neurostream.core.network.LifNetwork;
import io.neurostream.core.network.LifNetworkReference;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.readout.RlsReadoutReference;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import io.neurostream.core.reservoir.EsnReference;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Before/after of the kernels in this thread's CPU time (robust to other processes on a shared
 * machine, unlike wall time): the current LIF network, ESN and RLS against their previous
 * implementations (operators/core test sources), alternating round by round so that the load
 * slows both alike. Prints the median and best of {@code rounds} rounds.
 *
 * <p>Usage: {@code java -cp ... io.neurostream.bench.kernels.KernelSpeed [lif|esn|rls|all] [rounds]}.
 */
public final class KernelSpeed {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private KernelSpeed() {
    }

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "all";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        if (what.equals("lif") || what.equals("all")) {
            BenchNetworks spec = BenchNetworks.brian2Comparison();
            LifNetwork a = spec.build();
            LifNetworkReference b = new LifNetworkReference(LifParams.brunel2000(), spec.synapses(), spec.drive(),
                    spec.dtMicros());
            int steps = 20_000;
            compare("LIF 1000:100 steps/s", rounds, steps, () -> {
                for (int s = 0; s < steps; s++) {
                    a.step();
                }
            }, () -> {
                for (int s = 0; s < steps; s++) {
                    b.step();
                }
            });
        }
        if (what.equals("esn") || what.equals("all")) {
            for (int n : new int[] {100, 1000}) {
                EsnParams p = new EsnParams(n, 1, 1.25, 0.3, 1.0, 1.0, 0.1, 0.1, 1);
                Esn a = new Esn(p, true);
                EsnReference b = new EsnReference(p);
                double[] u = new double[1];
                int steps = n <= 100 ? 20_000 : 2_000;
                compare("ESN N=" + n + " (fast tanh) steps/s", rounds, steps, () -> {
                    for (int s = 0; s < steps; s++) {
                        u[0] = Math.sin(0.1 * s);
                        a.step(u);
                    }
                }, () -> {
                    for (int s = 0; s < steps; s++) {
                        u[0] = Math.sin(0.1 * s);
                        b.step(u);
                    }
                });
            }
        }
        if (what.equals("rls") || what.equals("all")) {
            for (int n : new int[] {101, 1001}) {
                RlsReadout a = new RlsReadout(n, 1, 1.0, 1e6);
                RlsReadoutReference b = new RlsReadoutReference(n, 1, 1.0, 1e6);
                Esn esn = new Esn(new EsnParams(n - 1, 1, 1.25, 0.3, 1.0, 1.0, 0.1, 0.1, 1));
                int updates = n <= 101 ? 5_000 : 100;
                double[][] x = new double[updates][n];
                for (int t = 0; t < updates; t++) {
                    x[t][0] = 1;
                    System.arraycopy(esn.step(new double[] {Math.sin(0.1 * t)}), 0, x[t], 1, n - 1);
                }
                double[] y = new double[1];
                compare("RLS n=" + n + " updates/s", rounds, updates, () -> {
                    for (int t = 0; t < updates; t++) {
                        y[0] = Math.sin(0.1 * t + 0.1);
                        a.update(x[t], y);
                    }
                }, () -> {
                    for (int t = 0; t < updates; t++) {
                        y[0] = Math.sin(0.1 * t + 0.1);
                        b.update(x[t], y);
                    }
                });
            }
        }
    }

    private static void compare(String name, int rounds, int ops, Runnable now, Runnable previous) {
        now.run(); // warm-up
        previous.run();
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            a[r] = ops / cpuSeconds(now);
            b[r] = ops / cpuSeconds(previous);
        }
        Arrays.sort(a);
        Arrays.sort(b);
        System.out.printf(Locale.ROOT, "%-22s now median %,.0f (best %,.0f)  previous median %,.0f (best %,.0f)"
                + "  ratio %.2f%n", name, a[rounds / 2], a[rounds - 1], b[rounds / 2], b[rounds - 1],
                a[rounds / 2] / b[rounds / 2]);
    }

    private static double cpuSeconds(Runnable r) {
        long t0 = CPU.getCurrentThreadCpuTime();
        r.run();
        return (CPU.getCurrentThreadCpuTime() - t0) / 1e9;
    }
}
