package io.neurostream.flink.learning;

import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidParams;
import io.neurostream.core.lsm.LiquidPlasticity;
import io.neurostream.core.lsm.LiquidState;
import java.util.SplittableRandom;

/**
 * Seeded adapted liquids: the values behind {@code serializer-layouts/liquid-plasticity.layout1.bin} (written
 * once by the layout-1 serializer; never regenerate it) and the snapshot/restore tests.
 */
final class PlasticitySamples {
    static final LiquidParams LIQUID = LiquidParams.nmnistDefault().withSize(60, 5);
    static final long WINDOW_MICROS = 100_000;

    private PlasticitySamples() {}

    /** The rules of the committed layout-1 file, in its order. */
    static final LiquidPlasticity.Rule[] LAYOUT1_RULES = {LiquidPlasticity.Rule.TRIPLET_STDP,
            LiquidPlasticity.Rule.STDP, LiquidPlasticity.Rule.INTRINSIC};

    /** A liquid adapted by {@code rule} over {@code windows} windows of seeded random input. */
    static LiquidPlasticity adapted(DvsLiquid liquid, LiquidPlasticity.Rule rule, int windows) {
        LiquidPlasticity p = LiquidPlasticity.create(liquid, new LiquidPlasticity.Params(rule, 1, 5, 0.05));
        feed(liquid, p, 0, windows, new SplittableRandom(11));
        return p;
    }

    /** Windows {@code [fromWindow, toWindow)} of random events (3,000 per window, 30 µs apart) through {@code p}. */
    static LiquidState feed(DvsLiquid liquid, LiquidPlasticity p, int fromWindow, int toWindow, SplittableRandom r) {
        LiquidState state = liquid.newState();
        for (int w = fromWindow; w < toWindow; w++) {
            long start = w * WINDOW_MICROS;
            state.reset(start, start + WINDOW_MICROS);
            for (int k = 0; k < 3000; k++) {
                liquid.onInput(state, start + k * 30L, r.nextInt(LIQUID.width()), r.nextInt(LIQUID.height()),
                        r.nextInt(2), p);
            }
            p.endWindow(state);
        }
        return state;
    }
}
