package io.neurostream.bench.experiments;

import io.neurostream.core.readout.RidgeReadout;
import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;

/**
 * The Mackey-Glass forecasting benchmark of reservoirpy's tutorial: 2000 samples of Mackey-Glass
 * (tau 17) scaled to [-1, 1]; input x(t), target x(t + horizon); the first 80% of the pairs train
 * (the first {@code warmup} states discarded), the last 20% test, the reservoir running on from
 * the training data into the test data. Errors are measured on the test part only.
 */
public final class MackeyGlassForecast {
    private MackeyGlassForecast() {
    }

    /** Test errors: NRMSE by range (reservoirpy's default) and by standard deviation. */
    public record Result(double nrmseRange, double nrmseStd, double rmse) {
    }

    /** Runs the reservoir once over the series; returns states (time x units) and targets. */
    private static double[][] states(Esn esn, double[] series, int horizon) {
        int pairs = series.length - horizon;
        double[][] out = new double[pairs][];
        double[] u = new double[1];
        for (int t = 0; t < pairs; t++) {
            u[0] = series[t];
            out[t] = esn.step(u).clone();
        }
        return out;
    }

    private static double[] series(int samples) {
        return MackeyGlass.normaliseToUnitRange(MackeyGlass.generate(samples, 17.0, 10));
    }

    /** Ridge readout fitted in closed form on the training states. */
    public static Result ridge(EsnParams params, double ridge, int samples, int horizon, int warmup) {
        double[] x = series(samples);
        Esn esn = new Esn(params);
        double[][] s = states(esn, x, horizon);
        int pairs = s.length;
        int train = (int) Math.round(pairs * 0.8);
        RidgeReadout readout = new RidgeReadout(params.units(), 1);
        double[] y = new double[1];
        for (int t = warmup; t < train; t++) {
            y[0] = x[t + horizon];
            readout.accumulate(s[t], y);
        }
        readout.fit(ridge);
        return evaluate(s, x, horizon, train, (state, out) -> readout.predict(state, out));
    }

    /** Recursive least squares learned online, one sample at a time, over the training states. */
    public static Result rls(EsnParams params, double delta, int samples, int horizon, int warmup) {
        double[] x = series(samples);
        Esn esn = new Esn(params);
        double[][] s = states(esn, x, horizon);
        int pairs = s.length;
        int train = (int) Math.round(pairs * 0.8);
        int n = params.units();
        RlsReadout readout = new RlsReadout(n + 1, 1, 1.0, delta);
        double[] z = new double[n + 1];
        double[] y = new double[1];
        for (int t = warmup; t < train; t++) {
            System.arraycopy(s[t], 0, z, 0, n);
            z[n] = 1.0;
            y[0] = x[t + horizon];
            readout.update(z, y);
        }
        return evaluate(s, x, horizon, train, (state, out) -> {
            System.arraycopy(state, 0, z, 0, n);
            z[n] = 1.0;
            readout.predict(z, out);
        });
    }

    private interface Predictor {
        void predict(double[] state, double[] out);
    }

    private static Result evaluate(double[][] s, double[] x, int horizon, int train, Predictor predictor) {
        int test = s.length - train;
        double[] truth = new double[test];
        double[] pred = new double[test];
        double[] out = new double[1];
        for (int t = train; t < s.length; t++) {
            predictor.predict(s[t], out);
            truth[t - train] = x[t + horizon];
            pred[t - train] = out[0];
        }
        return new Result(Metrics.nrmseRange(truth, pred), Metrics.nrmseStd(truth, pred), Metrics.rmse(truth, pred));
    }
}
