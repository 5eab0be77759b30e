package io.neurostream.core.analytics;

/** Tail probabilities of the Poisson distribution for the correlogram tests. */
final class PoissonTail {
    private PoissonTail() {}

    /**
     * P(X &gt;= n) - P(X = n)/2 for X ~ Poisson(lambda), the continuity-corrected upper tail of
     * Stark &amp; Abeles (2009); n is rounded down (decayed counts are not integers). Exact summation
     * for lambda &lt;= 100, a normal approximation with continuity correction above.
     */
    static double upper(double observed, double lambda) {
        int n = (int) Math.floor(observed);
        if (n <= 0) {
            return 1;
        }
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 100) {
            double z = (n - 0.5 - lambda) / Math.sqrt(lambda);
            return 0.5 * erfc(z / Math.sqrt(2));
        }
        // P(X < n) + P(X = n)/2, summed in log space from k = 0
        double logLambda = Math.log(lambda);
        double below = 0;
        double logPmf = -lambda;  // k = 0
        for (int k = 0; k < n; k++) {
            below += Math.exp(logPmf);
            logPmf += logLambda - Math.log(k + 1);
        }
        double atN = Math.exp(logPmf);
        return Math.max(0, Math.min(1, 1 - below - 0.5 * atN));
    }

    /** Complementary error function (Numerical Recipes erfcc, relative error &lt; 1.2e-7 everywhere). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
