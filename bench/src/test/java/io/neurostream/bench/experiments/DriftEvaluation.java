package io.neurostream.bench.experiments;

import io.neurostream.connectors.spikes.sim.ReachSimParams;
import io.neurostream.connectors.spikes.sim.ReachSimulator;

import io.neurostream.connectors.spikes.BehaviorSeries;
import io.neurostream.connectors.spikes.SpikeBatcher;
import io.neurostream.core.decoder.ExponentialRateSmoother;
import io.neurostream.core.decoder.KalmanVelocityDecoder;
import io.neurostream.core.decoder.RSquared;
import io.neurostream.core.decoder.RateDecoder;
import io.neurostream.core.decoder.RlsRateDecoder;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedSpikes;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * The offline decoder evaluation on the drifting generator, shared by the test and by anyone who
 * wants the numbers: spikes -> {@link SpikeBatcher} 20 ms batches -> per-unit counts; labels =
 * mean velocity per bin.
 *
 * <p>Protocol: the first {@code trainMinutes} are labelled for every decoder; the "frozen" ones
 * stop learning there. After that, each minute has 40 s of labelled bins (adaptive decoders
 * learn) followed by 20 s held out (no decoder learns, R^2 is measured). Every bin is decoded
 * before its label is seen.
 */
final class DriftEvaluation {
    static final String[] NAMES = {"kalman-adaptive", "kalman-frozen", "rls-adaptive", "rls-frozen"};
    static final long BIN_MICROS = 20_000;
    static final int BINS_PER_MINUTE = 3000;
    static final int LABELLED_BINS_PER_MINUTE = 2000;

    private DriftEvaluation() {}

    /**
     * @return r2[decoder][minute]: mean R^2 (vx, vy) of the held-out bins of each minute (NaN during training)
     */
    static double[][] run(ReachSimParams params, long seed, int minutes, int trainMinutes) {
        ReachSimulator.SimulatedRecording rec = new ReachSimulator(params, seed).run(minutes * 60_000_000L);
        int n = params.neuronCount();
        int bins = minutes * BINS_PER_MINUTE;
        float[] counts = new float[bins * n];
        Iterator<SpikeBatch> batches = SpikeBatcher.batches(rec.spikeSource("sim"), "sim", BIN_MICROS);
        int bin = 0;
        while (batches.hasNext() && bin < bins) {
            SpikeBatch batch = batches.next();
            ByteBuffer view = PackedSpikes.view(batch.getSpikes());
            bin = (int) (batch.getStartTimeMicros() / BIN_MICROS);
            for (int i = 0; i < batch.getSpikeCount() && bin < bins; i++) {
                counts[bin * n + PackedSpikes.unitIndex(view, i)]++;
            }
        }
        double[][] velocity = new double[bins][2];
        BehaviorSeries v = rec.velocity();
        int perBin = (int) (BIN_MICROS / params.stepMicros());
        for (int s = 0; s < v.length(); s++) {
            // a sample at the end of step (t, t + step] belongs to the bin holding that step
            int b = (int) ((v.timesMicros()[s] - 1) / BIN_MICROS);
            if (b < bins) {
                velocity[b][0] += v.value(s, 0) / perBin;
                velocity[b][1] += v.value(s, 1) / perBin;
            }
        }

        KalmanVelocityDecoder.Params kalman = KalmanVelocityDecoder.Params.defaults(n, 2).withObservationLambda(0.999);
        RateDecoder[] decoders = {
            new KalmanVelocityDecoder(kalman), new KalmanVelocityDecoder(kalman),
            new RlsRateDecoder(n, 2, 0.9995, 1.0), new RlsRateDecoder(n, 2, 0.9995, 1.0)};
        boolean[] adaptive = {true, false, true, false};
        boolean[] smoothed = {false, false, true, true};
        ExponentialRateSmoother smoother = new ExponentialRateSmoother(n, 20, 30);
        double[] raw = new double[n];
        double[] smooth = new double[n];
        double[] out = new double[2];
        RSquared[][] r2 = new RSquared[decoders.length][minutes];
        for (int d = 0; d < decoders.length; d++) {
            for (int m = 0; m < minutes; m++) {
                r2[d][m] = new RSquared(2);
            }
        }
        int trainBins = trainMinutes * BINS_PER_MINUTE;
        for (int t = 0; t < bins; t++) {
            for (int i = 0; i < n; i++) {
                raw[i] = counts[t * n + i];
            }
            smoother.smooth(raw, smooth);
            int inMinute = (t - trainBins) % BINS_PER_MINUTE;
            boolean heldOut = t >= trainBins && inMinute >= LABELLED_BINS_PER_MINUTE;
            for (int d = 0; d < decoders.length; d++) {
                RateDecoder decoder = decoders[d];
                if (t == trainBins && !adaptive[d]) {
                    decoder.setLearning(false);
                }
                if (t >= trainBins && adaptive[d]) {
                    decoder.setLearning(!heldOut); // off and on again around each gap in labels
                }
                double[] input = smoothed[d] ? smooth : raw;
                decoder.decode(input, out);
                if (heldOut) {
                    r2[d][t / BINS_PER_MINUTE].add(velocity[t], out);
                } else {
                    decoder.learn(input, velocity[t]);
                }
            }
        }
        double[][] result = new double[decoders.length][minutes];
        for (int d = 0; d < decoders.length; d++) {
            for (int m = 0; m < minutes; m++) {
                result[d][m] = r2[d][m].count() > 0 ? r2[d][m].mean() : Double.NaN;
            }
        }
        return result;
    }

    /** R^2 over the held-out bins of minutes [from, to), pooled as the mean of the per-minute values. */
    static double mean(double[] perMinute, int from, int to) {
        double s = 0;
        for (int m = from; m < to; m++) {
            s += perMinute[m];
        }
        return s / (to - from);
    }
}
