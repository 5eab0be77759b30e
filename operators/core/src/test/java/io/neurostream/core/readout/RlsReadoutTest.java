package io.neurostream.core.readout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RlsReadoutTest {

    @Test
    void withoutForgettingItEqualsRidgeOnAllSamples() {
        // Closed form for one feature: w = sum(xy) / (sum(x^2) + 1/delta)
        RlsReadout rls = new RlsReadout(1, 1, 1.0, 0.5);
        double sxy = 0;
        double sxx = 0;
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            double x = random.nextDouble() * 2 - 1;
            double y = 3 * x + 0.1 * (random.nextDouble() - 0.5);
            rls.update(new double[] {x}, new double[] {y});
            sxy += x * y;
            sxx += x * x;
        }
        assertThat(rls.weights()[0]).isCloseTo(sxy / (sxx + 1 / 0.5), within(1e-9));
        assertThat(rls.updates()).isEqualTo(200);
    }

    @Test
    void withForgettingItFollowsAChangedMapAndStaysSymmetric() {
        int n = 8;
        RlsReadout rls = new RlsReadout(n, 1, 0.99, 10);
        SplittableRandom random = new SplittableRandom(5);
        double[] x = new double[n];
        double[] y = new double[1];
        for (int i = 0; i < 20_000; i++) {
            double sign = i < 10_000 ? 1 : -1; // the true map flips halfway
            double target = 0;
            for (int j = 0; j < n; j++) {
                x[j] = random.nextDouble() - 0.5;
                target += sign * (j + 1) * x[j];
            }
            rls.update(x, new double[] {target});
        }
        for (int j = 0; j < n; j++) {
            assertThat(rls.weights()[j]).isCloseTo(-(j + 1), within(1e-6));
        }
        double[] p = rls.inverseCorrelation();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(p[i * n + j]).isCloseTo(p[j * n + i], within(1e-9 * (1 + Math.abs(p[i * n + j]))));
            }
        }
        rls.predict(x, y);
        assertThat(y[0]).isFinite();
    }

    /**
     * A checkpoint serialises a readout on one thread while the task copies it on another (Flink's heap
     * backend after a barrier); both read P. Reading must not change the readout: two threads reading
     * while a pending step is due get the same P, and the readout then learns exactly as its twin that
     * was never read.
     */
    @Test
    void concurrentReadsOfPLeaveTheReadoutAsItWas() throws Exception {
        int n = 256; // a pending step takes long enough to apply for two unsynchronised readers to overlap
        RlsReadout read = new RlsReadout(n, 3, 0.999, 1.0);
        RlsReadout twin = new RlsReadout(n, 3, 0.999, 1.0);
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[n];
        double[] y = new double[3];
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int step = 0; step < 200; step++) {
                for (int j = 0; j < n; j++) {
                    x[j] = random.nextDouble() - 0.5;
                }
                y[step % 3] = 1;
                read.update(x, y);
                twin.update(x, y);
                y[step % 3] = 0;
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Callable<double[]> reader = () -> {
                    start.await();
                    return read.inverseCorrelation();
                };
                var first = pool.submit(reader);
                var second = pool.submit(reader);
                start.countDown();
                assertThat(first.get()).as("P read on two threads at once, step %d", step).isEqualTo(second.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(read.weights()).isEqualTo(twin.weights());
        assertThat(read.inverseCorrelation()).isEqualTo(twin.inverseCorrelation());
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RlsReadout(0, 1, 1, 1)).hasMessageContaining("featureCount");
        assertThatThrownBy(() -> new RlsReadout(2, 1, 1.5, 1)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> new RlsReadout(2, 1, 1, 0)).hasMessageContaining("delta");
        assertThatThrownBy(() -> new RlsReadout(2, 1, 1, 1).predict(new double[3], new double[1]))
                .hasMessageContaining("expected x of length 2");
    }
}
