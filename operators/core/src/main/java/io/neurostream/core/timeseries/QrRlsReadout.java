package io.neurostream.core.timeseries;

import java.util.Arrays;

/**
 * Recursive least squares in square-root (QR) form (Haykin, "Adaptive Filter Theory", ch. 15):
 * keeps the upper-triangular Cholesky factor R of {@code ridge I + sum z z'} (z = [1, x]; the bias
 * is not penalised) and {@code p = R^-T sum z y'}, and folds each sample in with Givens rotations,
 * one pass, O(n^2) per sample. Weights solve {@code R w = p} by back-substitution (when asked).
 * In exact arithmetic this is the ridge solution on the samples seen so far; numerically it works
 * on R (condition number sqrt of the normal equations'), so it stays exact where the classic
 * {@code P = I / ridge} recursion of {@link io.neurostream.core.readout.RlsReadout} loses all
 * precision with a tiny ridge (1e-8: P starts at 1e8 I).
 */
public final class QrRlsReadout {
    private final int features;
    private final int outputs;
    private final int z;
    private final double ridge;
    private final double[] r;  // z x z, upper triangle used
    private final double[] p;  // z x outputs
    private final double[] w;  // z x outputs (bias first)
    private final double[] row;
    private final double[] yRow;
    private long updates;
    private boolean weightsCurrent = true;

    /**
     * @param features length of x (the bias is added here)
     * @param ridge penalty on the non-bias weights, &gt;= 0
     */
    public QrRlsReadout(int features, int outputs, double ridge) {
        if (features < 1 || outputs < 1 || !(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("need features, outputs >= 1 and ridge in [0, inf); got " + features
                    + ", " + outputs + ", " + ridge);
        }
        this.features = features;
        this.outputs = outputs;
        this.z = features + 1;
        this.ridge = ridge;
        this.r = new double[z * z];
        this.p = new double[z * outputs];
        this.w = new double[z * outputs];
        this.row = new double[z];
        this.yRow = new double[outputs];
        double s = Math.sqrt(ridge);
        for (int i = 1; i < z; i++) {
            r[i * z + i] = s;
        }
    }

    /** Folds in one sample (x, y); x and y not modified. */
    public void update(double[] x, double[] y) {
        if (x.length != features || y.length != outputs) {
            throw new IllegalArgumentException("expected x of length " + features + " and y of length " + outputs
                    + ", got " + x.length + " and " + y.length);
        }
        row[0] = 1.0;
        System.arraycopy(x, 0, row, 1, features);
        System.arraycopy(y, 0, yRow, 0, outputs);
        for (int i = 0; i < z; i++) {
            double a = row[i];
            if (a == 0.0) {
                continue;
            }
            int ri = i * z;
            double d = r[ri + i];
            double h = Math.hypot(d, a);
            double c = d / h;
            double s = a / h;
            r[ri + i] = h;
            for (int j = i + 1; j < z; j++) {
                double rij = r[ri + j];
                double xj = row[j];
                r[ri + j] = c * rij + s * xj;
                row[j] = c * xj - s * rij;
            }
            int pi = i * outputs;
            for (int o = 0; o < outputs; o++) {
                double po = p[pi + o];
                double yo = yRow[o];
                p[pi + o] = c * po + s * yo;
                yRow[o] = c * yo - s * po;
            }
        }
        updates++;
        weightsCurrent = false;
    }

    /** {@code yOut = W [1, x]} with the weights of all samples so far. */
    public void predict(double[] x, double[] yOut) {
        double[] weights = weights();
        for (int o = 0; o < outputs; o++) {
            double s = weights[o];
            for (int i = 0; i < features; i++) {
                s += weights[(i + 1) * outputs + o] * x[i];
            }
            yOut[o] = s;
        }
    }

    /** Current weights, {@code (1 + features) x outputs} row-major, bias first (live: do not modify). */
    public double[] weights() {
        if (!weightsCurrent) {
            solve();
            weightsCurrent = true;
        }
        return w;
    }

    private void solve() {
        for (int o = 0; o < outputs; o++) {
            for (int i = z - 1; i >= 0; i--) {
                double d = r[i * z + i];
                if (d == 0.0) {
                    w[i * outputs + o] = 0.0; // a direction no sample has reached (and no ridge): leave it at 0
                    continue;
                }
                double s = p[i * outputs + o];
                for (int j = i + 1; j < z; j++) {
                    s -= r[i * z + j] * w[j * outputs + o];
                }
                w[i * outputs + o] = s / d;
            }
        }
    }

    public int featureCount() {
        return features;
    }

    public int outputCount() {
        return outputs;
    }

    public double ridge() {
        return ridge;
    }

    public long updates() {
        return updates;
    }

    /** The factor R (z x z, upper triangle) and p, for a checkpoint: [R..., p...] (a copy). */
    public double[] snapshot() {
        double[] s = Arrays.copyOf(r, r.length + p.length);
        System.arraycopy(p, 0, s, r.length, p.length);
        return s;
    }

    /** A readout from {@link #snapshot()}. */
    public static QrRlsReadout restore(int features, int outputs, double ridge, double[] snapshot, long updates) {
        QrRlsReadout q = new QrRlsReadout(features, outputs, ridge);
        if (snapshot.length != q.r.length + q.p.length) {
            throw new IllegalArgumentException("snapshot has " + snapshot.length + " values, expected "
                    + (q.r.length + q.p.length));
        }
        System.arraycopy(snapshot, 0, q.r, 0, q.r.length);
        System.arraycopy(snapshot, q.r.length, q.p, 0, q.p.length);
        q.updates = updates;
        q.weightsCurrent = false;
        return q;
    }
}
