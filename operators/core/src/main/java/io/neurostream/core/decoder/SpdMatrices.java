package io.neurostream.core.decoder;

/** Small helpers for symmetric positive-definite row-major matrices (decoder internals). */
final class SpdMatrices {
    private SpdMatrices() {}

    /**
     * Inverts the SPD matrix {@code a} (n x n, row-major) in place via Cholesky.
     *
     * @param a matrix (modified: replaced by its inverse when true is returned)
     * @param work scratch of length >= n * n (modified)
     * @return false if {@code a} is not positive definite (then {@code a} is unchanged)
     */
    static boolean invertInPlace(double[] a, int n, double[] work) {
        double[] l = work;
        // Cholesky a = L L', L lower, stored in l
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return false;
                    }
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        // invert L in place (lower triangular): l <- L^-1
        for (int i = 0; i < n; i++) {
            l[i * n + i] = 1.0 / l[i * n + i];
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int k = j; k < i; k++) {
                    s += l[i * n + k] * l[k * n + j];
                }
                l[i * n + j] = -s * l[i * n + i];
            }
        }
        // a^-1 = L^-T L^-1
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = i; k < n; k++) {
                    s += l[k * n + i] * l[k * n + j];
                }
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
        }
        return true;
    }
}
