package io.neurostream.core.linalg;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

/**
 * ND4J (OpenBLAS/LAPACK) solver for large systems. Loads ND4J's native libraries on first use
 * (several seconds, ~400 MB unpacked once to the javacpp cache); allocates off-heap per call, so
 * it serves refits, not per-sample updates.
 */
public final class Nd4jSolver implements LinearSolver {
    @Override
    public void solveSpd(double[] a, double[] b, int n, int m, double[] xOut) {
        INDArray am = Nd4j.create(a, new long[] {n, n}, DataType.DOUBLE);
        INDArray bm = Nd4j.create(b, new long[] {n, m}, DataType.DOUBLE);
        INDArray x = InvertMatrix.invert(am, false).mmul(bm);
        double[] flat = x.dup('c').data().asDouble();
        System.arraycopy(flat, 0, xOut, 0, n * m);
    }
}
