package io.neurostream.core.linalg;

/**
 * Solves {@code A X = B} for a symmetric positive definite {@code A}: the one dense operation the
 * readouts need. Implementations: {@link CholeskySolver} (plain Java) and {@link Nd4jSolver}
 * (ND4J / OpenBLAS, for large feature counts).
 */
public interface LinearSolver {
    /**
     * @param a row-major n x n SPD matrix (not modified)
     * @param b row-major n x m right-hand sides (not modified)
     * @param xOut row-major n x m solution (modified); must not alias a or b
     */
    void solveSpd(double[] a, double[] b, int n, int m, double[] xOut);
}
