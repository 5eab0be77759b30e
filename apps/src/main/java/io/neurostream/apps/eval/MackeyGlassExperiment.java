package io.neurostream.apps.eval;

import io.neurostream.apps.eval.timeseries.ReservoirPipeline;
import io.neurostream.apps.eval.timeseries.ReservoirPipeline.Stream;
import io.neurostream.apps.plot.Figure;
import io.neurostream.core.timeseries.OnlineReadout.ReadoutKind;
import io.neurostream.flink.reservoir.ReservoirConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mackey-glass}: the fixed forecasting task of issue 11 through Kafka and the
 * reservoir-regress job. Series {@code timeseries/mackey-glass-tau17.csv} ({@code x_norm}); input
 * x(t), target x(t+10), t = 0..7,099, one continuous run from a zero state: 0-99 warm-up (no labels),
 * 100-5,099 train, 5,100-7,099 test with the readout frozen (FREEZE on control at t = 5,100).
 * NRMSE = RMSE / population std of the test target; median over the reservoir seeds. The readout
 * under test is one-pass RLS (QR form); the baseline is ridge (exact, solved at FREEZE) on the same
 * reservoir in the same run. CI: N = 100, one seed. Full: N = 100 and 1,000, five seeds.
 */
public final class MackeyGlassExperiment implements Experiment {
    static final int HORIZON = 10;
    static final int WARMUP = 100;
    static final int TRAIN_END = 5100;
    static final int TEST_END = 7100;
    static final double TARGET_100 = 3.4e-3;
    static final double TARGET_1000 = 1.9e-4;
    static final double RLS_RATIO_TARGET = 1.05;

    @Override
    public String name() {
        return "mackey-glass";
    }

    @Override
    public String description() {
        return "Mackey-Glass x(t+10) forecast (fixed task), ESN N=100 and 1,000, one-pass RLS vs ridge, median of 5 seeds";
    }

