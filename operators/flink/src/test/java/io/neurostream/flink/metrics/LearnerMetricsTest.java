package io.neurostream.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The running scores behind {@code runningAccuracy} and {@code runningR2}, against their definitions. */
class LearnerMetricsTest {

    @Test
    void accuracyIsTheShareOfHitsInTheLastWindow() {
        LearnerMetrics.Score score = new LearnerMetrics.Score(LearnerMetrics.Task.CLASSIFICATION);
        assertThat(score.value()).isNaN(); // nothing scored yet
        for (int i = 0; i < LearnerMetrics.RUNNING_WINDOW; i++) {
            score.addHit(false);
        }
        for (int i = 0; i < LearnerMetrics.RUNNING_WINDOW / 4; i++) {
            score.addHit(true);
        }
        // the ring forgot the oldest misses: a quarter of the window is hits
        assertThat(score.value()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void r2IsOneForPerfectPredictionsAndZeroForTheMean() {
        LearnerMetrics.Score perfect = new LearnerMetrics.Score(LearnerMetrics.Task.REGRESSION);
        LearnerMetrics.Score mean = new LearnerMetrics.Score(LearnerMetrics.Task.REGRESSION);
        LearnerMetrics.Score shifted = new LearnerMetrics.Score(LearnerMetrics.Task.REGRESSION);
        for (int i = 0; i < 100; i++) {
            double[] target = {Math.sin(i * 0.1), Math.cos(i * 0.3)};
            perfect.add(target.clone(), target);
            mean.add(new double[] {meanOfSin(100), meanOfCos(100)}, target);
            shifted.add(new double[] {target[0] + 0.1, target[1] + 0.1}, target);
        }
        assertThat(perfect.value()).isCloseTo(1.0, within(1e-12));
        assertThat(mean.value()).isCloseTo(0.0, within(1e-9));
        // R² = 1 - n·0.01 / SS_tot per output, averaged
        assertThat(shifted.value()).isCloseTo(expectedShiftedR2(), within(1e-9));
    }

    @Test
    void normIsFrobenius() {
        assertThat(LearnerMetrics.norm(new double[] {3, 4})).isEqualTo(5.0);
        assertThat(LearnerMetrics.norm(new double[0])).isZero();
    }

    private static double meanOfSin(int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.sin(i * 0.1);
        }
        return s / n;
    }

    private static double meanOfCos(int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.cos(i * 0.3);
        }
        return s / n;
    }

    private static double expectedShiftedR2() {
        double ssSin = 0;
        double ssCos = 0;
        double ms = meanOfSin(100);
        double mc = meanOfCos(100);
        for (int i = 0; i < 100; i++) {
            ssSin += Math.pow(Math.sin(i * 0.1) - ms, 2);
            ssCos += Math.pow(Math.cos(i * 0.3) - mc, 2);
        }
        return ((1 - 100 * 0.01 / ssSin) + (1 - 100 * 0.01 / ssCos)) / 2;
    }
}
