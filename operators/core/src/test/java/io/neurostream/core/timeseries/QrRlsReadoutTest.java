package io.neurostream.core.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.readout.RidgeReadout;
import io.neurostream.core.readout.RlsReadout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QrRlsReadoutTest {
    /** Highly correlated features, like a reservoir's states: what makes a tiny ridge hard. */
    private static double[][] correlated(int samples, int features, SplittableRandom r) {
        double[][] x = new double[samples][features];
        double[] base = new double[samples];
        for (int t = 0; t < samples; t++) {
            base[t] = Math.sin(t * 0.05) + 0.3 * Math.sin(t * 0.31);
            for (int j = 0; j < features; j++) {
                x[t][j] = Math.tanh((1 + 0.1 * j) * base[t] + 1e-3 * r.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void onePassEqualsTheRidgeSolutionOfTheSameSamples() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 30;
        double[][] x = correlated(2000, n, r);
        QrRlsReadout rls = new QrRlsReadout(n, 2, 1e-6);
        RidgeReadout ridge = new RidgeReadout(n, 2);
        double[] y = new double[2];
        for (double[] xt : x) {
            y[0] = xt[0] * 2 - xt[5] + 0.5;
            y[1] = Math.cos(xt[3]);
            rls.update(xt, y);
            ridge.accumulate(xt, y);
        }
        ridge.fit(1e-6);
        double[] a = new double[2];
        double[] b = new double[2];
        double maxDiff = 0;
        for (double[] xt : correlated(200, n, new SplittableRandom(4))) {
            rls.predict(xt, a);
            ridge.predict(xt, b);
            maxDiff = Math.max(maxDiff, Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1])));
        }
        assertThat(maxDiff).isLessThan(1e-6);
    }

    @Test
    void withATinyRidgeTheQrFormFitsWhereTheClassicRecursionDrifts() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 40;
        double[][] x = correlated(3000, n, r);
        QrRlsReadout qr = new QrRlsReadout(n, 1, 1e-8);
        RlsReadout classic = new RlsReadout(n + 1, 1, 1.0, 1e8);
        double[] z = new double[n + 1];
        double[] y = new double[1];
        for (double[] xt : x) {
            y[0] = xt[1] - xt[2];
            qr.update(xt, y);
            z[0] = 1;
            System.arraycopy(xt, 0, z, 1, n);
            classic.update(z, y);
        }
        double[] out = new double[1];
        double errQr = 0;
        for (double[] xt : x) {
            qr.predict(xt, out);
            errQr = Math.max(errQr, Math.abs(out[0] - (xt[1] - xt[2])));
        }
        assertThat(errQr).isLessThan(1e-6); // the target is exactly linear in the features
    }

    @Test
    void aRestoredSnapshotContinuesIdentically() {
        SplittableRandom r = new SplittableRandom(9);
        double[][] x = correlated(300, 10, r);
        QrRlsReadout a = new QrRlsReadout(10, 1, 1e-4);
        double[] y = {0};
        for (int t = 0; t < 150; t++) {
            y[0] = x[t][0];
            a.update(x[t], y);
        }
        QrRlsReadout b = QrRlsReadout.restore(10, 1, 1e-4, a.snapshot(), a.updates());
        for (int t = 150; t < 300; t++) {
            y[0] = x[t][0];
            a.update(x[t], y);
            b.update(x[t], y);
        }
        assertThat(b.weights()).containsExactly(a.weights());
        assertThat(b.updates()).isEqualTo(300);
    }
}
