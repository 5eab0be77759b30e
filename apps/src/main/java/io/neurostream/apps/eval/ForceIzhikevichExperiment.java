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

/**
 * {@code force-izhikevich}: a network of Izhikevich neurons learns to generate a target signal
 * (a 5 Hz sine, 1 ms per sample) from its own fed-back output, the seed's comparison of FORCE
 * (Sussillo &amp; Abbott 2009; Nicola &amp; Clopath 2017: RLS on the readout, updated every step) with
 * the reward-modulated three-factor readout (Hoerzer et al. 2014), both inside the reservoir-regress
 * job's keyed operator with output feedback (the target arrives as labels). 500 samples settle
 * (no labels), then labels train, then FREEZE: the held-out part runs autonomously on the frozen
 * readout, fed back its own output, for 1,000 samples (5 periods). NRMSE on that held-out part for each
 * readout, same reservoirs.
 */
public final class ForceIzhikevichExperiment implements Experiment {
    static final int SETTLE = 500;
    static final int PERIOD = 200;
    static final double LEARNED = 0.5;

    @Override
    public String name() {
        return "force-izhikevich";
    }

    @Override
    public String description() {
        return "Izhikevich reservoir generating a 5 Hz sine from its own feedback: FORCE/RLS vs reward-modulated three-factor";
    }

    @Override
    public EvalReport run(EvalSettings settings) throws Exception {
        boolean full = settings.full();
        int seeds = full ? 3 : 1;
        int units = full ? 500 : 300;
        int train = full ? 20000 : 6000;
        int test = 1000; // 5 periods: past that, a slight frequency error alone dominates the NRMSE
        int total = SETTLE + train + test;
        List<Stream> streams = new ArrayList<>();
        double[] target = new double[total];
        for (int t = 0; t < total; t++) {
            target[t] = Math.sin(2 * Math.PI * t / PERIOD);
        }
        for (int k = 1; k <= seeds; k++) {
            double[][] in = new double[total][];
            double[][] y = new double[total][];
            for (int t = 0; t < total; t++) {
                in[t] = new double[] {0.0}; // a clock tick: the network runs on its own feedback
                y[t] = t >= SETTLE && t < SETTLE + train ? new double[] {target[t]} : null;
            }
            streams.add(new Stream("force-" + k, in, y, List.of(Stream.freezeAt(SETTLE + train))));
        }
        ReservoirConfig force = new ReservoirConfig(ReservoirSpec.Kind.IZHIKEVICH, units, false, ReadoutKind.RLS,
                ReadoutParams.defaults().withRidge(1e-4), 1, true, settings.seed(), 0);
        ReservoirConfig local = new ReservoirConfig(ReservoirSpec.Kind.IZHIKEVICH, units, false, ReadoutKind.THREE_FACTOR,
                ReadoutParams.defaults().withThreeFactor(1e-3, 0.2, 5), 1, true, settings.seed(), 0);
        settings.progress().accept(String.format(Locale.ROOT, "force-izhikevich: %d stream(s), %d neurons, %,d samples"
                + " (%d settle, %,d train, %,d autonomous test), models %s / %s", seeds, units, total, SETTLE, train,
                test, force.id(), local.id()));
        ReservoirPipeline.Output out = ReservoirPipeline.run(streams, List.of(force, local), settings.progress());
        double[][] truth = new double[total][];
        for (int t = 0; t < total; t++) {
            truth[t] = new double[] {target[t]};
        }
        int from = SETTLE + train;
        double[] nForce = new double[seeds];
        double[] nLocal = new double[seeds];
        double[] nForceTrain = new double[seeds];
        double[] nLocalTrain = new double[seeds];
        for (int k = 0; k < seeds; k++) {
            String id = streams.get(k).id();
            nForce[k] = ReservoirPipeline.nrmse(out.of(force, id), truth, 0, from, total);
            nLocal[k] = ReservoirPipeline.nrmse(out.of(local, id), truth, 0, from, total);
            nForceTrain[k] = ReservoirPipeline.nrmse(out.of(force, id), truth, 0, from - 2 * PERIOD, from);
            nLocalTrain[k] = ReservoirPipeline.nrmse(out.of(local, id), truth, 0, from - 2 * PERIOD, from);
        }
        double mForce = ReservoirPipeline.median(nForce);
        double mLocal = ReservoirPipeline.median(nLocal);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("units", units);
        details.put("seeds", seeds);
        details.put("trainSamples", train);
        details.put("testSamples", test);
        details.put("forcePerSeed", MackeyGlassExperiment.toList(nForce));
        details.put("threeFactorPerSeed", MackeyGlassExperiment.toList(nLocal));
        details.put("forceLastTrainingPeriods", MackeyGlassExperiment.toList(nForceTrain));
        details.put("threeFactorLastTrainingPeriods", MackeyGlassExperiment.toList(nLocalTrain));
        details.put("gapThreeFactorMinusForce", mLocal - mForce);
        details.put("jobSeconds", Math.round(out.jobSeconds() * 10) / 10.0);
        List<EvalResult> results = new ArrayList<>();
        results.add(new EvalResult(name(), String.format(Locale.ROOT,
                "held-out NRMSE, three-factor readout, autonomous (median of %d)", seeds), "nrmse", mLocal,
                "FORCE (RLS every step) on the same reservoirs", mForce, LEARNED, false, details));
        results.add(new EvalResult(name(), String.format(Locale.ROOT, "held-out NRMSE, FORCE/RLS, autonomous (median of %d)",
                seeds), "nrmse", mForce, "", Double.NaN, LEARNED, false, Map.of()));
        results.add(new EvalResult(name(), "NRMSE over the last 2 training periods, three-factor (median)", "nrmse",
                ReservoirPipeline.median(nLocalTrain), "FORCE", ReservoirPipeline.median(nForceTrain), Double.NaN, false,
                Map.of()));
        return new EvalReport(name(), results, pictures(settings, out, force, local, streams.get(0).id(), truth, from,
                total), 0);
    }

    private List<Path> pictures(EvalSettings settings, ReservoirPipeline.Output out, ReservoirConfig force,
                                ReservoirConfig local, String stream, double[][] truth, int from, int total)
            throws IOException {
        Files.createDirectories(settings.pngDir());
        int start = from - 2 * PERIOD;
        int end = Math.min(total, from + 5 * PERIOD);
        int n = end - start;
        double[] ts = new double[n];
        double[] y = new double[n];
        double[] f = new double[n];
        double[] l = new double[n];
        double[][] pf = out.of(force, stream);
        double[][] pl = out.of(local, stream);
        for (int t = start; t < end; t++) {
            ts[t - start] = t;
            y[t - start] = truth[t][0];
            f[t - start] = pf[t] == null ? Double.NaN : pf[t][0];
            l[t - start] = pl[t] == null ? Double.NaN : pl[t][0];
        }
        Figure fig = new Figure(String.format(Locale.ROOT, "%s: output fed back; FREEZE at t = %d, then autonomous",
                stream, from), 900, 360)
                .x("t (samples of 1 ms)", start, end).y("output", -2, 2).grid()
                .line(ts, y, n, Figure.GREY, "target")
                .line(ts, f, n, Figure.BLUE, "FORCE / RLS")
                .line(ts, l, n, Figure.ORANGE, "three-factor");
        Path png = settings.pngDir().resolve("force-izhikevich.png");
        fig.write(png);
        return List.of(png);
    }
}
