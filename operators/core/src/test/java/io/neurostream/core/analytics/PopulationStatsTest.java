package io.neurostream.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PopulationStatsTest {
    private static final long SECOND = 1_000_000;

    /** Unit 0 Poisson 20 Hz with a 2 ms dead time (a real neuron's refractory period), 1 regular every 50 ms, 2 doublets 0.5 ms apart every 100 ms, 3 silent. */
    private static List<long[]> spikes(long durationMicros) {
        List<long[]> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(4);
        for (long t = (long) (-Math.log(1 - random.nextDouble()) / 20 * SECOND); t < durationMicros;
             t += (long) (-Math.log(1 - random.nextDouble()) / 20 * SECOND) + 2_000) {
            out.add(new long[] {t, 0});
        }
        for (long t = 10_000; t < durationMicros; t += 50_000) {
            out.add(new long[] {t, 1});
        }
        for (long t = 20_000; t < durationMicros; t += 100_000) {
            out.add(new long[] {t, 2});
            out.add(new long[] {t + 500, 2});
        }
        out.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        return out;
    }

    private record Seen(long start, long end, double seconds, double[] rate, double[] cv, double[] fano,
                        double[] violations, UnitQuality[] quality, int[] histogram, double populationRate) {
        static Seen of(PopulationStats.Window w) {
            return new Seen(w.startMicros, w.endMicros, w.seconds, w.rateHz.clone(), w.isiCv.clone(),
                    w.fanoFactor.clone(), w.violationFraction.clone(), w.quality.clone(), w.isiHistogram.clone(),
                    w.populationRateHz);
        }
    }

    @Test
    void windowsCarryRatesIsiShapeFanoAndQuality() {
        PopulationStats stats = new PopulationStats(StatsParams.defaults(), 4);
        List<Seen> seen = new ArrayList<>();
        stats.advanceTo(0, w -> seen.add(Seen.of(w)));
        for (long[] s : spikes(60 * SECOND)) {
            stats.spike((int) s[1], s[0], w -> seen.add(Seen.of(w)));
        }
        stats.advanceTo(60 * SECOND, w -> seen.add(Seen.of(w)));
        assertThat(seen).hasSize(60); // one window a second
        assertThat(seen.get(0).seconds()).isEqualTo(1.0);
        assertThat(seen.get(9).seconds()).isEqualTo(10.0);
        Seen last = seen.get(59);
        assertThat(last.start()).isEqualTo(50 * SECOND);
        assertThat(last.end()).isEqualTo(60 * SECOND);
        assertThat(last.rate()[0]).isCloseTo(20, within(3.0));
        assertThat(last.cv()[0]).isCloseTo(1.0, within(0.15));   // Poisson: CV 1
        assertThat(last.fano()[0]).isCloseTo(1.0, within(0.3));  // and Fano factor 1
        assertThat(last.rate()[1]).isCloseTo(20, within(0.11));
        assertThat(last.cv()[1]).isCloseTo(0, within(1e-9));     // a clock: no ISI variance
        assertThat(last.fano()[1]).isLessThan(0.05);
        assertThat(last.violations()[2]).isCloseTo(0.5, within(0.01)); // every other ISI is 0.5 ms
        assertThat(last.quality()).containsExactly(UnitQuality.GOOD, UnitQuality.GOOD, UnitQuality.CONTAMINATED,
                UnitQuality.LOW_RATE);
        assertThat(last.rate()[3]).isZero();
        assertThat(last.populationRate()).isCloseTo(last.rate()[0] + last.rate()[1] + last.rate()[2], within(1e-9));
        // the regular unit's ISIs (50 ms) all land in one histogram bin; the histogram counts every ISI of the window
        int bins = StatsParams.defaults().isiHistogramBins();
        int regular = 0;
        int nonZeroBins = 0;
        for (int b = 0; b < bins; b++) {
            regular += last.histogram()[bins + b];
            nonZeroBins += last.histogram()[bins + b] > 0 ? 1 : 0;
        }
        assertThat(regular).isEqualTo(200);
        assertThat(nonZeroBins).isEqualTo(1);
    }

    @Test
    void lateSpikesAreCountedNotUsed() {
        PopulationStats stats = new PopulationStats(StatsParams.defaults(), 2);
        assertThat(stats.spike(0, 5_000_000, null)).isTrue();
        assertThat(stats.spike(1, 4_000_000, null)).isFalse();
        assertThat(stats.lateSpikes()).isEqualTo(1);
    }

    @Test
    void aLongSilenceIsSkippedWithoutAWindowPerSlide() {
        PopulationStats stats = new PopulationStats(StatsParams.defaults(), 1);
        int[] windows = new int[1];
        stats.spike(0, 0, w -> windows[0]++);
        stats.spike(0, 1_000_000 * SECOND, w -> windows[0]++); // 11 days later
        assertThat(windows[0]).isLessThanOrEqualTo(12);
    }

    @Test
    void restoresFromItsSnapshotAndContinuesIdentically() throws Exception {
        List<long[]> all = spikes(30 * SECOND);
        PopulationStats whole = new PopulationStats(StatsParams.defaults(), 4);
        List<Seen> expected = new ArrayList<>();
        for (long[] s : all) {
            whole.spike((int) s[1], s[0], w -> expected.add(Seen.of(w)));
        }
        PopulationStats first = new PopulationStats(StatsParams.defaults(), 4);
        List<Seen> got = new ArrayList<>();
        int half = all.size() / 2;
        for (int i = 0; i < half; i++) {
            first.spike((int) all.get(i)[1], all.get(i)[0], w -> got.add(Seen.of(w)));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        first.writeTo(new DataOutputStream(bytes));
        PopulationStats restored = PopulationStats.readFrom(StatsParams.defaults(),
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = half; i < all.size(); i++) {
            restored.spike((int) all.get(i)[1], all.get(i)[0], w -> got.add(Seen.of(w)));
        }
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).rate()).containsExactly(expected.get(i).rate());
            assertThat(got.get(i).histogram()).containsExactly(expected.get(i).histogram());
            assertThat(got.get(i).fano()).containsExactly(expected.get(i).fano());
        }
    }
}
