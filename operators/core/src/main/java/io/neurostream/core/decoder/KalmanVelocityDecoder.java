package io.neurostream.core.decoder;

import io.neurostream.core.readout.RlsReadout;
import java.util.Arrays;

/**
 * Kalman-filter decoder of kinematics from binned rates (Wu, Black et al. 2003, "Neural decoding
 * of cursor motion using a Kalman filter"), with the model learned and re-learned online.
 *
 * <p>Model: state {@code x_t} (velocity, or position and velocity: whatever the labels hold),
 * {@code x_t = A x_{t-1} + w}, {@code w ~ N(0, W)}; rates {@code z_t = H x_t + b + q},
 * {@code q ~ N(0, Q)}. Wu et al. fit A, W, H, Q once by least squares on training data. Here
 * every labelled bin updates them recursively with forgetting factors, so the decoder follows
 * drifting tuning: H and b by RLS on {@code [x_t; 1] -> z_t} ({@link RlsReadout}, forgetting
 * {@code observationLambda}); Q as the exponentially weighted covariance of the observation
 * residuals (full, re-inverted with shrinkage every {@code refreshEvery} updates, or diagonal);
 * A by RLS on {@code x_{t-1} -> x_t} and W as the weighted covariance of its residuals
 * ({@code dynamicsLambda}). Fitting "once" is the same learning over the training bins followed
 * by {@link #setLearning(boolean) setLearning(false)}.
 *
 * <p>Decoding uses the information form, so only d x d matrices are inverted per bin:
 * {@code P = (P_prior^-1 + H'Q^-1 H)^-1}, {@code x = x_prior + P (H'Q^-1 (z - b) - H'Q^-1 H x_prior)}.
 * Cost per bin: O(d n) to decode, O(d n^2) to learn, plus O(n^3) every {@code refreshEvery} updates
 * with a full Q.
 *
 * <pre>{@code
 * KalmanVelocityDecoder k = new KalmanVelocityDecoder(KalmanVelocityDecoder.Params.defaults(256, 2));
 * k.decode(rates, velocity);      // every bin
 * k.learn(rates, trueVelocity);   // every labelled bin
 * }</pre>
 */
public final class KalmanVelocityDecoder extends OnlineRateDecoder {

    /**
     * @param observationCount n, rates per bin
     * @param stateCount d, kinematic values (2 for 2-D velocity)
     * @param observationLambda forgetting factor of H, b and Q, in (0, 1]
     * @param dynamicsLambda forgetting factor of A and W, in (0, 1]
     * @param fullNoiseCovariance full Q (Wu et al.) or diagonal Q
     * @param shrinkage full Q only: Q is inverted as {@code (1 - s) Q + s diag(Q)}, s in [0, 1]
     * @param refreshEvery full Q only: learned bins between re-inversions of Q, >= 1
     * @param initialObservationVariance Q before any data: this times I
     * @param initialStateVariance W and P before any data: this times I
     * @param observationDelta RLS prior scale of H (ridge penalty 1/delta)
     */
    public record Params(int observationCount, int stateCount, double observationLambda, double dynamicsLambda,
                         boolean fullNoiseCovariance, double shrinkage, int refreshEvery,
                         double initialObservationVariance, double initialStateVariance, double observationDelta) {
        public Params {
            if (observationCount < 1 || stateCount < 1) {
                throw new IllegalArgumentException("observationCount and stateCount must be >= 1, got "
                        + observationCount + " and " + stateCount);
            }
            if (!(observationLambda > 0 && observationLambda <= 1) || !(dynamicsLambda > 0 && dynamicsLambda <= 1)) {
                throw new IllegalArgumentException("observationLambda and dynamicsLambda must be in (0, 1], got "
                        + observationLambda + " and " + dynamicsLambda);
            }
            if (!(shrinkage >= 0 && shrinkage <= 1)) {
                throw new IllegalArgumentException("shrinkage must be in [0, 1], got " + shrinkage);
            }
            if (refreshEvery < 1) {
                throw new IllegalArgumentException("refreshEvery must be >= 1, got " + refreshEvery);
            }
            if (!(initialObservationVariance > 0) || !(initialStateVariance > 0) || !(observationDelta > 0)) {
                throw new IllegalArgumentException("initialObservationVariance, initialStateVariance and "
                        + "observationDelta must be > 0");
            }
        }

        /** lambda 0.999 (H, Q: memory 1000 bins = 20 s at 20 ms), 0.9999 for A, W; diagonal Q. */
        public static Params defaults(int observationCount, int stateCount) {
            return new Params(observationCount, stateCount, 0.999, 0.9999, false, 0.1, 50, 1.0, 100.0, 1.0);
        }

        public Params withObservationLambda(double lambda) {
            return new Params(observationCount, stateCount, lambda, dynamicsLambda, fullNoiseCovariance, shrinkage,
                    refreshEvery, initialObservationVariance, initialStateVariance, observationDelta);
        }

        /** Full Q with the given shrinkage towards its diagonal. */
        public Params withFullNoiseCovariance(double shrinkage, int refreshEvery) {
            return new Params(observationCount, stateCount, observationLambda, dynamicsLambda, true, shrinkage,
                    refreshEvery, initialObservationVariance, initialStateVariance, observationDelta);
        }
    }

