package io.neurostream.apps.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The soak's judgement: what counts as growth of heap after GC and of lag, after the warm-up third. */
class SoakVerdictTest {
    private static List<Soak.Sample> samples(int n, IntToDoubleFunction heapMb, IntToDoubleFunction lag) {
        List<Soak.Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(new Soak.Sample(5.0 * (i + 1), 1000L * i, 200, i, 400, heapMb.applyAsDouble(i), 900,
                    (long) lag.applyAsDouble(i), 20, 40, 500, 900));
        }
        return s;
    }

    @Test
    void aFlatHeapAndLagAreSteadyEvenWithAWarmUpAndNoise() {
        // warm-up: heap climbs from 100 to 300 MB and the lag starts at a backlog; then both flat with noise
        List<Soak.Sample> s = samples(36, i -> i < 12 ? 100 + 17 * i : 300 + (i % 3) * 5, i -> i < 3 ? 5000 : 40 + i % 7);
        Soak.Verdict v = Soak.Verdict.of(s, 10);
        assertThat(v.steady()).isTrue();
        assertThat(v.samplesJudged()).isEqualTo(24);
        assertThat(v.heapGrowthMb()).isBetween(-10.0, 10.0);
    }

    @Test
    void aHeapThatKeepsGrowingAfterTheWarmUpIsALeak() {
        // 4 MB per sample (48 MB/min at 5 s samples): the late half sits ~48 MB above the early half
        Soak.Verdict v = Soak.Verdict.of(samples(36, i -> 300 + 4.0 * i, i -> 40), 10);
        assertThat(v.heapSteady()).isFalse();
        assertThat(v.lagSteady()).isTrue();
        assertThat(v.steady()).isFalse();
        assertThat(v.heapGrowthMb()).isGreaterThan(40);
    }

    @Test
    void aLagThatKeepsGrowingMeansTheJobFallsBehind() {
        // 10 records/s in, the job 60 records further behind every sample
        Soak.Verdict v = Soak.Verdict.of(samples(36, i -> 300, i -> 60.0 * i), 10);
        assertThat(v.heapSteady()).isTrue();
        assertThat(v.lagSteady()).isFalse();
        assertThat(v.lagGrowthRecords()).isGreaterThan(500);
    }

    @Test
    void aSoakTooShortToJudgeSaysSo() {
        assertThatThrownBy(() -> Soak.Verdict.of(samples(5, i -> 300, i -> 40), 10))
                .hasMessageContaining("at least 4 samples after its warm-up third");
    }
}
