package io.neurostream.core.timeseries;

import io.neurostream.core.readout.RidgeReadout;
import io.neurostream.core.readout.RlsReadout;

/**
 * The readouts a time-series reservoir job can learn online, behind one face: {@link #predict},
 * {@link #learn} (one sample, in stream order) and a checkpoint as one vector
 * ({@link #snapshot()} / {@link ReadoutKind#restore}).
 */
public interface OnlineReadout {
    ReadoutKind kind();

    int featureCount();

    int outputCount();

    /** Learning updates so far. */
    long updates();

    void predict(double[] x, double[] yOut);

    void learn(double[] x, double[] y);

    /** Called when learning stops (FREEZE): a batch readout solves here. */
    default void frozen() {
    }

    /** Weights for a model snapshot, {@code outputs x (1 + features)} row-major (bias first). */
    double[] weightsWithBias();

    /** Everything learned, as one vector ({@link ReadoutKind#restore} reads it back). */
    double[] snapshot();

    /** The kinds, with their hyper-parameters. */
    enum ReadoutKind {
        /** One-pass exact RLS in square-root form ({@link QrRlsReadout}); penalty = ridge. */
        RLS("rls"),
        /** The classic RLS recursion with P(0) = I / ridge ({@link RlsReadout}), kept to show why RLS needs the QR form. */
        RLS_CLASSIC("rls-classic"),
        /** Ridge on accumulated X'X and X'Y ({@link RidgeReadout}), solved when frozen and every refit-every updates. */
        RIDGE("ridge"),
        /** The reward-modulated three-factor readout ({@link ThreeFactorReadout}). */
        THREE_FACTOR("three-factor");

        private final String id;