    private final Params params;
    private final int n;
    private final int d;
    private RlsReadout observation;         // [x; 1] -> z (replaced only by restore)
    private RlsReadout dynamics;            // x_{t-1} -> x_t (replaced only by restore)
    private final double[] q;               // weighted sums of e e' (full n x n, or diagonal n); / qWeight
    private final double[] qInv;            // full: n x n; diagonal: n
    private final double[] w;               // d x d, exponentially weighted sum of r r' (divide by wWeight)
    private double qWeight;                 // effective sample count behind q: q / qWeight is the covariance
    private double wWeight;                 // sum of the weights behind w
    private final double[] wCov;            // d x d: w / wWeight, or the initial W before data
    private final double[] x;
    private final double[] p;
    private final double[] previousTarget;
    private boolean hasPrevious;
    private long updates;
    private long sinceRefresh;
    private boolean gainsStale = true;
    // scratch
    private final double[] g;      // d x n: H' Q^-1
    private final double[] m;      // d x d: H' Q^-1 H
    private final double[] xf;     // d + 1
    private final double[] zHat;   // n
    private final double[] e;      // n
    private final double[] xPrior;
    private final double[] pPrior;
    private final double[] dd;
    private final double[] ddWork;
    private final double[] u;
    private final double[] nnWork;

    public KalmanVelocityDecoder(Params params) {
        super(true);
        this.params = params;
        this.n = params.observationCount();
        this.d = params.stateCount();
        this.observation = new RlsReadout(d + 1, n, params.observationLambda(), params.observationDelta());
        double[] a0 = new double[d * d];
        double[] pa0 = new double[d * d];
        for (int i = 0; i < d; i++) {
            a0[i * d + i] = 1.0;   // random-walk prior on the state until data says otherwise
            pa0[i * d + i] = 1e-2;
        }
        this.dynamics = RlsReadout.restore(d, d, params.dynamicsLambda(), a0, pa0, 0);
        this.q = new double[params.fullNoiseCovariance() ? n * n : n];
        this.qInv = new double[q.length];
        for (int i = 0; i < n; i++) {
            int at = params.fullNoiseCovariance() ? i * n + i : i;
            qInv[at] = 1.0 / params.initialObservationVariance();
        }
        this.w = new double[d * d];
        this.wCov = new double[d * d];
        this.p = new double[d * d];
        for (int i = 0; i < d; i++) {
            wCov[i * d + i] = params.initialStateVariance();
            p[i * d + i] = params.initialStateVariance();
        }
        this.x = new double[d];
        this.previousTarget = new double[d];
        this.g = new double[d * n];
        this.m = new double[d * d];
        this.xf = new double[d + 1];
        this.zHat = new double[n];
        this.e = new double[n];
        this.xPrior = new double[d];
        this.pPrior = new double[d * d];
        this.dd = new double[d * d];
        this.ddWork = new double[d * d];
        this.u = new double[d];
        this.nnWork = params.fullNoiseCovariance() ? new double[n * n] : new double[0];
    }

    @Override
    public int inputCount() {
        return n;
    }

    @Override
    public int outputCount() {
        return d;
    }

