package io.neurostream.core.linalg;

/**
 * Plain-Java Cholesky solver ({@code A = L L'}, forward and back substitution). O(n^3/3).
 * Keeps its factor workspace between calls (grown, never shrunk).
 */
public final class CholeskySolver implements LinearSolver {
    private double[] l = new double[0];

    @Override
    public void solveSpd(double[] a, double[] b, int n, int m, double[] xOut) {
        if (xOut == a || xOut == b) {
            throw new IllegalArgumentException("xOut must not alias a or b");
        }
        if (a.length < n * n || b.length < n * m || xOut.length < n * m) {
            throw new IllegalArgumentException("arrays too short for n=" + n + ", m=" + m);
        }
        if (l.length < n * n) {
            l = new double[n * n];
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new ArithmeticException("matrix is not positive definite (pivot " + i + " = " + sum + ")");
                    }
                    l[i * n + i] = Math.sqrt(sum);
                } else {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                double sum = b[i * m + c];
                for (int k = 0; k < i; k++) {
                    sum -= l[i * n + k] * xOut[k * m + c];
                }
                xOut[i * m + c] = sum / l[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double sum = xOut[i * m + c];
                for (int k = i + 1; k < n; k++) {
                    sum -= l[k * n + i] * xOut[k * m + c];
                }
                xOut[i * m + c] = sum / l[i * n + i];
            }
        }
    }
}