        ReadoutKind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static ReadoutKind parse(String s) {
            for (ReadoutKind k : values()) {
                if (k.id.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown readout '" + s + "': use rls, rls-classic, ridge or three-factor");
        }

        /** A fresh readout. */
        public OnlineReadout create(int features, int outputs, ReadoutParams p, long seed) {
            return restore(features, outputs, p, seed, null, 0);
        }

        /** A readout from {@link OnlineReadout#snapshot()} ({@code null}: a fresh one). */
        public OnlineReadout restore(int features, int outputs, ReadoutParams p, long seed, double[] snapshot,
                                     long updates) {
            return switch (this) {
                case RLS -> new Rls(snapshot == null ? new QrRlsReadout(features, outputs, p.ridge())
                        : QrRlsReadout.restore(features, outputs, p.ridge(), snapshot, updates));
                case RLS_CLASSIC -> new ClassicRls(features, outputs, p.ridge(), snapshot, updates);
                case RIDGE -> new Ridge(features, outputs, p, snapshot, updates);
                case THREE_FACTOR -> snapshot == null
                        ? new ThreeFactorReadout(features, outputs, p.eta(), p.noiseStd(), p.tauUpdates(), seed)
                        : ThreeFactorReadout.restore(features, outputs, p.eta(), p.noiseStd(), p.tauUpdates(), snapshot,
                        updates);
            };
        }
    }

    /**
     * @param ridge penalty of rls, rls-classic and ridge
     * @param refitEvery ridge: solve every this many updates while learning (0 = only when frozen)
     * @param eta three-factor learning rate
     * @param noiseStd three-factor exploration noise
     * @param tauUpdates three-factor running-mean time constant, in updates
     */
    record ReadoutParams(double ridge, int refitEvery, double eta, double noiseStd, double tauUpdates)
            implements java.io.Serializable {
        public ReadoutParams {
            if (!(ridge >= 0) || refitEvery < 0 || !(eta > 0) || !(noiseStd > 0) || !(tauUpdates >= 1)) {
                throw new IllegalArgumentException("need ridge >= 0, refitEvery >= 0, eta > 0, noiseStd > 0,"
                        + " tauUpdates >= 1; got " + ridge + ", " + refitEvery + ", " + eta + ", " + noiseStd + ", "
                        + tauUpdates);
            }
        }

        public static ReadoutParams defaults() {
            return new ReadoutParams(1e-8, 500, 5e-4, 0.05, 5);
        }

        public ReadoutParams withRidge(double r) {
            return new ReadoutParams(r, refitEvery, eta, noiseStd, tauUpdates);
        }

        public ReadoutParams withThreeFactor(double e, double noise, double tau) {
            return new ReadoutParams(ridge, refitEvery, e, noise, tau);
        }
    }

    /** {@link QrRlsReadout}. */
    final class Rls implements OnlineReadout {
        private final QrRlsReadout q;

        Rls(QrRlsReadout q) {
            this.q = q;
        }

        @Override
        public ReadoutKind kind() {
            return ReadoutKind.RLS;
        }

        @Override
        public int featureCount() {
            return q.featureCount();
        }

        @Override
        public int outputCount() {
            return q.outputCount();
        }

        @Override
        public long updates() {
            return q.updates();
        }

        @Override
        public void predict(double[] x, double[] yOut) {
            q.predict(x, yOut);
        }

        @Override
        public void learn(double[] x, double[] y) {
            q.update(x, y);
        }

        @Override
        public double[] weightsWithBias() {
            return transpose(q.weights(), q.featureCount() + 1, q.outputCount());
        }

        @Override
        public double[] snapshot() {
            return q.snapshot();
        }
    }

    /** {@link RlsReadout} on [1, x] with P(0) = I / ridge. */
    final class ClassicRls implements OnlineReadout {
        private final RlsReadout r;
        private final double[] z;

        ClassicRls(int features, int outputs, double ridge, double[] snapshot, long updates) {
            double delta = ridge > 0 ? 1.0 / ridge : 1e12;
            int f = features + 1;
            if (snapshot == null) {
                r = new RlsReadout(f, outputs, 1.0, delta);
            } else {
                double[] w = java.util.Arrays.copyOf(snapshot, f * outputs);
                double[] p = java.util.Arrays.copyOfRange(snapshot, f * outputs, snapshot.length);
                r = RlsReadout.restore(f, outputs, 1.0, w, p, updates);
            }
            z = new double[f];
            z[0] = 1.0;
        }

        @Override
        public ReadoutKind kind() {
            return ReadoutKind.RLS_CLASSIC;
        }

        @Override
        public int featureCount() {
            return z.length - 1;
        }

        @Override
        public int outputCount() {
            return r.outputCount();
        }

        @Override
        public long updates() {
            return r.updates();
        }

        @Override
        public void predict(double[] x, double[] yOut) {
            System.arraycopy(x, 0, z, 1, x.length);
            r.predict(z, yOut);
        }

        @Override
        public void learn(double[] x, double[] y) {
            System.arraycopy(x, 0, z, 1, x.length);
            r.update(z, y);
        }

        @Override
        public double[] weightsWithBias() {
            return r.weights().clone();
        }

        @Override
        public double[] snapshot() {
            double[] w = r.weights();
            double[] p = r.inverseCorrelation();
            double[] s = java.util.Arrays.copyOf(w, w.length + p.length);
            System.arraycopy(p, 0, s, w.length, p.length);
            return s;
        }
    }

    /** {@link RidgeReadout}: accumulates, solves when frozen (and every {@code refitEvery} updates while learning). */
    final class Ridge implements OnlineReadout {
        private final RidgeReadout r;
        private final ReadoutParams p;
        private long fittedAt = -1;

        /** snapshot: [statistics..., fitted weights ((features+1) x outputs)..., samples at the fit]. */
        Ridge(int features, int outputs, ReadoutParams p, double[] snapshot, long updates) {
            this.p = p;
            if (snapshot == null) {
                this.r = new RidgeReadout(features, outputs);
                return;
            }
            int w = (features + 1) * outputs;
            int stats = snapshot.length - w - 1;
            // the weights of the last fit, as they were (the statistics have moved on since)
            this.r = RidgeReadout.restore(features, outputs, java.util.Arrays.copyOf(snapshot, stats), updates,
                    java.util.Arrays.copyOfRange(snapshot, stats, stats + w));
            this.fittedAt = (long) snapshot[snapshot.length - 1];
        }

        @Override
        public ReadoutKind kind() {
            return ReadoutKind.RIDGE;
        }

        @Override
        public int featureCount() {
            return r.featureCount();
        }

        @Override
        public int outputCount() {
            return r.weightsTransposed().length / (r.featureCount() + 1);
        }

        @Override
        public long updates() {
            return r.samples();
        }

        @Override
        public void predict(double[] x, double[] yOut) {
            r.predict(x, yOut); // the weights of the last fit (0 before the first)
        }

        @Override
        public void learn(double[] x, double[] y) {
            r.accumulate(x, y);
            if (p.refitEvery() > 0 && r.samples() % p.refitEvery() == 0) {
                fit();
            }
        }

        @Override
        public void frozen() {
            if (fittedAt != r.samples()) {
                fit();
            }
        }

        private void fit() {
            r.fit(p.ridge());
            fittedAt = r.samples();
        }

        @Override
        public double[] weightsWithBias() {
            int f = r.featureCount();
            int o = outputCount();
            double[] wt = r.weightsTransposed(); // (f+1) x o, bias last
            double[] out = new double[o * (f + 1)];
            for (int k = 0; k < o; k++) {
                out[k * (f + 1)] = wt[f * o + k];
                for (int i = 0; i < f; i++) {
                    out[k * (f + 1) + 1 + i] = wt[i * o + k];
                }
            }
            return out;
        }

        @Override
        public double[] snapshot() {
            double[] stats = r.statistics();
            double[] w = r.weightsTransposed();
            double[] out = java.util.Arrays.copyOf(stats, stats.length + w.length + 1);
            System.arraycopy(w, 0, out, stats.length, w.length);
            out[out.length - 1] = fittedAt;
            return out;
        }
    }

    /** Row-major {@code rows x cols} to {@code cols x rows}. */
    static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }
}
