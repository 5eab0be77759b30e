package io.neurostream.core.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecoderTest {
    private static final int N = 40;

    /** Linear-Gaussian world: AR(1) 2-D velocity, rates = H v + b + noise. */
    private static final class World {
        final SplittableRandom random;
        final double[][] h = new double[N][2];
        final double[] b = new double[N];
        final double[] v = new double[2];
        final double[] z = new double[N];

        World(long seed) {
            random = new SplittableRandom(seed);
            for (int i = 0; i < N; i++) {
                double angle = random.nextDouble() * 2 * Math.PI;
                h[i][0] = Math.cos(angle);
                h[i][1] = Math.sin(angle);
                b[i] = 2 + random.nextDouble();
            }
        }

        double gaussian() {
            double s = 0;
            for (int k = 0; k < 12; k++) {
                s += random.nextDouble();
            }
            return s - 6;
        }

        void step(double noise) {
            for (int j = 0; j < 2; j++) {
                v[j] = 0.95 * v[j] + 0.3 * gaussian();
            }
            for (int i = 0; i < N; i++) {
                z[i] = h[i][0] * v[0] + h[i][1] * v[1] + b[i] + noise * gaussian();
            }
        }
    }

    private static double run(RateDecoder decoder, World world, int trainBins, int testBins, double noise) {
        double[] out = new double[2];
        for (int t = 0; t < trainBins; t++) {
            world.step(noise);
            decoder.decode(world.z, out);
            decoder.learn(world.z, world.v);
        }
        RSquared r2 = new RSquared(2);
        for (int t = 0; t < testBins; t++) {
            world.step(noise);
            decoder.decode(world.z, out);
            r2.add(world.v, out);
        }
        return r2.mean();
    }

    @Test
    void rlsDecoderLearnsALinearMap() {
        RlsRateDecoder rls = new RlsRateDecoder(N, 2, 1.0, 10.0);
        double r2 = run(rls, new World(1), 2000, 1000, 1.0);
        assertThat(r2).isGreaterThan(0.9);
        assertThat(rls.updates()).isEqualTo(2000);
    }

    @Test
    void kalmanBeatsRlsOnNoisyRatesBecauseOfItsDynamics() {
        double kalman = run(new KalmanVelocityDecoder(KalmanVelocityDecoder.Params.defaults(N, 2)), new World(2),
                2000, 2000, 3.0);
        double rls = run(new RlsRateDecoder(N, 2, 1.0, 10.0), new World(2), 2000, 2000, 3.0);
        assertThat(kalman).isGreaterThan(0.8);
        assertThat(kalman).isGreaterThan(rls);
    }

    @Test
    void fullCovarianceKalmanLearnsToo() {
        KalmanVelocityDecoder k = new KalmanVelocityDecoder(
                KalmanVelocityDecoder.Params.defaults(N, 2).withFullNoiseCovariance(0.1, 20));
        assertThat(run(k, new World(3), 2000, 1000, 2.0)).isGreaterThan(0.85);
    }

    @Test
    void kalmanLearnsTheDynamicsAndTheObservationModel() {
        KalmanVelocityDecoder k = new KalmanVelocityDecoder(KalmanVelocityDecoder.Params.defaults(N, 2)
                .withObservationLambda(1.0));
        run(k, new World(4), 5000, 0, 0.5);
        double[] a = k.dynamicsModel().weights();
        assertThat(a[0]).isCloseTo(0.95, within(0.03));
        assertThat(a[3]).isCloseTo(0.95, within(0.03));
        assertThat(a[1]).isCloseTo(0, within(0.03));
        World truth = new World(4);
        double[] hw = k.observationModel().weights();
        for (int i = 0; i < N; i++) {
            assertThat(hw[i * 3]).isCloseTo(truth.h[i][0], within(0.05));
            assertThat(hw[i * 3 + 2]).isCloseTo(truth.b[i], within(0.05));
        }
    }

    @Test
    void frozenDecodersDoNotLearnButStillDecode() {
        KalmanVelocityDecoder k = new KalmanVelocityDecoder(KalmanVelocityDecoder.Params.defaults(N, 2));
        RlsRateDecoder r = new RlsRateDecoder(N, 2, 0.999, 1.0);
        World world = new World(5);
        run(k, world, 300, 0, 1.0);
        run(r, new World(5), 300, 0, 1.0);
        k.setLearning(false);
        r.setLearning(false);
        double[] hBefore = k.observationModel().weights().clone();
        double[] wBefore = r.readout().weights().clone();
        double[] out = new double[2];
        for (int t = 0; t < 50; t++) {
            world.step(1.0);
            k.decode(world.z, out);
            k.learn(world.z, world.v);
            r.learn(world.z, world.v);
        }
        assertThat(k.observationModel().weights()).containsExactly(hBefore);
        assertThat(r.readout().weights()).containsExactly(wBefore);
        assertThat(k.updates()).isEqualTo(300);
        assertThat(k.isLearning()).isFalse();
        k.setLearning(true);
        k.learn(world.z, world.v);
        assertThat(k.updates()).isEqualTo(301);
    }

    @Test
    void unfreezingKalmanForgetsTheLastLabelButSwitchingOnAgainDoesNot() {
        KalmanVelocityDecoder k = new KalmanVelocityDecoder(KalmanVelocityDecoder.Params.defaults(N, 2));
        run(k, new World(6), 20, 0, 1.0);
        assertThat(k.snapshot().hasPrevious()).isTrue();
        k.setLearning(true); // already learning: no gap
        assertThat(k.snapshot().hasPrevious()).isTrue();
        k.setLearning(false);
        assertThat(k.snapshot().hasPrevious()).isTrue();
        k.setLearning(true); // labels resume after a gap: do not pair across it
        assertThat(k.snapshot().hasPrevious()).isFalse();
        assertThat(k.isLearning()).isTrue();
        RlsRateDecoder r = RlsRateDecoder.restore(new RlsRateDecoder(N, 2, 0.999, 1.0).readout(), false);
        assertThat(r.isLearning()).isFalse();
        r.setLearning(true);
        assertThat(r.isLearning()).isTrue();
    }

    @Test
    void smootherFollowsTheExponential() {
        ExponentialRateSmoother s = new ExponentialRateSmoother(1, 20, 100);
        double[] out = new double[1];
        s.smooth(new double[] {0}, out);
        for (int t = 1; t <= 10; t++) {
            s.smooth(new double[] {1}, out);
            assertThat(out[0]).isCloseTo(1 - Math.exp(-20.0 * t / 100), within(1e-12));
        }
        ExponentialRateSmoother none = new ExponentialRateSmoother(1, 20, 0);
        none.smooth(new double[] {3}, out);
        none.smooth(new double[] {5}, out);
        assertThat(out[0]).isEqualTo(5);
        assertThatThrownBy(() -> new ExponentialRateSmoother(1, 0, 10)).hasMessageContaining("binMs");
    }

    @Test
    void rSquaredAndInverse() {
        RSquared r2 = new RSquared(1);
        r2.add(new double[] {1}, new double[] {1});
        r2.add(new double[] {3}, new double[] {3});
        assertThat(r2.mean()).isEqualTo(1.0);
        RSquared mean = new RSquared(1);
        mean.add(new double[] {1}, new double[] {2});
        mean.add(new double[] {3}, new double[] {2});
        assertThat(mean.mean()).isEqualTo(0.0);

        double[] a = {4, 2, 0.5, 2, 3, 0.1, 0.5, 0.1, 2};
        double[] inv = a.clone();
        assertThat(SpdMatrices.invertInPlace(inv, 3, new double[9])).isTrue();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += a[i * 3 + k] * inv[k * 3 + j];
                }
                assertThat(s).isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
        }
        double[] notPd = {1, 2, 2, 1};
        assertThat(SpdMatrices.invertInPlace(notPd, 2, new double[4])).isFalse();
        assertThat(notPd).containsExactly(1, 2, 2, 1);
    }
}
