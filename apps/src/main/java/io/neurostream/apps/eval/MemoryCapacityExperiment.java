package io.neurostream.apps.eval;

import io.neurostream.apps.eval.timeseries.ReservoirPipeline;
import io.neurostream.apps.eval.timeseries.ReservoirPipeline.Stream;
import io.neurostream.apps.plot.Figure;
import io.neurostream.core.timeseries.OnlineReadout.ReadoutKind;
import io.neurostream.core.timeseries.OnlineReadout.ReadoutParams;
import io.neurostream.core.timeseries.ReservoirSpec;
import io.neurostream.flink.reservoir.ReservoirConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code memory-capacity}: short-term memory capacity (Jaeger 2002) of the spiking E/I reservoir
 * with and without its homeostatic E/I adaptation, same reservoir seeds, through Kafka and the
 * reservoir-regress job. Input: i.i.d. uniform [-1, 1], one value per 10 ms sample. The first
 * 2,000 samples are the adaptation period (the adapting reservoir adapts, the fixed one just runs;
 * no labels); then labels [u(t-1), ..., u(t-K)] train a ridge readout (one output per delay) until
 * FREEZE; then MC = sum_k r^2(u(t-k), y_k(t)) on the held-out samples after it. Baseline: the same
 * reservoir without adaptation, in the same run.
 */
public final class MemoryCapacityExperiment implements Experiment {
    static final int ADAPT = 2000;
    static final int MAX_DELAY = 40;
    static final double GAIN_TARGET = 1.30;

    @Override
    public String name() {
        return "memory-capacity";
    }

    @Override
    public String description() {
        return "memory capacity of a spiking E/I reservoir with vs without E/I adaptation (same seeds)";
    }

    @Override
    public EvalReport run(EvalSettings settings) throws Exception {
        boolean full = settings.full();
        int seeds = full ? 5 : 2;
        int units = full ? 200 : 100;
        int train = full ? 3000 : 1500;
        int test = full ? 1000 : 500;
        int total = ADAPT + train + test;
        int learnFrom = ADAPT + 100; // a washout after the adaptation period
        List<Stream> streams = new ArrayList<>();
        List<double[]> inputs = new ArrayList<>();
        for (int k = 1; k <= seeds; k++) {
            SplittableRandom random = new SplittableRandom(settings.seed() * 1000 + k);
            double[] u = new double[total];
            double[][] in = new double[total][];
            double[][] y = new double[total][];
            for (int t = 0; t < total; t++) {
                u[t] = random.nextDouble() * 2 - 1;
                in[t] = new double[] {u[t]};
            }
            for (int t = learnFrom; t < ADAPT + train; t++) {
                y[t] = new double[MAX_DELAY];
                for (int d = 1; d <= MAX_DELAY; d++) {
                    y[t][d - 1] = u[t - d];
                }
            }
            inputs.add(u);
            streams.add(new Stream("memory-capacity-" + k, in, y, List.of(Stream.freezeAt(ADAPT + train))));
        }
        ReadoutParams params = ReadoutParams.defaults().withRidge(1e-4);
        ReservoirConfig fixed = new ReservoirConfig(ReservoirSpec.Kind.SPIKING_EI, units, false, ReadoutKind.RIDGE, params,
                MAX_DELAY, false, settings.seed(), 0);
        ReservoirConfig adapted = new ReservoirConfig(ReservoirSpec.Kind.SPIKING_EI, units, true, ReadoutKind.RIDGE,
                params, MAX_DELAY, false, settings.seed(), 0);
        settings.progress().accept(String.format(Locale.ROOT, "memory-capacity: %d stream(s) of %,d samples (%d adapt, "
                + "%d train, %d test), %d neurons, delays 1..%d, models %s / %s", seeds, total, ADAPT, train, test,
                units, MAX_DELAY, adapted.id(), fixed.id()));
        ReservoirPipeline.Output out = ReservoirPipeline.run(streams, List.of(fixed, adapted), settings.progress());

        int from = ADAPT + train;
        double[] mcFixed = new double[seeds];
        double[] mcAdapted = new double[seeds];
        double[][] curveFixed = new double[seeds][];
        double[][] curveAdapted = new double[seeds][];
        for (int k = 0; k < seeds; k++) {
            curveFixed[k] = curve(out.of(fixed, streams.get(k).id()), inputs.get(k), from, total);
            curveAdapted[k] = curve(out.of(adapted, streams.get(k).id()), inputs.get(k), from, total);
            mcFixed[k] = sum(curveFixed[k]);
            mcAdapted[k] = sum(curveAdapted[k]);
        }
        double meanFixed = mean(mcFixed);
        double meanAdapted = mean(mcAdapted);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("units", units);
        details.put("seeds", seeds);
        details.put("adaptSamples", ADAPT);
        details.put("trainSamples", train);
        details.put("testSamples", test);
        details.put("maxDelay", MAX_DELAY);
        details.put("adaptedPerSeed", MackeyGlassExperiment.toList(mcAdapted));
        details.put("fixedPerSeed", MackeyGlassExperiment.toList(mcFixed));
        details.put("jobSeconds", Math.round(out.jobSeconds() * 10) / 10.0);
        List<EvalResult> results = new ArrayList<>();
        results.add(new EvalResult(name(), String.format(Locale.ROOT, "MC with E/I adaptation / without (mean of %d seeds)",
                seeds), "ratio", meanAdapted / meanFixed, "", Double.NaN, GAIN_TARGET, true, details));
        results.add(new EvalResult(name(), String.format(Locale.ROOT, "memory capacity, %d neurons, adapted (mean)", units),
                "memory-capacity", meanAdapted, "same reservoir without adaptation", meanFixed, Double.NaN, true,
                Map.of()));
        return new EvalReport(name(), results, pictures(settings, curveFixed, curveAdapted, mcFixed, mcAdapted), 0);
    }