    /** x_norm of the shared series. */
    static double[] series(Path data) throws IOException {
        Path csv = data.resolve("timeseries/mackey-glass-tau17.csv");
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException(csv.toAbsolutePath() + " not found: give --data the shared data folder");
        }
        List<String> lines = Files.readAllLines(csv);
        int column = List.of(lines.get(0).split(",")).indexOf("x_norm");
        if (column < 0) {
            throw new IllegalArgumentException(csv + " has no x_norm column");
        }
        double[] x = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            x[i - 1] = Double.parseDouble(lines.get(i).split(",")[column]);
        }
        return x;
    }

    @Override
    public EvalReport run(EvalSettings settings) throws Exception {
        double[] x = series(settings.data());
        int seeds = settings.full() ? 5 : 1;
        int[] sizes = settings.full() ? new int[] {100, 1000} : new int[] {100};
        List<Stream> streams = new ArrayList<>();
        for (int k = 1; k <= seeds; k++) {
            double[][] in = new double[TEST_END][];
            double[][] y = new double[TEST_END][];
            for (int t = 0; t < TEST_END; t++) {
                in[t] = new double[] {x[t]};
                y[t] = t < WARMUP ? null : new double[] {x[t + HORIZON]};
            }
            streams.add(new Stream("mackey-glass-" + k, in, y, List.of(Stream.freezeAt(TRAIN_END))));
        }
        List<ReservoirConfig> models = new ArrayList<>();
        for (int n : sizes) {
            models.add(ReservoirConfig.esn(n, ReadoutKind.RLS, settings.seed()));
            models.add(ReservoirConfig.esn(n, ReadoutKind.RIDGE, settings.seed()));
        }
        settings.progress().accept(String.format(Locale.ROOT, "mackey-glass: %d stream(s) of %,d steps, models %s",
                seeds, TEST_END, models.stream().map(ReservoirConfig::id).toList()));
        ReservoirPipeline.Output out = ReservoirPipeline.run(streams, models, settings.progress());

        List<EvalResult> results = new ArrayList<>();
        List<EvalResult> ratios = new ArrayList<>();
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        for (int n : sizes) {
            ReservoirConfig rls = models.get(2 * indexOf(sizes, n));
            ReservoirConfig ridge = models.get(2 * indexOf(sizes, n) + 1);
            double[] rlsErr = new double[seeds];
            double[] ridgeErr = new double[seeds];
            for (int k = 0; k < seeds; k++) {
                Stream s = streams.get(k);
                rlsErr[k] = ReservoirPipeline.nrmse(out.of(rls, s.id()), s.targets(), 0, TRAIN_END, TEST_END);
                ridgeErr[k] = ReservoirPipeline.nrmse(out.of(ridge, s.id()), s.targets(), 0, TRAIN_END, TEST_END);
            }
            perSeed.put(rls.id(), rlsErr);
            perSeed.put(ridge.id(), ridgeErr);
            double mRls = ReservoirPipeline.median(rlsErr);
            double mRidge = ReservoirPipeline.median(ridgeErr);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("units", n);
            details.put("seeds", seeds);
            details.put("reservoirSeeds", streams.stream().map(s -> rls.streamSeed(s.id())).toList());
            details.put("rlsPerSeed", toList(rlsErr));
            details.put("ridgePerSeed", toList(ridgeErr));
            details.put("ridge", 1e-8);
            details.put("jobSeconds", Math.round(out.jobSeconds() * 10) / 10.0);
            details.put("modelSnapshots", out.models().size());
            results.add(new EvalResult(name(), String.format(Locale.ROOT, "test NRMSE, N=%d, one-pass RLS (median of %d)",
                    n, seeds), "nrmse", mRls, "ridge 1e-8 on the same reservoir (exact, solved at FREEZE)", mRidge,
                    n == 100 ? TARGET_100 : n == 1000 ? TARGET_1000 : Double.NaN, false, details));
            ratios.add(new EvalResult(name(), String.format(Locale.ROOT, "RLS / ridge NRMSE, N=%d", n), "ratio",
                    mRls / mRidge, "", Double.NaN, RLS_RATIO_TARGET, false, Map.of()));
        }
        results.addAll(ratios);
        List<Path> pictures = pictures(settings, streams.get(0), out, models, perSeed, sizes);
        return new EvalReport(name(), results, pictures, 0);
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>();
        for (double v : a) {
            l.add(v);
        }
        return l;
    }

    private List<Path> pictures(EvalSettings settings, Stream first, ReservoirPipeline.Output out,
                                List<ReservoirConfig> models, Map<String, double[]> perSeed, int[] sizes)
            throws IOException {
        Files.createDirectories(settings.pngDir());
        List<Path> pictures = new ArrayList<>();
        ReservoirConfig best = models.get(2 * (sizes.length - 1));
        double[][] pred = out.of(best, first.id());
        int shown = 500;
        double[] ts = new double[shown];
        double[] truth = new double[shown];
        double[] p = new double[shown];
        double[] err = new double[shown];
        int n = 0;
        for (int t = TRAIN_END; t < TRAIN_END + shown; t++, n++) {
            ts[n] = t;
            truth[n] = first.targets()[t][0];
            p[n] = pred[t] == null ? Double.NaN : pred[t][0];
            err[n] = p[n] - truth[n];
        }
        double maxErr = 0;
        for (double e : err) {
            maxErr = Math.max(maxErr, Math.abs(e));
        }
        Figure signal = new Figure(String.format(Locale.ROOT, "Mackey-Glass x(t+10): %s on stream %s, test time",
                best.id(), first.id()), 900, 320)
                .x("t (steps)", TRAIN_END, TRAIN_END + shown).y("x_norm", -1.1, 1.1).grid()
                .line(ts, truth, n, Figure.GREY, "target").line(ts, p, n, Figure.BLUE, "prediction (read from Kafka)");
        Figure error = new Figure("prediction - target", 900, 220)
                .x("t (steps)", TRAIN_END, TRAIN_END + shown).y("error", -maxErr * 1.1 - 1e-12, maxErr * 1.1 + 1e-12)
                .grid().line(ts, err, n, Figure.RED, "error");
        Path signalPng = settings.pngDir().resolve("mackey-glass-prediction.png");
        Figure.writeStacked(List.of(signal, error), signalPng);
        pictures.add(signalPng);

        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[] v : perSeed.values()) {
            for (double e : v) {
                if (e > 0 && Double.isFinite(e)) {
                    lo = Math.min(lo, e);
                    hi = Math.max(hi, e);
                }
            }
        }
        if (hi == 0) {
            return pictures;
        }
        int seeds = perSeed.values().iterator().next().length;
        // log10 on a linear axis: the log axis labels values below 0.05 as 0.0
        Figure nrmse = new Figure("Mackey-Glass test NRMSE per reservoir seed (log10)", 900, 360)
                .x("seed", 0.5, seeds + 0.5).y("log10 NRMSE", Math.floor(Math.log10(lo) * 5) / 5 - 0.2,
                        Math.ceil(Math.log10(hi) * 5) / 5 + 0.2).grid();
        int c = 0;
        for (var e : perSeed.entrySet()) {
            double[] xs = new double[seeds];
            for (int k = 0; k < seeds; k++) {
                xs[k] = k + 1 + (c - perSeed.size() / 2.0) * 0.05;
            }
            double[] logs = new double[seeds];
            for (int k = 0; k < seeds; k++) {
                logs[k] = Math.log10(e.getValue()[k]);
            }
            nrmse.points(xs, logs, seeds, Figure.PALETTE[c % Figure.PALETTE.length], e.getKey());
            c++;
        }
        nrmse.rule(Math.log10(TARGET_100), Figure.GREY, "target N=100", true);
        if (sizes.length > 1) {
            nrmse.rule(Math.log10(TARGET_1000), Figure.GREY, "target N=1,000", true);
        }
        Path perSeedPng = settings.pngDir().resolve("mackey-glass-nrmse-per-seed.png");
        nrmse.write(perSeedPng);
        pictures.add(perSeedPng);
        return pictures;
    }
}
