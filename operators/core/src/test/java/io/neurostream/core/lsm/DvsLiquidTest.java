package io.neurostream.core.lsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DvsLiquidTest {

    /** Spikes and a hash of the counts for 5000 seeded random events. */
    private static long[] run(DvsLiquid liquid, int channels) {
        LiquidState s = liquid.newState();
        s.reset(0, 400_000);
        SplittableRandom r = new SplittableRandom(7);
        long total = 0;
        long t = 0;
        for (int i = 0; i < 5000; i++) {
            t += r.nextInt(60);
            int x = r.nextInt(liquid.params().width());
            int y = r.nextInt(liquid.params().height());
            total += channels == 2 ? liquid.onEvent(s, t, x, y, r.nextBoolean()) : liquid.onInput(s, t, x, y, r.nextInt(channels));
        }
        long hash = 0;
        for (int c : s.spikeCounts) {
            hash = hash * 31 + c;
        }
        return new long[] {total, hash};
    }

    @Test
    void rawEventInputIsUnchangedByTheChannelGeneralisation() {
        // Golden values taken from the liquid before channelsPerPixel existed (pixel * 2 + polarity).
        assertThat(run(new DvsLiquid(LiquidParams.nmnistDefault()), 2)).containsExactly(9549, 2829974584039072531L);
    }

    /**
     * The time bin reused from the previous input is always {@code (t - start) * bins / (end - start)}: windows
     * of lengths not divisible by the bins, streams (windows) alternating, times going back and jumping.
     */
    @Test
    void cachedTimeBinIsAlwaysTheFormula() {
        DvsLiquid liquid = new DvsLiquid(LiquidParams.nmnistDefault());
        int bins = liquid.params().timeBins();
        SplittableRandom r = new SplittableRandom(14);
        long[][] windows = {{0, 400_000}, {-999_983, 7}, {123_457, 123_457 + bins + 1}, {5, 5 + bins - 1}};
        long[] t = new long[windows.length];
        for (int i = 0; i < 200_000; i++) {
            int k = r.nextInt(20) == 0 ? r.nextInt(windows.length) : i / 5000 % windows.length;
            long start = windows[k][0];
            long end = windows[k][1];
            long span = end - start;
            t[k] = r.nextInt(10) == 0 ? start + r.nextLong(span) : Math.min(end - 1, t[k] < start ? start : t[k] + r.nextInt(3));
            assertThat(liquid.bin(start, end, t[k])).as("t %d in [%d, %d)", t[k], start, end)
                    .isEqualTo((int) ((t[k] - start) * bins / span));
        }
    }

    @Test
    void onEventIsChannelOneForOnAndZeroForOff() {
        DvsLiquid liquid = new DvsLiquid(LiquidParams.nmnistDefault());
        LiquidState a = liquid.newState();
        LiquidState b = liquid.newState();
        a.reset(0, 1_000);
        b.reset(0, 1_000);
        for (int i = 0; i < 200; i++) {
            boolean on = i % 3 == 0;
            liquid.onEvent(a, i, i % 34, (i * 5) % 34, on);
            liquid.onInput(b, i, i % 34, (i * 5) % 34, on ? 1 : 0);
        }
        assertThat(a).isEqualTo(b);
    }

    @Test
    void featureChannelsDriveTheLiquidAndOutOfRangeChannelsAreRejected() {
        LiquidParams params = LiquidParams.nmnistDefault().withInput(17, 17, 16);
        assertThat(params.inputChannels()).isEqualTo(17 * 17 * 16);
        DvsLiquid liquid = new DvsLiquid(params);
        long[] first = run(liquid, 16);
        assertThat(first[0]).isPositive();
        assertThat(run(new DvsLiquid(params), 16)).containsExactly(first); // rebuilt from the seed
        LiquidState s = liquid.newState();
        s.reset(0, 1_000);
        assertThat(liquid.onInput(s, 10, 3, 3, 16)).isEqualTo(-1);
        assertThat(liquid.onInput(s, 10, 3, 3, -1)).isEqualTo(-1);
        assertThat(liquid.onInput(s, 10, 17, 3, 0)).isEqualTo(-1);
        assertThat(liquid.onInput(s, 10, 16, 16, 15)).isGreaterThanOrEqualTo(0);
        assertThat(s.eventCount).isEqualTo(1);
    }

    @Test
    void anEventThreeMillisecondsBackIsAppliedAtTheNeuronsLastUpdate() {
        // weak input: no spikes, so the state can be compared with both events at the later time
        LiquidParams params = LiquidParams.nmnistDefault().withInputWeightMv(1.0);
        DvsLiquid liquid = new DvsLiquid(params);
        LiquidState reversed = liquid.newState();
        LiquidState simultaneous = liquid.newState();
        reversed.reset(0, 100_000);
        simultaneous.reset(0, 100_000);
        assertThat(liquid.onEvent(reversed, 10_000, 5, 7, true)).isZero();
        assertThat(liquid.onEvent(reversed, 7_000, 5, 7, true)).isZero();
        liquid.onEvent(simultaneous, 10_000, 5, 7, true);
        liquid.onEvent(simultaneous, 10_000, 5, 7, true);
        assertThat(reversed.eventCount).isEqualTo(2);
        assertThat(reversed).isEqualTo(simultaneous);

        // the pre-refactoring liquid died on this input (the dvs-classify job's crash)
        DvsLiquidReference old = new DvsLiquidReference(params);
        LiquidState s = old.newState();
        s.reset(0, 100_000);
        old.onEvent(s, 10_000, 5, 7, true);
        assertThatThrownBy(() -> old.onEvent(s, 7_000, 5, 7, true))
                .isInstanceOf(ArrayIndexOutOfBoundsException.class).hasMessageContaining("-3000");
    }

    @Test
    void aWholePacketHundredMillisecondsBackInsideTheWindowIsCountedAndNeverThrows() {
        DvsLiquid liquid = new DvsLiquid(LiquidParams.nmnistDefault());
        LiquidState s = liquid.newState();
        s.reset(0, 400_000); // two time bins of 200 ms
        SplittableRandom r = new SplittableRandom(3);
        feedPacket(liquid, s, r, 250_000);
        long[] lastBefore = s.lastUpdateMicros.clone();
        long[] refractoryBefore = s.refractoryUntilMicros.clone();
        int lateSpikes = feedPacket(liquid, s, r, 150_000); // the packet before, arriving after
        assertThat(s.eventCount).isEqualTo(4_000);
        assertThat(lateSpikes).isPositive();
        int timeBins = liquid.params().timeBins();
        long lateBinSpikes = 0;
        for (int i = 0; i < s.neuronCount(); i++) {
            // time never runs backwards for a neuron; one not touched before sits at the late packet's times
            assertThat(s.lastUpdateMicros[i]).isGreaterThanOrEqualTo(lastBefore[i]);
            assertThat(s.refractoryUntilMicros[i]).isGreaterThanOrEqualTo(refractoryBefore[i]);
            if (lastBefore[i] == 0 && s.lastUpdateMicros[i] != 0) {
                assertThat(s.lastUpdateMicros[i]).isBetween(150_000L, 160_000L);
            }
            assertThat(s.vMv[i]).isFinite().isLessThan(liquid.params().vThreshMv());
            lateBinSpikes += s.spikeCounts[i * timeBins];
        }
        // the late packet's spikes are counted in the bin of its own time
        assertThat(lateBinSpikes).isEqualTo(lateSpikes);
    }

    /** 2000 random events from startMicros on, about 5 us apart; returns their spikes. */
    private static int feedPacket(DvsLiquid liquid, LiquidState s, SplittableRandom r, long startMicros) {
        int spikes = 0;
        long t = startMicros;
        for (int i = 0; i < 2_000; i++) {
            t += r.nextInt(10);
            int got = liquid.onEvent(s, t, r.nextInt(34), r.nextInt(34), r.nextBoolean());
            assertThat(got).isNotNegative();
            spikes += got;
        }
        return spikes;
    }

    @Test
    void tooManyInputSynapsesAreRefusedWithTheProduct() {
        assertThatThrownBy(() -> LiquidParams.nmnistDefault().withInput(4096, 4096, 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input synapses");
        assertThatThrownBy(() -> LiquidParams.nmnistDefault().withInput(34, 34, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channelsPerPixel");
    }
}