    /** r^2 per delay on samples [from, to), from the predictions read back. */
    static double[] curve(double[][] predicted, double[] u, int from, int to) {
        double[] r2 = new double[MAX_DELAY];
        for (int d = 1; d <= MAX_DELAY; d++) {
            int n = to - from;
            double[] a = new double[n];
            double[] b = new double[n];
            for (int t = from; t < to; t++) {
                if (predicted[t] == null) {
                    return fillNaN(r2);
                }
                a[t - from] = u[t - d];
                b[t - from] = predicted[t][d - 1];
            }
            r2[d - 1] = squaredCorrelation(a, b);
        }
        return r2;
    }

    private static double[] fillNaN(double[] a) {
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    static double squaredCorrelation(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double c = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < n; i++) {
            c += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return va > 0 && vb > 0 ? c * c / (va * vb) : 0;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static double mean(double[] a) {
        return sum(a) / a.length;
    }

    private List<Path> pictures(EvalSettings settings, double[][] fixed, double[][] adapted, double[] mcFixed,
                                double[] mcAdapted) throws IOException {
        Files.createDirectories(settings.pngDir());
        int seeds = fixed.length;
        double[] ks = new double[MAX_DELAY];
        double[] f = new double[MAX_DELAY];
        double[] a = new double[MAX_DELAY];
        for (int d = 0; d < MAX_DELAY; d++) {
            ks[d] = d + 1;
            for (int k = 0; k < seeds; k++) {
                f[d] += fixed[k][d] / seeds;
                a[d] += adapted[k][d] / seeds;
            }
        }
        Figure curve = new Figure(String.format(Locale.ROOT, "memory curve r^2(u(t-k), y_k(t)), mean of %d seeds: "
                + "MC %.2f adapted vs %.2f fixed", seeds, mean(mcAdapted), mean(mcFixed)), 900, 340)
                .x("delay k (samples of 10 ms)", 0.5, MAX_DELAY + 0.5).y("r^2 on held-out samples", 0, 1.05).grid()
                .line(ks, a, MAX_DELAY, Figure.BLUE, "with E/I adaptation")
                .line(ks, f, MAX_DELAY, Figure.GREY, "without (same reservoir)");
        double hi = 0;
        for (int k = 0; k < seeds; k++) {
            hi = Math.max(hi, Math.max(mcFixed[k], mcAdapted[k]));
        }
        double[] xs = new double[seeds];
        double[] xs2 = new double[seeds];
        for (int k = 0; k < seeds; k++) {
            xs[k] = k + 1 - 0.05;
            xs2[k] = k + 1 + 0.05;
        }
        Figure perSeed = new Figure("memory capacity per reservoir seed", 900, 260)
                .x("seed", 0.5, seeds + 0.5).y("MC", 0, hi * 1.2 + 1e-9).grid()
                .points(xs, mcAdapted, seeds, Figure.BLUE, "with adaptation")
                .points(xs2, mcFixed, seeds, Figure.GREY, "without");
        Path png = settings.pngDir().resolve("memory-capacity.png");
        Figure.writeStacked(List.of(curve, perSeed), png);
        return List.of(png);
    }
}
