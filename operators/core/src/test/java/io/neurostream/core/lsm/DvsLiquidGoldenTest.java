package io.neurostream.core.lsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.neurostream.core.synapse.CsrSynapses;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Golden equivalence: {@link DvsLiquid}, rebuilt on {@code CsrSynapses}, {@code Topologies} and
 * {@code TabulatedLifKernel}, against the pre-refactoring implementation kept as
 * {@link DvsLiquidReference}. Same seeded event stream (in time order within each window, as the
 * reference requires): the same return value for every event, and after every event the same
 * state, bit for bit (membranes, last updates, refractory ends, spike counts, event count).
 */
class DvsLiquidGoldenTest {

    @Test
    void nmnistDefaultWithRawEventsMatchesTheReferenceEventByEvent() {
        compare(LiquidParams.nmnistDefault(), 3);
    }

    @Test
    void feastLikeFeatureInputOnAnotherGridMatchesTheReference() {
        // 8 feature channels per pixel on a 16 x 12 grid, sparser input so the weight is raised
        compare(LiquidParams.nmnistDefault().withInput(16, 12, 8).withInputWeightMv(11.0), 5);
    }

    @Test
    void largerRawGridWithFractionalRefractoryAndMoreBinsMatchesTheReference() {
        LiquidParams p = new LiquidParams(48, 40, 400, 0.75, 4, 2.0, 12.0, 25, 3.0, -6.0, 15.0, 18.0, 1.5, 4, 2024L);
        compare(p, 7);
    }

    /**
     * Several windows of a stream with a moving hot spot (dense enough for recurrent cascades and
     * inputs that hit refractory neurons), uniform background events, equal timestamps, a silence
     * longer than the decay table, and events outside the window or the sensor.
     */
    private static void compare(LiquidParams params, long seed) {
        DvsLiquid liquid = new DvsLiquid(params);
        DvsLiquidReference reference = new DvsLiquidReference(params);
        LiquidState a = liquid.newState();
        LiquidState b = reference.newState();
        CsrSynapses input = liquid.inputSynapses();
        SplittableRandom r = new SplittableRandom(seed);
        int w = params.width();
        int h = params.height();
        int channels = params.channelsPerPixel();
        long windowMicros = 400_000;
        long tableMicros = (long) Math.ceil(params.tauMemMs() * 1000 * 12);
        long events = 0;
        long cascades = 0;        // events with more spikes than input synapses: recurrence fired
        long refractoryHits = 0;  // inputs that reached a neuron during its refractory period
        long silences = 0;
        for (int window = 0; window < 4; window++) {
            long start = window * windowMicros + 1_000;
            a.reset(start, start + windowMicros);
            b.reset(start, start + windowMicros);
            long t = start - 2_000;  // the first events fall before the window
            double cx = r.nextDouble() * w;
            double cy = r.nextDouble() * h;
            while (t < start + windowMicros + 3_000) {  // the last ones after it
                if (t > start + 50_000 && t < start + 60_000 && window % 2 == 1) {
                    // a silence about as long as the decay table: the neurons' gaps straddle its end
                    t += tableMicros - 3_000 + r.nextInt(6_000);
                    silences++;
                }
                t += r.nextInt(25);  // includes equal timestamps
                cx = clamp(cx + (r.nextDouble() - 0.5) * 0.05, w);
                cy = clamp(cy + (r.nextDouble() - 0.5) * 0.05, h);
                int x;
                int y;
                if (r.nextInt(3) > 0) {
                    x = (int) clamp(cx + r.nextGaussian() * 2.0, w);
                    y = (int) clamp(cy + r.nextGaussian() * 2.0, h);
                } else {
                    x = r.nextInt(w);
                    y = r.nextInt(h);
                }
                int c = r.nextInt(channels);
                if (r.nextInt(1_000) == 0) {
                    x = r.nextBoolean() ? -1 : w;
                } else if (r.nextInt(1_000) == 0) {
                    c = r.nextBoolean() ? -1 : channels;
                }
                if (a.windowStartMicros <= t && t < a.windowEndMicros && x >= 0 && x < w && c >= 0 && c < channels) {
                    int channel = (y * w + x) * channels + c;
                    for (int s = input.rowStart[channel]; s < input.rowStart[channel + 1]; s++) {
                        if (t < a.refractoryUntilMicros[input.post[s]]) {
                            refractoryHits++;
                        }
                    }
                }
                int got;
                int expected;
                if (channels == 2 && c >= 0 && c < 2) {
                    got = liquid.onEvent(a, t, x, y, c == 1);
                    expected = reference.onEvent(b, t, x, y, c == 1);
                } else {
                    got = liquid.onInput(a, t, x, y, c);
                    expected = reference.onInput(b, t, x, y, c);
                }
                if (got != expected || !a.equals(b)) {
                    fail("window %d, event %d at %d us (%d, %d, channel %d): returned %d, reference %d; %s",
                            window, events, t, x, y, c, got, expected, firstDifference(a, b));
                }
                if (got > params.inputFanOut()) {
                    cascades++;
                }
                events++;
            }
            assertThat(a.eventCount).isPositive();
        }
        assertThat(a.totalSpikes()).isPositive();
        assertThat(cascades).as("events whose recurrent spikes caused more spikes").isGreaterThan(100);
        assertThat(refractoryHits).as("inputs reaching refractory neurons").isGreaterThan(10_000);
        assertThat(silences).isEqualTo(2);
    }

    private static double clamp(double v, int size) {
        return Math.max(0, Math.min(size - 1e-9, v));
    }

    private static String firstDifference(LiquidState a, LiquidState b) {
        for (int i = 0; i < a.vMv.length; i++) {
            if (Double.doubleToRawLongBits(a.vMv[i]) != Double.doubleToRawLongBits(b.vMv[i])
                    || a.lastUpdateMicros[i] != b.lastUpdateMicros[i]
                    || a.refractoryUntilMicros[i] != b.refractoryUntilMicros[i]) {
                return "neuron " + i + ": v " + a.vMv[i] + " vs " + b.vMv[i] + ", last update "
                        + a.lastUpdateMicros[i] + " vs " + b.lastUpdateMicros[i] + ", refractory until "
                        + a.refractoryUntilMicros[i] + " vs " + b.refractoryUntilMicros[i];
            }
        }
        for (int k = 0; k < a.spikeCounts.length; k++) {
            if (a.spikeCounts[k] != b.spikeCounts[k]) {
                return "spike count " + k + ": " + a.spikeCounts[k] + " vs " + b.spikeCounts[k];
            }
        }
        return "event count " + a.eventCount + " vs " + b.eventCount;
    }
}
