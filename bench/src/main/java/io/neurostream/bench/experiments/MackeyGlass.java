package io.neurostream.bench.experiments;

/**
 * Mackey-Glass delay differential equation (Mackey &amp; Glass 1977):
 * {@code dx/dt = a x(t - tau) / (1 + x(t - tau)^n) - b x(t)}, with reservoirpy's defaults
 * {@code a = 0.2, b = 0.1, n = 10, x0 = 1.2}, history constant {@code x0}. Integrated with RK4 on
 * a fine grid ({@code substeps} per unit of time, delayed values interpolated linearly) and
 * sampled every unit of time. Chaotic for {@code tau = 17}.
 */
public final class MackeyGlass {
    private MackeyGlass() {
    }

    /** {@code samples} values at t = 0, 1, 2, ... for delay {@code tau}. */
    public static double[] generate(int samples, double tau, int substeps) {
        return generate(samples, tau, 0.2, 0.1, 10, 1.2, substeps);
    }

    public static double[] generate(int samples, double tau, double a, double b, double n, double x0, int substeps) {
        if (samples < 1 || substeps < 1 || !(tau > 0)) {
            throw new IllegalArgumentException("samples and substeps must be >= 1 and tau > 0, got "
                    + samples + ", " + substeps + ", " + tau);
        }
        double h = 1.0 / substeps;
        int lag = (int) Math.round(tau / h);
        int total = samples * substeps + 1;
        double[] hist = new double[total + lag];
        for (int i = 0; i <= lag; i++) {
            hist[i] = x0;
        }
        for (int k = lag; k < total + lag - 1; k++) {
            double x = hist[k];
            double d0 = hist[k - lag];
            double d1 = hist[k - lag + 1];
            double dm = 0.5 * (d0 + d1);
            double k1 = f(x, d0, a, b, n);
            double k2 = f(x + 0.5 * h * k1, dm, a, b, n);
            double k3 = f(x + 0.5 * h * k2, dm, a, b, n);
            double k4 = f(x + h * k3, d1, a, b, n);
            hist[k + 1] = x + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        double[] out = new double[samples];
        for (int s = 0; s < samples; s++) {
            out[s] = hist[lag + s * substeps];
        }
        return out;
    }

    private static double f(double x, double delayed, double a, double b, double n) {
        return a * delayed / (1 + Math.pow(delayed, n)) - b * x;
    }

    /** Rescales in place to [-1, 1] (min-max); returns the array. */
    public static double[] normaliseToUnitRange(double[] x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * (x[i] - min) / (max - min) - 1;
        }
        return x;
    }
}
