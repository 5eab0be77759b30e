package io.neurostream.bench.kernels;

import io.neurostream.core.network.EventDrivenLifNetworkReference;

import io.neurostream.core.network.EventDrivenLifNetwork;
import io.neurostream.core.neuron.LifParams;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Companion driver to {@link EventDrivenLifNetworkBenchmark} for the shared machine: the same
 * networks and input streams, the current {@link EventDrivenLifNetwork} and the previous
 * implementation ({@link EventDrivenLifNetworkReference}) measured in alternating rounds, timed by
 * this thread's CPU time as well as wall time, with the bytes this thread allocated per step
 * ({@code com.sun.management.ThreadMXBean}). CPU-time rates are synaptic events per second of one
 * core actually running the network, so they hold while other processes compete for the cores.
 * Prints one line per size and implementation, the ratio current / reference, and the load average.
 *
 * <pre>java -cp ... io.neurostream.bench.kernels.EventDrivenLifNetworkSpeed [secondsPerRound] [rounds]</pre>
 */
public final class EventDrivenLifNetworkSpeed {
    private EventDrivenLifNetworkSpeed() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) mx;
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "load average at start %.2f, %d processors, %s%n", load0,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        System.out.printf(Locale.ROOT, "%-16s %-10s %16s %16s %16s %12s%n", "n:k:external", "impl",
                "ev/s CPU (best)", "ev/s CPU (median)", "ev/s wall (median)", "B/step");
        for (String size : new String[] {"10000:1000:3000", "1000:100:300"}) {
            String[] parts = size.split(":");
            int n = Integer.parseInt(parts[0]);
            int k = Integer.parseInt(parts[1]);
            int external = Integer.parseInt(parts[2]);
            Runner current = new Runner(n, external) {
                final EventDrivenLifNetwork net = new EventDrivenLifNetwork(LifParams.brunel2000(),
                        EventDrivenLifNetworkBenchmark.synapses(n, k), 100);

                @Override
                long step() {
                    for (int e = 0; e < external; e++) {
                        net.inject(random.nextInt(n), 0.5);
                    }
                    net.step();
                    return net.synapticEvents();
                }
            };
            Runner reference = new Runner(n, external) {
                final EventDrivenLifNetworkReference net = new EventDrivenLifNetworkReference(LifParams.brunel2000(),
                        EventDrivenLifNetworkBenchmark.synapses(n, k), 100);

                @Override
                long step() {
                    for (int e = 0; e < external; e++) {
                        net.inject(random.nextInt(n), 0.5);
                    }
                    net.step();
                    return net.synapticEvents();
                }
            };
            Runner[] both = {reference, current};
            for (Runner r : both) {
                r.measure(seconds, mx, alloc); // warm-up round, discarded
                r.reset();
            }
            for (int round = 0; round < rounds; round++) {
                for (Runner r : both) {
                    r.measure(seconds, mx, alloc);
                }
            }
            reference.print(size, "reference");
            current.print(size, "current");
            System.out.printf(Locale.ROOT, "%-16s current / reference: %.2f (CPU, median)  %.2f (wall, median)%n",
                    size, current.median(current.cpuRates) / reference.median(reference.cpuRates),
                    current.median(current.wallRates) / reference.median(reference.wallRates));
        }
        System.out.printf(Locale.ROOT, "load average at end %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private abstract static class Runner {
        final int n;
        final int external;
        final SplittableRandom random = new SplittableRandom(7);
        double[] cpuRates = new double[0];
        double[] wallRates = new double[0];
        double bytesPerStep;
        long lastEvents;

        Runner(int n, int external) {
            this.n = n;
            this.external = external;
        }

        /** One step with its external input; returns the network's total synaptic events so far. */
        abstract long step();

        void reset() {
            cpuRates = new double[0];
            wallRates = new double[0];
        }

        void measure(double seconds, ThreadMXBean mx, com.sun.management.ThreadMXBean alloc) {
            long tid = Thread.currentThread().getId();
            long events0 = lastEvents;
            long bytes0 = alloc.getThreadAllocatedBytes(tid);
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            long steps = 0;
            long events = events0;
            while (System.nanoTime() - wall0 < seconds * 1e9) {
                for (int i = 0; i < 100; i++) {
                    events = step();
                }
                steps += 100;
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            bytesPerStep = (alloc.getThreadAllocatedBytes(tid) - bytes0) / (double) steps;
            lastEvents = events;
            cpuRates = append(cpuRates, (events - events0) / (cpu / 1e9));
            wallRates = append(wallRates, (events - events0) / (wall / 1e9));
        }

        void print(String size, String impl) {
            double best = 0;
            for (double r : cpuRates) {
                best = Math.max(best, r);
            }
            System.out.printf(Locale.ROOT, "%-16s %-10s %,16.0f %,16.0f %,16.0f %12.3f%n", size, impl, best,
                    median(cpuRates), median(wallRates), bytesPerStep);
        }

        double median(double[] a) {
            double[] c = a.clone();
            java.util.Arrays.sort(c);
            return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
        }

        private static double[] append(double[] a, double v) {
            double[] c = java.util.Arrays.copyOf(a, a.length + 1);
            c[a.length] = v;
            return c;
        }
    }
}