    public Params params() {
        return params;
    }

    @Override
    public void decode(double[] z, double[] out) {
        if (z.length != n || out.length != d) {
            throw new IllegalArgumentException("expected " + n + " rates and " + d + " outputs, got " + z.length
                    + " and " + out.length);
        }
        double[] a = dynamics.weights();
        // prior: x- = A x, P- = A P A' + W
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += a[i * d + j] * x[j];
            }
            xPrior[i] = s;
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a[i * d + k] * p[k * d + j];
                }
                dd[i * d + j] = s;  // (A P)
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += dd[i * d + k] * a[j * d + k];
                }
                pPrior[i * d + j] = s + wCov[i * d + j];
            }
        }
        if (gainsStale) {
            computeGains();
        }
        // u = G (z - b)
        double[] hw = observation.weights();
        for (int j = 0; j < d; j++) {
            u[j] = 0;
        }
        for (int k = 0; k < n; k++) {
            double zc = z[k] - hw[k * (d + 1) + d];
            for (int j = 0; j < d; j++) {
                u[j] += g[j * n + k] * zc;
            }
        }
        // information: P = (P-^-1 + M)^-1
        System.arraycopy(pPrior, 0, dd, 0, d * d);
        if (!SpdMatrices.invertInPlace(dd, d, ddWork)) {
            regularise(dd, pPrior);
        }
        for (int i = 0; i < d * d; i++) {
            dd[i] += m[i];
        }
        if (!SpdMatrices.invertInPlace(dd, d, ddWork)) {
            // should not happen (M is PSD); fall back to the prior
            System.arraycopy(xPrior, 0, x, 0, d);
            System.arraycopy(pPrior, 0, p, 0, d * d);
            System.arraycopy(x, 0, out, 0, d);
            return;
        }
        System.arraycopy(dd, 0, p, 0, d * d);
        // x = x- + P (u - M x-)
        for (int i = 0; i < d; i++) {
            double s = u[i];
            for (int j = 0; j < d; j++) {
                s -= m[i * d + j] * xPrior[j];
            }
            ddWork[i] = s;
        }
        for (int i = 0; i < d; i++) {
            double s = xPrior[i];
            for (int j = 0; j < d; j++) {
                s += p[i * d + j] * ddWork[j];
            }
            x[i] = s;
            out[i] = s;
        }
    }

    private void regularise(double[] target, double[] source) {
        System.arraycopy(source, 0, target, 0, d * d);
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += source[i * d + i];
        }
        for (int i = 0; i < d; i++) {
            target[i * d + i] += 1e-6 * Math.max(trace, 1e-12) + 1e-12;
        }
        SpdMatrices.invertInPlace(target, d, ddWork);
    }

    /** G = H' Q^-1 and M = G H from the current model. */
    private void computeGains() {
        double[] hw = observation.weights();
        int stride = d + 1;
        if (params.fullNoiseCovariance()) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < n; k++) {
                    g[j * n + k] = 0;
                }
            }
            for (int i = 0; i < n; i++) {
                int row = i * n;
                for (int j = 0; j < d; j++) {
                    double h = hw[i * stride + j];
                    if (h == 0) {
                        continue;
                    }
                    int gRow = j * n;
                    for (int k = 0; k < n; k++) {
                        g[gRow + k] += h * qInv[row + k];
                    }
                }
            }
        } else {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < n; k++) {
                    g[j * n + k] = hw[k * stride + j] * qInv[k];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            for (int l = 0; l < d; l++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += g[j * n + k] * hw[k * stride + l];
                }
                m[j * d + l] = s;
            }
        }
        // symmetrise against round-off
        for (int j = 0; j < d; j++) {
            for (int l = 0; l < j; l++) {
                double s = 0.5 * (m[j * d + l] + m[l * d + j]);
                m[j * d + l] = s;
                m[l * d + j] = s;
            }
        }
        gainsStale = false;
    }

    @Override
    public void learn(double[] z, double[] target) {
        if (z.length != n || target.length != d) {
            throw new IllegalArgumentException("expected " + n + " rates and " + d + " targets, got " + z.length
                    + " and " + target.length);
        }
        if (!learning) {
            return;
        }
        System.arraycopy(target, 0, xf, 0, d);
        xf[d] = 1;
        observation.update(xf, z);
        observation.predict(xf, zHat);
        double lq = params.observationLambda();
        for (int i = 0; i < n; i++) {
            e[i] = z[i] - zHat[i];
        }
        qWeight = lq * qWeight + 1;
        if (params.fullNoiseCovariance()) {
            for (int i = 0; i < n; i++) {
                int row = i * n;
                double ei = e[i];
                for (int k = 0; k < n; k++) {
                    q[row + k] = lq * q[row + k] + ei * e[k];
                }
            }
            if (++sinceRefresh >= params.refreshEvery() || updates == 0) {
                refreshInverse();
            }
        } else {
            double floor = 1e-6 * params.initialObservationVariance();
            for (int i = 0; i < n; i++) {
                q[i] = lq * q[i] + e[i] * e[i];
                qInv[i] = 1.0 / Math.max(q[i] / qWeight, floor);
            }
        }
        if (hasPrevious) {
            double[] a = dynamics.weights();
            double lw = params.dynamicsLambda();
            for (int i = 0; i < d; i++) {
                double s = target[i];
                for (int j = 0; j < d; j++) {
                    s -= a[i * d + j] * previousTarget[j];
                }
                u[i] = s;
            }
            wWeight = lw * wWeight + 1;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    w[i * d + j] = lw * w[i * d + j] + u[i] * u[j];
                    wCov[i * d + j] = w[i * d + j] / wWeight;
                }
            }
            dynamics.update(previousTarget, target);
        }
        System.arraycopy(target, 0, previousTarget, 0, d);
        hasPrevious = true;
        updates++;
        gainsStale = true;
    }

    private void refreshInverse() {
        double s = params.shrinkage();
        double scale = 1.0 / qWeight;
        double floor = 1e-6 * params.initialObservationVariance();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = q[i * n + k] * scale;
                qInv[i * n + k] = i == k ? Math.max(v, floor) : (1 - s) * v;
            }
        }
        if (!SpdMatrices.invertInPlace(qInv, n, nnWork)) {
            // not positive definite (too few samples for the shrinkage): use the diagonal
            Arrays.fill(qInv, 0);
            for (int i = 0; i < n; i++) {
                qInv[i * n + i] = 1.0 / Math.max(q[i * n + i] * scale, floor);
            }
        }
        sinceRefresh = 0;
    }

    /** Labels resume after a gap: do not pair across it. */
    @Override
    void onLearningResumed() {
        hasPrevious = false;
    }

    @Override
    public long updates() {
        return updates;
    }

    /** Resets the filter state (not the model) to zero with the initial uncertainty. */
    public void resetState() {
        Arrays.fill(x, 0);
        Arrays.fill(p, 0);
        for (int i = 0; i < d; i++) {
            p[i * d + i] = params.initialStateVariance();
        }
    }

    /**
     * Everything the decoder learned and its filter state, as copies (for checkpoints). Restoring it
     * with {@link #restore(Params, Snapshot)} gives a decoder that continues exactly as this one.
     *
     * @param observationWeights H and b: n rows of {@code [H_i, b_i]}
     * @param observationP RLS inverse correlation of the observation model, (d+1) x (d+1)
     * @param dynamicsWeights A, d x d
     * @param dynamicsP RLS inverse correlation of the dynamics, d x d
     * @param q weighted residual sums (n x n full, or n diagonal)
     * @param qInv inverse of Q as used for decoding (same shape)
     * @param w weighted sums of the dynamics residuals, d x d
     * @param wCov W, d x d
     * @param x filter state, d
     * @param p filter covariance, d x d
     * @param previousTarget last learned target, d
     */
    public record Snapshot(double[] observationWeights, double[] observationP, long observationUpdates,
                           double[] dynamicsWeights, double[] dynamicsP, long dynamicsUpdates, double[] q,
                           double[] qInv, double qWeight, double[] w, double[] wCov, double wWeight, double[] x,
                           double[] p, double[] previousTarget, boolean hasPrevious, boolean learning, long updates,
                           long sinceRefresh) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && Arrays.equals(observationWeights, s.observationWeights)
                    && Arrays.equals(observationP, s.observationP) && observationUpdates == s.observationUpdates
                    && Arrays.equals(dynamicsWeights, s.dynamicsWeights) && Arrays.equals(dynamicsP, s.dynamicsP)
                    && dynamicsUpdates == s.dynamicsUpdates && Arrays.equals(q, s.q) && Arrays.equals(qInv, s.qInv)
                    && qWeight == s.qWeight && Arrays.equals(w, s.w) && Arrays.equals(wCov, s.wCov)
                    && wWeight == s.wWeight && Arrays.equals(x, s.x) && Arrays.equals(p, s.p)
                    && Arrays.equals(previousTarget, s.previousTarget) && hasPrevious == s.hasPrevious
                    && learning == s.learning && updates == s.updates && sinceRefresh == s.sinceRefresh;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(observationWeights) * 31 + Long.hashCode(updates);
        }

        @Override
        public String toString() {
            return "KalmanVelocityDecoder.Snapshot[updates=" + updates + ", learning=" + learning + "]";
        }
    }

    /** A copy of the decoder's learned model and filter state. */
    public Snapshot snapshot() {
        return new Snapshot(observation.weights().clone(), observation.inverseCorrelation().clone(),
                observation.updates(), dynamics.weights().clone(), dynamics.inverseCorrelation().clone(),
                dynamics.updates(), q.clone(), qInv.clone(), qWeight, w.clone(), wCov.clone(), wWeight, x.clone(),
                p.clone(), previousTarget.clone(), hasPrevious, learning, updates, sinceRefresh);
    }

    /**
     * A decoder continuing from {@code s} (arrays copied).
     *
     * @throws IllegalArgumentException if the arrays do not fit {@code params}
     */
    public static KalmanVelocityDecoder restore(Params params, Snapshot s) {
        KalmanVelocityDecoder k = new KalmanVelocityDecoder(params);
        int n = k.n;
        int d = k.d;
        check(s.q.length == k.q.length && s.qInv.length == k.qInv.length, "Q", s.q.length, k.q.length);
        check(s.w.length == d * d && s.wCov.length == d * d && s.p.length == d * d, "W/P", s.w.length, d * d);
        check(s.x.length == d && s.previousTarget.length == d, "x", s.x.length, d);
        check(s.observationWeights.length == n * (d + 1), "H", s.observationWeights.length, n * (d + 1));
        RlsReadout obs = RlsReadout.restore(d + 1, n, params.observationLambda(), s.observationWeights,
                s.observationP, s.observationUpdates);
        RlsReadout dyn = RlsReadout.restore(d, d, params.dynamicsLambda(), s.dynamicsWeights, s.dynamicsP,
                s.dynamicsUpdates);
        k.observation = obs;
        k.dynamics = dyn;
        System.arraycopy(s.q, 0, k.q, 0, s.q.length);
        System.arraycopy(s.qInv, 0, k.qInv, 0, s.qInv.length);
        System.arraycopy(s.w, 0, k.w, 0, s.w.length);
        System.arraycopy(s.wCov, 0, k.wCov, 0, s.wCov.length);
        System.arraycopy(s.x, 0, k.x, 0, d);
        System.arraycopy(s.p, 0, k.p, 0, d * d);
        System.arraycopy(s.previousTarget, 0, k.previousTarget, 0, d);
        k.qWeight = s.qWeight;
        k.wWeight = s.wWeight;
        k.hasPrevious = s.hasPrevious;
        k.learning = s.learning;
        k.updates = s.updates;
        k.sinceRefresh = s.sinceRefresh;
        k.gainsStale = true; // G and M are a pure function of H and Q^-1
        return k;
    }

    private static void check(boolean ok, String what, int got, int expected) {
        if (!ok) {
            throw new IllegalArgumentException("snapshot does not fit the parameters: " + what + " has " + got
                    + " values, expected " + expected);
        }
    }

    /** Live observation model: row i of the weights is {@code [H_i, b_i]}; do not modify. */
    public RlsReadout observationModel() {
        return observation;
    }

    /** Live state-transition model: weights are A (d x d row-major); do not modify. */
    public RlsReadout dynamicsModel() {
        return dynamics;
    }
}
