package io.neurostream.core.lsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LiquidPlasticityTest {
    private static final DvsLiquid LIQUID = new DvsLiquid(LiquidParams.nmnistDefault());

    /** One 100 ms window of random events over the sensor, seeded. */
    private static LiquidState window(LiquidPlasticity plastic, long startMicros, long seed) {
        LiquidState state = LIQUID.newState();
        state.reset(startMicros, startMicros + 100_000);
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 4000; k++) {
            LIQUID.onInput(state, startMicros + k * 25L, r.nextInt(34), r.nextInt(34), r.nextInt(2), plastic);
        }
        if (plastic != null) {
            plastic.endWindow(state);
        }
        return state;
    }

    @Test
    void withFreshWeightsAndNoLearningTheLiquidSpikesExactlyAsTheFixedOne() {
        LiquidPlasticity plastic = LiquidPlasticity.create(LIQUID, LiquidPlasticity.Params.of(LiquidPlasticity.Rule.STDP));
        plastic.setLearning(false);
        assertThat(window(plastic, 0, 1).totalSpikes()).isEqualTo(window(null, 0, 1).totalSpikes());
    }

    @Test
    void stdpChangesExcitatoryWeightsAndFreezingStopsIt() {
        LiquidPlasticity plastic = LiquidPlasticity.create(LIQUID, LiquidPlasticity.Params.of(LiquidPlasticity.Rule.STDP));
        double[] initial = plastic.excitatoryWeights().clone();
        double[] inhibitory = plastic.inhibitoryWeights().clone();
        window(plastic, 0, 2);
        double[] learned = plastic.excitatoryWeights().clone();
        assertThat(learned).isNotEqualTo(initial);
        assertThat(plastic.inhibitoryWeights()).containsExactly(inhibitory);
        for (double w : learned) {
            assertThat(w).isBetween(0.0, 2 * LIQUID.params().excitatoryWeightMv());
        }
        plastic.setLearning(false);
        window(plastic, 100_000, 3);
        assertThat(plastic.excitatoryWeights()).containsExactly(learned);
        plastic.setLearning(true);
        window(plastic, 200_000, 4);
        assertThat(plastic.excitatoryWeights()).isNotEqualTo(learned);
    }

    @Test
    void homeostaticRulesPullTheRateTowardTheTarget() {
        for (LiquidPlasticity.Rule rule : new LiquidPlasticity.Rule[] {LiquidPlasticity.Rule.INTRINSIC,
                LiquidPlasticity.Rule.EI_HOMEOSTASIS}) {
            LiquidPlasticity plastic = LiquidPlasticity.create(LIQUID,
                    new LiquidPlasticity.Params(rule, 1, 5, 0.05));
            long first = window(plastic, 0, 5).totalSpikes();
            long last = 0;
            for (int w = 1; w < 30; w++) {
                last = window(plastic, w * 100_000L, 5).totalSpikes();
            }
            double targetSpikes = 5 * 0.1 * LIQUID.params().neuronCount();
            assertThat(Math.abs(last - targetSpikes)).as(rule + ": %d -> %d spikes, target %f", first, last, targetSpikes)
                    .isLessThan(Math.abs(first - targetSpikes));
            assertThat(plastic.windows()).isEqualTo(30);
        }
    }

    @Test
    void restoredPlasticityContinuesFromItsWeights() {
        LiquidPlasticity a = LiquidPlasticity.create(LIQUID, new LiquidPlasticity.Params(LiquidPlasticity.Rule.INTRINSIC, 1, 5, 0.05));
        window(a, 0, 6);
        LiquidPlasticity b = LiquidPlasticity.restore(LIQUID, a.params(), a.excitatoryWeights(), a.inhibitoryWeights(),
                a.thresholdOffsetMv(), a.windows());
        assertThat(window(b, 100_000, 7).totalSpikes()).isEqualTo(window(a, 100_000, 7).totalSpikes());
        assertThat(b.thresholdOffsetMv()).containsExactly(a.thresholdOffsetMv());
    }
}
