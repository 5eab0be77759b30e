package io.neurostream.bench.kernels;

import io.neurostream.core.continual.HlopLearner;
import io.neurostream.core.continual.NaiveOnlineLearner;
import io.neurostream.bench.experiments.PermutedMnist;
import io.neurostream.connectors.sim.Mnist;
import io.neurostream.core.plasticity.InhibitoryRatePlasticity;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import io.neurostream.bench.experiments.MackeyGlassForecast;
import io.neurostream.bench.experiments.MemoryCapacity;
import io.neurostream.bench.experiments.SpikingMemoryCapacity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The full-size learning experiments behind the figures in bench/README.md ("## Kernels"); the
 * unit tests in operators/core run smaller seeded versions of the same code.
 *
 * <p>Usage: {@code java -cp ... io.neurostream.bench.kernels.KernelExperiments [mg|mc|pmnist|all] [dataDir]}.
 */
public final class KernelExperiments {
    private KernelExperiments() {
    }

    public static void main(String[] args) throws IOException {
        String which = args.length > 0 ? args[0] : "all";
        Path data = Path.of(args.length > 1 ? args[1] : "../shared/data");
        if (which.equals("mg") || which.equals("all")) {
            mackeyGlass();
        }
        if (which.equals("mc") || which.equals("all")) {
            memoryCapacity();
        }
        if (which.equals("pmnist") || which.equals("all")) {
            permutedMnist(Mnist.load(data.resolve("mnist-10k")));
        }
    }

    static void mackeyGlass() {
        System.out.println("Mackey-Glass tau=17, 2000 samples in [-1,1], 10-step-ahead, 80/20 split, warm-up 100;"
                + " NRMSE = RMSE/range (reservoirpy), also RMSE/std");
        for (int units : new int[] {100, 1000}) {
            for (long seed = 1; seed <= (units == 100 ? 5 : 2); seed++) {
                EsnParams p = EsnParams.mackeyGlass(units, seed);
                long t0 = System.nanoTime();
                MackeyGlassForecast.Result ridge = MackeyGlassForecast.ridge(p, 1e-8, 2000, 10, 100);
                long t1 = System.nanoTime();
                MackeyGlassForecast.Result rls = MackeyGlassForecast.rls(p, 1e8, 2000, 10, 100);
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "  N=%4d seed %d  ridge(1e-8) NRMSE %.5f (std %.5f, %.2fs)   "
                                + "RLS(delta 1e8) NRMSE %.5f (std %.5f, %.2fs)  RLS/ridge %.2f%n", units, seed,
                        ridge.nrmseRange(), ridge.nrmseStd(), (t1 - t0) / 1e9, rls.nrmseRange(), rls.nrmseStd(),
                        (t2 - t1) / 1e9, rls.nrmseRange() / ridge.nrmseRange());
            }
        }
    }

    static void memoryCapacity() {
        System.out.println("Memory capacity (Jaeger 2002), i.i.d. input, r^2 on the held-out 30%");
        int n = 50;
        Esn esn = new Esn(new EsnParams(n, 1, 0.95, 1.0, 0.01, 0.0, 0.2, 1.0, 3));
        SplittableRandom r = new SplittableRandom(4);
        int steps = 4000;
        double[] u = new double[steps];
        double[][] x = new double[steps][];
        double[] in = new double[1];
        for (int t = 0; t < steps; t++) {
            u[t] = r.nextDouble() - 0.5;
            in[0] = u[t];
            x[t] = esn.step(in).clone();
        }
        System.out.printf(Locale.ROOT, "  ESN N=50 near-linear (sr 0.95, input 0.01): MC = %.2f (bound N = 50)%n",
                MemoryCapacity.measure(u, x, 80, 100, 0.7, 1e-10).total());
        for (long seed = 1; seed <= 3; seed++) {
            SpikingMemoryCapacity.Setup s = SpikingMemoryCapacity.Setup.defaults(seed);
            SpikingMemoryCapacity.Result fixed = SpikingMemoryCapacity.run(s, null, 0, 0, 3000, 30);
            SpikingMemoryCapacity.Result adapted = SpikingMemoryCapacity.run(s,
                    new InhibitoryRatePlasticity(10.0, 0.02, 20.0), 2000, 500, 3000, 30);
            System.out.printf(Locale.ROOT, "  spiking LIF N=200 seed %d: without adaptation MC %.3f (r2 delay 1..3: %.2f %.2f %.2f;"
                            + " rate %.1f +- %.1f Hz, silent %.0f%%) | with E/I adaptation MC %.3f (r2 %.2f %.2f %.2f;"
                            + " rate %.1f +- %.1f Hz, silent %.0f%%)%n", seed,
                    fixed.capacity().total(), fixed.capacity().perDelay()[0], fixed.capacity().perDelay()[1],
                    fixed.capacity().perDelay()[2], fixed.meanRateHz(), fixed.rateStdHz(), 100 * fixed.silentFraction(),
                    adapted.capacity().total(), adapted.capacity().perDelay()[0], adapted.capacity().perDelay()[1],
                    adapted.capacity().perDelay()[2], adapted.meanRateHz(), adapted.rateStdHz(),
                    100 * adapted.silentFraction());
        }
    }

    static void permutedMnist(Mnist mnist) {
        System.out.println("Permuted MNIST: 10 tasks, 2000 train / 1000 held-out test images per task, 1 epoch,"
                + " softmax layer (784+1 inputs), lr 0.02");
        long t0 = System.nanoTime();
        PermutedMnist.Result naive = PermutedMnist.run(mnist, () -> new NaiveOnlineLearner(784, 10, 0.02),
                10, 2000, 1000, 1, 7);
        long t1 = System.nanoTime();
        PermutedMnist.Result hlop = PermutedMnist.run(mnist,
                () -> new HlopLearner(784, 10, 0.02, 40, 400, 10, 0.15, 3), 10, 2000, 1000, 1, 7);
        long t2 = System.nanoTime();
        print("naive SGD", naive, (t1 - t0) / 1e9);
        print("HLOP (40 lateral neurons/task)", hlop, (t2 - t1) / 1e9);
    }

    private static void print(String name, PermutedMnist.Result r, double seconds) {
        System.out.printf(Locale.ROOT, "  %-32s ACC %.2f%%  BWT %+.2f%%  (%.1f s)%n", name, 100 * r.acc(), 100 * r.bwt(),
                seconds);
        StringBuilder diag = new StringBuilder();
        StringBuilder last = new StringBuilder();
        for (int t = 0; t < r.accuracy().length; t++) {
            diag.append(String.format(Locale.ROOT, " %.3f", r.accuracy()[t][t]));
            last.append(String.format(Locale.ROOT, " %.3f", r.accuracy()[r.accuracy().length - 1][t]));
        }
        System.out.println("    just learned:" + diag);
        System.out.println("    at the end:  " + last);
    }
}
