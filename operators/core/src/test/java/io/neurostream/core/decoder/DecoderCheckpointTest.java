package io.neurostream.core.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.reservoir.Esn;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Decoders restored from their exported state continue exactly as the uninterrupted ones. */
class DecoderCheckpointTest {
    private static final int N = 30;

    /** Rates = 2 + cos-tuned velocity (AR(1)) + noise, as counts-like positive numbers. */
    private static final class World {
        final SplittableRandom random;
        final double[] pd = new double[N];
        final double[] v = new double[2];
        final double[] z = new double[N];

        World(long seed) {
            random = new SplittableRandom(seed);
            for (int i = 0; i < N; i++) {
                pd[i] = random.nextDouble() * 2 * Math.PI;
            }
        }

        void step() {
            for (int j = 0; j < 2; j++) {
                v[j] = 0.95 * v[j] + 0.3 * (random.nextDouble() - 0.5);
            }
            for (int i = 0; i < N; i++) {
                z[i] = Math.max(0, 2 + Math.cos(pd[i]) * v[0] * 3 + Math.sin(pd[i]) * v[1] * 3
                        + 0.3 * (random.nextDouble() - 0.5));
            }
        }
    }

    private static double[] run(RateDecoder d, World w, int bins, boolean learn) {
        double[] out = new double[2];
        double[] trace = new double[bins * 2];
        for (int t = 0; t < bins; t++) {
            w.step();
            d.decode(w.z, out);
            trace[2 * t] = out[0];
            trace[2 * t + 1] = out[1];
            if (learn) {
                d.learnFrom(d.learningInput(w.z), w.v);
            }
        }
        return trace;
    }

    @Test
    void kalmanSnapshotRestoresExactly() {
        KalmanVelocityDecoder.Params params = KalmanVelocityDecoder.Params.defaults(N, 2);
        KalmanVelocityDecoder a = new KalmanVelocityDecoder(params);
        World wa = new World(3);
        run(a, wa, 300, true);
        KalmanVelocityDecoder.Snapshot snapshot = a.snapshot();
        KalmanVelocityDecoder b = KalmanVelocityDecoder.restore(params, snapshot);
        assertThat(b.snapshot()).isEqualTo(snapshot);
        World wb = new World(3);
        run(new KalmanVelocityDecoder(params), wb, 300, true); // advance the world identically
        assertThat(run(b, wb, 200, true)).containsExactly(run(a, wa, 200, true));
        assertThat(b.updates()).isEqualTo(500);
    }

    @Test
    void fullCovarianceKalmanSnapshotRestoresExactly() {
        KalmanVelocityDecoder.Params params = KalmanVelocityDecoder.Params.defaults(N, 2).withFullNoiseCovariance(0.1, 7);
        KalmanVelocityDecoder a = new KalmanVelocityDecoder(params);
        World wa = new World(4);
        World wb = new World(4);
        run(a, wa, 120, true);
        run(new KalmanVelocityDecoder(params), wb, 120, true);
        KalmanVelocityDecoder b = KalmanVelocityDecoder.restore(params, a.snapshot());
        assertThat(run(b, wb, 100, true)).containsExactly(run(a, wa, 100, true));
    }

    @Test
    void kalmanRestoreRefusesAForeignSnapshot() {
        KalmanVelocityDecoder.Snapshot s = new KalmanVelocityDecoder(KalmanVelocityDecoder.Params.defaults(N, 2)).snapshot();
        assertThatThrownBy(() -> KalmanVelocityDecoder.restore(KalmanVelocityDecoder.Params.defaults(N + 1, 2), s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void rlsRestoreContinuesExactly() {
        RlsRateDecoder a = new RlsRateDecoder(N, 2, 0.999, 1.0);
        World wa = new World(5);
        World wb = new World(5);
        run(a, wa, 200, true);
        run(new RlsRateDecoder(N, 2, 0.999, 1.0), wb, 200, true);
        RlsReadout r = a.readout();
        RlsRateDecoder b = RlsRateDecoder.restore(RlsReadout.restore(r.featureCount(), r.outputCount(), r.lambda(),
                r.weights(), r.inverseCorrelation(), r.updates()), true);
        assertThat(run(b, wb, 100, true)).containsExactly(run(a, wa, 100, true));
    }

    @Test
    void esnDecoderLearnsAndRestoresExactly() {
        EsnRateDecoder.Params params = new EsnRateDecoder.Params(
                new io.neurostream.core.reservoir.EsnParams(60, N, 0.9, 0.5, 0.5, 0.2, 0.2, 0.2, 11L), 2, 0.5, true,
                0.999, 1.0);
        Esn esn = new Esn(params.esn());
        EsnRateDecoder a = new EsnRateDecoder(params, esn);
        World wa = new World(6);
        run(a, wa, 1500, true);
        // held out: R^2 of the learned readout
        RSquared r2 = new RSquared(2);
        double[] out = new double[2];
        a.setLearning(false);
        for (int t = 0; t < 500; t++) {
            wa.step();
            a.decode(wa.z, out);
            a.learn(wa.z, wa.v); // frozen: ignored
            r2.add(wa.v, out);
        }
        assertThat(a.updates()).isEqualTo(1500);
        assertThat(r2.mean()).isGreaterThan(0.8);

        a.setLearning(true);
        EsnRateDecoder b = EsnRateDecoder.restore(params, esn, a.reservoirState(), a.copy().readout(),
                a.lastFeatures(), a.isLearning());
        assertThat(b).isEqualTo(a);
        EsnRateDecoder c = a.copy();
        World wb = new World(99);
        World wc = new World(99);
        // b and c share the Esn with a: interleaving them must not mix their states
        double[] traceB = new double[200];
        double[] traceC = new double[200];
        for (int t = 0; t < 100; t++) {
            wb.step();
            wc.step();
            b.decode(wb.z, out);
            traceB[2 * t] = out[0];
            traceB[2 * t + 1] = out[1];
            b.learn(wb.z, wb.v);
            c.decode(wc.z, out);
            traceC[2 * t] = out[0];
            traceC[2 * t + 1] = out[1];
            c.learn(wc.z, wc.v);
        }
        assertThat(traceB).containsExactly(traceC);
    }

    @Test
    void smootherRestores() {
        ExponentialRateSmoother a = new ExponentialRateSmoother(3, 20, 30);
        double[] out = new double[3];
        a.smooth(new double[] {1, 2, 3}, out);
        a.smooth(new double[] {0, 0, 6}, out);
        ExponentialRateSmoother b = new ExponentialRateSmoother(3, 20, 30);
        b.restore(a.state(), a.isPrimed());
        double[] outA = new double[3];
        double[] outB = new double[3];
        a.smooth(new double[] {4, 4, 4}, outA);
        b.smooth(new double[] {4, 4, 4}, outB);
        assertThat(outB).containsExactly(outA);
        assertThat(new ExponentialRateSmoother(3, 20, 30).isPrimed()).isFalse();
    }

    @Test
    void passThroughGivesHertz() {
        PassThroughRates p = new PassThroughRates(2, 20);
        double[] out = new double[2];
        p.decode(new double[] {1, 3}, out);
        assertThat(out).containsExactly(50, 150);
        assertThat(p.updates()).isZero();
    }
}
