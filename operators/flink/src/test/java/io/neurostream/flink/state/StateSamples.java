package io.neurostream.flink.state;

import io.neurostream.core.decoder.EsnRateDecoder;
import io.neurostream.core.decoder.KalmanVelocityDecoder;
import io.neurostream.core.decoder.PassThroughRates;
import io.neurostream.core.decoder.RateDecoder;
import io.neurostream.core.decoder.RlsRateDecoder;
import io.neurostream.core.decoder.SlidingBinCounts;
import io.neurostream.core.lsm.LiquidState;
import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;
import io.neurostream.flink.spikes.SpikeDecodeState;
import io.neurostream.operators.events.FeastState;
import io.neurostream.operators.events.PixelTimeState;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Deterministic, non-trivial values of every checkpointed state type, built from seeded random arrays through the
 * types' constructors and restore factories only (no kernel dynamics), so the same values come back as long as
 * the types' shapes do. The layout-1 samples under {@code serializer-layouts/} were written from exactly these
 * values by the serializers before values carried a layout byte.
 */
public final class StateSamples {
    private StateSamples() {
    }

    public static LiquidState[] liquidStates() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 6;
        int bins = 4;
        double[] v = doubles(random, n, -70, 10);
        long[] last = new long[n];
        long[] refractory = new long[n];
        for (int i = 0; i < n; i++) {
            last[i] = 400_000 + random.nextInt(50_000);
            refractory[i] = i % 2 == 0 ? Long.MIN_VALUE : last[i] + 2_000;
        }
        int[] counts = new int[n * bins];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = random.nextInt(7);
        }
        return new LiquidState[] {
            new LiquidState(v, last, refractory, counts, 400_000, 450_000, 1_234),
            new LiquidState(0, 1),
        };
    }

    public static RlsReadout[] rlsReadouts() {
        SplittableRandom random = new SplittableRandom(12);
        return new RlsReadout[] {
            RlsReadout.restore(5, 2, 0.99, doubles(random, 10, -2, 2), doubles(random, 25, -1, 1), 17),
            RlsReadout.restore(1, 1, 1.0, new double[] {Double.MIN_VALUE}, new double[] {1e300}, 0),
        };
    }

    public static PixelTimeState[] pixelTimeStates() {
        SplittableRandom random = new SplittableRandom(13);
        PixelTimeState s = new PixelTimeState(7, 5, 2);
        for (int i = 0; i < s.size(); i += 3) {
            s.set(i, random.nextLong(1_000_000));
        }
        return new PixelTimeState[] {s, new PixelTimeState(1, 1, 1)};
    }

    public static FeastState[] feastStates() {
        SplittableRandom random = new SplittableRandom(14);
        FeastState s = new FeastState(4, 9);
        System.arraycopy(doubles(random, s.weights.length, 0, 1), 0, s.weights, 0, s.weights.length);
        System.arraycopy(doubles(random, s.thresholds.length, -0.5, 0.5), 0, s.thresholds, 0, s.thresholds.length);
        return new FeastState[] {s, new FeastState(1, 1)};
    }

    public static SpikeDecodeState[] spikeDecodeStates() {
        SplittableRandom random = new SplittableRandom(15);
        SpikeDecodeState control = new SpikeDecodeState();
        control.addSwitch(500, false);

        int units = 5;
        int[] counts = new SlidingBinCounts(units, 40_000, 20_000, 10_000).counts().clone();
        int[] totals = new int[counts.length / units];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = random.nextInt(5);
            totals[i / units] += counts[i];
        }
        SpikeDecodeState s = new SpikeDecodeState(
                SlidingBinCounts.restore(units, 40_000, 20_000, 10_000, true, 3, 2, counts, totals),
                doubles(random, units, 0, 3));
        s.smoothPrimed = true;
        s.coveredUntilMicros = 80_000;
        s.lastIngestMillis = 1_700_000_000_123L;
        s.lastLearnedBin = 2;
        s.learningBase = false;
        s.addSwitch(900, true);
        s.addSwitch(100, false);
        return new SpikeDecodeState[] {control, s};
    }

    /** Kalman (diagonal and full Q), RLS, ESN and pass-through decoders. */
    public static RateDecoder[] rateDecoders() {
        SplittableRandom random = new SplittableRandom(16);
        KalmanVelocityDecoder.Params diagonal = KalmanVelocityDecoder.Params.defaults(4, 2);
        KalmanVelocityDecoder.Params full = new KalmanVelocityDecoder.Params(3, 2, 0.995, 0.9999, true, 0.2, 7, 2.0,
                50.0, 0.5);
        RlsRateDecoder rls = RlsRateDecoder.restore(
                RlsReadout.restore(4, 2, 0.9995, doubles(random, 8, -1, 1), doubles(random, 16, -1, 1), 42), false);
        EsnRateDecoder.Params esn = new EsnRateDecoder.Params(
                new EsnParams(12, 3, 0.9, 0.5, 0.5, 0.2, 0.3, 0.5, 9L), 2, 0.5, true, 0.999, 1.0);
        return new RateDecoder[] {
            kalman(diagonal, random), kalman(full, random), rls, esn(esn, random), new PassThroughRates(6, 20.0),
        };
    }

    private static KalmanVelocityDecoder kalman(KalmanVelocityDecoder.Params params, SplittableRandom random) {
        KalmanVelocityDecoder.Snapshot shape = new KalmanVelocityDecoder(params).snapshot();
        return KalmanVelocityDecoder.restore(params, new KalmanVelocityDecoder.Snapshot(
                like(shape.observationWeights(), random), like(shape.observationP(), random), 31,
                like(shape.dynamicsWeights(), random), like(shape.dynamicsP(), random), 30,
                like(shape.q(), random), like(shape.qInv(), random), 12.5, like(shape.w(), random),
                like(shape.wCov(), random), 11.5, like(shape.x(), random), like(shape.p(), random),
                like(shape.previousTarget(), random), true, true, 31, 4));
    }

    private static EsnRateDecoder esn(EsnRateDecoder.Params params, SplittableRandom random) {
        int features = params.featureCount();
        RlsReadout readout = RlsReadout.restore(features, params.outputCount(), params.lambda(),
                doubles(random, features * params.outputCount(), -1, 1), doubles(random, features * features, -1, 1),
                25);
        return EsnRateDecoder.restore(params, new Esn(params.esn()), doubles(random, params.esn().units(), -1, 1),
                readout, doubles(random, features, -1, 1), true);
    }

    private static double[] like(double[] shape, SplittableRandom random) {
        return doubles(random, shape.length, -3, 3);
    }

    private static double[] doubles(SplittableRandom random, int n, double from, double to) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextDouble(from, to);
        }
        return a;
    }

    /**
     * Equality of decoders by what their checkpoint holds: only {@link EsnRateDecoder} defines {@code equals}, the
     * other decoders in operators/core do not.
     */
    public static boolean sameDecoder(RateDecoder a, RateDecoder b) {
        if (a instanceof KalmanVelocityDecoder x && b instanceof KalmanVelocityDecoder y) {
            return x.params().equals(y.params()) && x.snapshot().equals(y.snapshot());
        }
        if (a instanceof RlsRateDecoder x && b instanceof RlsRateDecoder y) {
            return x.isLearning() == y.isLearning() && x.readout().equals(y.readout());
        }
        if (a instanceof PassThroughRates x && b instanceof PassThroughRates y) {
            return x.inputCount() == y.inputCount() && Double.compare(x.binMs(), y.binMs()) == 0;
        }
        return Objects.equals(a, b);
    }

    /** {@link #sameDecoder} for decoders, {@code equals} (arrays by content) for the other state types. */
    public static boolean sameState(Object a, Object b) {
        if (a instanceof RateDecoder x && b instanceof RateDecoder y) {
            return sameDecoder(x, y);
        }
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }
}
