package io.neurostream.core.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Brain-state switching on binned population activity: a Poisson hidden Markov model with
 * {@code states} states (each state a vector of per-unit rates), plus early-warning indicators.
 *
 * <p>The first {@code warmupBins} bins are kept and the model is fitted to them by Baum-Welch
 * (k-means++ on smoothed square-root counts to start, seeded); their filtered states are emitted
 * then. From there on each bin is filtered online (forward algorithm: one O(states x units) step)
 * and the rates and transition probabilities follow the data by online EM on the filtered
 * posteriors, forgetting with {@code memorySeconds}. Each bin emits the most probable state, its
 * probability and whether it changed. The indicators are the rolling variance and lag-1
 * autocorrelation of the population count over {@code earlyWarningBins} (rising values announce a
 * critical transition, Scheffer et al. 2009).
 */
public final class BrainStates {
    /** One bin's result; reused, copy what you keep. */
    public static final class Bin {
        public long startMicros;
        public long endMicros;
        public int state;
        public double probability;
        public boolean changed;
        public int previousState;
        public int populationCount;
        public double populationVariance;
        public double lag1Autocorrelation;
        public final double[] posterior;

        Bin(int states) {
            posterior = new double[states];
        }
    }

    /** Receives every bin's state, in bin order. */
    public interface Listener {
        void bin(Bin bin);
    }

    private static final double RATE_FLOOR_HZ = 0.01;

    private final BrainStateParams p;
    private final int units;
    private final int k;
    private final double binSeconds;
    private final double forget;
    private final Bin out;
    // state
    private boolean started;
    private long binStartMicros;
    private long clockMicros;
    private final int[] counts;
    private boolean fitted;
    private int warmupFilled;
    private int[] warmupCounts;           // warmupBins x units; released after the first fit
    private double[] warmupIndicators;    // warmupBins x 2
    private final double[] rateHz;        // states x units
    private final double[] transition;    // states x states
    private final double[] posterior;
    private int lastState = -1;
    private final double[] rateStats;     // states x units: decayed posterior-weighted counts
    private final double[] stateWeight;   // states: decayed posterior sums
    private final double[] transitionStats; // states x states
    private final double[] populationRing;
    private int ringHead;
    private int ringSize;
    private long lateSpikes;
    // scratch
    private final double[] logRate;
    private final double[] logLikelihood;
    private final double[] predicted;
    private final double[] emissionScratch;

    public BrainStates(BrainStateParams params, int unitCount) {
        if (unitCount < 1) {
            throw new IllegalArgumentException("unitCount must be >= 1, got " + unitCount);
        }
        this.p = params;
        this.units = unitCount;
        this.k = params.states();
        this.binSeconds = params.binMicros() / 1e6;
        this.forget = Math.exp(-binSeconds / params.memorySeconds());
        this.out = new Bin(k);
        this.counts = new int[unitCount];
        this.warmupCounts = new int[params.warmupBins() * unitCount];
        this.warmupIndicators = new double[params.warmupBins() * 2];
        this.rateHz = new double[k * unitCount];
        this.transition = new double[k * k];
        this.posterior = new double[k];
        this.rateStats = new double[k * unitCount];
        this.stateWeight = new double[k];
        this.transitionStats = new double[k * k];
        this.populationRing = new double[params.earlyWarningBins()];
        this.logRate = new double[k * unitCount];
        this.logLikelihood = new double[k];
        this.predicted = new double[k];
        this.emissionScratch = new double[k];
    }

    public boolean fitted() {
        return fitted;
    }

    public long lateSpikes() {
        return lateSpikes;
    }

    /** The model's rate of {@code unit} in {@code state}, Hz (0 before the first fit). */
    public double rateHz(int state, int unit) {
        return rateHz[state * units + unit];
    }

    /** Counts a spike (in time order); false if it was for a bin already closed. */
    public boolean spike(int unit, long tMicros, Listener listener) {
        advanceTo(tMicros, listener);
        if (tMicros < binStartMicros) {
            lateSpikes++;
            return false;
        }
        counts[unit]++;
        return true;
    }

    /** The recording clock reached {@code tMicros}: closes every bin that ends by then. */
    public void advanceTo(long tMicros, Listener listener) {
        if (!started) {
            started = true;
            binStartMicros = Math.floorDiv(tMicros, p.binMicros()) * p.binMicros();
            clockMicros = tMicros;
            return;
        }
        if (tMicros <= clockMicros) {
            return;
        }
        clockMicros = tMicros;
        long behind = (tMicros - binStartMicros) / p.binMicros();
        if (behind > 10L * p.earlyWarningBins() + p.warmupBins()) {
            // a long silence: skip to the present rather than filter thousands of empty bins
            closeBin(listener);
            binStartMicros = Math.floorDiv(tMicros, p.binMicros()) * p.binMicros();
            ringSize = 0;
        }
        while (tMicros >= binStartMicros + p.binMicros()) {
            closeBin(listener);
        }
    }

    private void closeBin(Listener listener) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        populationRing[ringHead] = total;
        ringHead = (ringHead + 1) % populationRing.length;
        ringSize = Math.min(populationRing.length, ringSize + 1);
        double[] indicators = indicators();
        if (!fitted) {
            System.arraycopy(counts, 0, warmupCounts, warmupFilled * units, units);
            warmupIndicators[2 * warmupFilled] = indicators[0];
            warmupIndicators[2 * warmupFilled + 1] = indicators[1];
            warmupFilled++;
            if (warmupFilled == p.warmupBins()) {
                emitWarmup(binStartMicros, listener);
            }
        } else {
            filter(counts, true);
            emit(binStartMicros, total, indicators[0], indicators[1], listener);
        }
        Arrays.fill(counts, 0);
        binStartMicros += p.binMicros();
    }

    /**
     * End of the recording: a model still warming up is fitted on the bins it has (if at least 10
     * per state) and their states are emitted, so a recording shorter than the warm-up gets states too.
     */
    public void finish(Listener listener) {
        if (!fitted && warmupFilled >= 10 * k) {
            emitWarmup(binStartMicros - p.binMicros(), listener);
        }
    }

    /** Fits the model on the warm-up bins, the last of which started at {@code lastStartMicros}, and emits their states. */
    private void emitWarmup(long lastStartMicros, Listener listener) {
        fit();
        long firstStart = lastStartMicros - (long) (warmupFilled - 1) * p.binMicros();
        Arrays.fill(posterior, 1.0 / k);
        int[] c = new int[units];
        for (int t = 0; t < warmupFilled; t++) {
            System.arraycopy(warmupCounts, t * units, c, 0, units);
            filter(c, false);
            emit(firstStart + t * p.binMicros(), sum(c), warmupIndicators[2 * t], warmupIndicators[2 * t + 1], listener);
        }
        warmupCounts = new int[0];
        warmupIndicators = new double[0];
    }

    private static int sum(int[] values) {
        int s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }

    /** Rolling variance and lag-1 autocorrelation of the population count (NaN until 3 bins). */
    private double[] indicators() {
        int n = ringSize;
        if (n < 3) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int first = (ringHead - n + populationRing.length) % populationRing.length;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += populationRing[(first + i) % populationRing.length];
        }
        mean /= n;
        double ss = 0;
        double lagged = 0;
        double previous = Double.NaN;
        for (int i = 0; i < n; i++) {
            double x = populationRing[(first + i) % populationRing.length] - mean;
            ss += x * x;
            if (i > 0) {
                lagged += x * previous;
            }
            previous = x;
        }
        return new double[] {ss / (n - 1), ss == 0 ? Double.NaN : lagged / ss};
    }

    private void emit(long start, int total, double variance, double autocorrelation, Listener listener) {
        int best = 0;
        for (int s = 1; s < k; s++) {
            if (posterior[s] > posterior[best]) {
                best = s;
            }
        }
        Bin b = out;
        b.startMicros = start;
        b.endMicros = start + p.binMicros();
        b.state = best;
        b.probability = posterior[best];
        b.previousState = lastState;
        b.changed = lastState >= 0 && lastState != best;
        b.populationCount = total;
        b.populationVariance = variance;
        b.lag1Autocorrelation = autocorrelation;
        System.arraycopy(posterior, 0, b.posterior, 0, k);
        lastState = best;
        if (listener != null) {
            listener.bin(b);
        }
    }

    private void refreshLogRates() {
        for (int i = 0; i < rateHz.length; i++) {
            logRate[i] = Math.log(Math.max(RATE_FLOOR_HZ, rateHz[i]) * binSeconds);
        }
    }

    /** Per state: log P(counts | state) without the log(c!) term, which all states share. */
    private void logLikelihoods(int[] c, double[] into) {
        for (int s = 0; s < k; s++) {
            double ll = 0;
            int base = s * units;
            for (int u = 0; u < units; u++) {
                double lr = logRate[base + u];
                if (c[u] != 0) {
                    ll += c[u] * lr;
                }
                ll -= Math.exp(lr);
            }
            into[s] = ll;
        }
    }

    /** One forward step: posterior(t) from posterior(t-1); {@code learn} updates the model by online EM. */
    private void filter(int[] c, boolean learn) {
        logLikelihoods(c, logLikelihood);
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < k; s++) {
            max = Math.max(max, logLikelihood[s]);
        }
        for (int s = 0; s < k; s++) {
            double pred = 0;
            for (int j = 0; j < k; j++) {
                pred += posterior[j] * transition[j * k + s];
            }
            predicted[s] = pred;
        }
        double z = 0;
        double[] emission = emissionScratch;
        for (int s = 0; s < k; s++) {
            emission[s] = Math.exp(logLikelihood[s] - max);
            z += predicted[s] * emission[s];
        }
        if (!(z > 0)) {
            Arrays.fill(predicted, 1.0 / k);
            z = 0;
            for (int s = 0; s < k; s++) {
                z += predicted[s] * emission[s];
            }
        }
        if (learn) {
            // expected transitions given the new bin: xi(j, s) ~ posterior_j A_js e_s
            for (int j = 0; j < k; j++) {
                for (int s = 0; s < k; s++) {
                    int i = j * k + s;
                    transitionStats[i] = forget * transitionStats[i] + posterior[j] * transition[i] * emission[s] / z;
                }
            }
        }
        for (int s = 0; s < k; s++) {
            posterior[s] = predicted[s] * emission[s] / z;
        }
        if (learn) {
            for (int s = 0; s < k; s++) {
                stateWeight[s] = forget * stateWeight[s] + posterior[s];
                int base = s * units;
                for (int u = 0; u < units; u++) {
                    rateStats[base + u] = forget * rateStats[base + u] + posterior[s] * c[u];
                    rateHz[base + u] = rateStats[base + u] / (Math.max(1e-9, stateWeight[s]) * binSeconds);
                }
                double rowSum = 0;
                for (int j = 0; j < k; j++) {
                    rowSum += transitionStats[s * k + j];
                }
                for (int j = 0; j < k; j++) {
                    transition[s * k + j] = Math.max(1e-6, transitionStats[s * k + j] / rowSum);
                }
            }
            refreshLogRates();
        }
    }

    /** Baum-Welch on the warm-up bins, started from k-means++ on smoothed square-root counts. */
    private void fit() {
        int t = warmupFilled;
        initialise(t);
        double[] alpha = new double[t * k];
        double[] beta = new double[t * k];
        double[] scale = new double[t];
        double[] emission = new double[t * k];
        int[] c = new int[units];
        for (int iteration = 0; iteration < p.emIterations(); iteration++) {
            refreshLogRates();
            for (int i = 0; i < t; i++) {
                System.arraycopy(warmupCounts, i * units, c, 0, units);
                logLikelihoods(c, logLikelihood);
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < k; s++) {
                    max = Math.max(max, logLikelihood[s]);
                }
                for (int s = 0; s < k; s++) {
                    emission[i * k + s] = Math.exp(logLikelihood[s] - max);
                }
            }
            // forward
            for (int i = 0; i < t; i++) {
                double z = 0;
                for (int s = 0; s < k; s++) {
                    double pred = 0;
                    if (i == 0) {
                        pred = 1.0 / k;
                    } else {
                        for (int j = 0; j < k; j++) {
                            pred += alpha[(i - 1) * k + j] * transition[j * k + s];
                        }
                    }
                    alpha[i * k + s] = pred * emission[i * k + s];
                    z += alpha[i * k + s];
                }
                scale[i] = z;
                for (int s = 0; s < k; s++) {
                    alpha[i * k + s] /= z;
                }
            }
            // backward
            for (int s = 0; s < k; s++) {
                beta[(t - 1) * k + s] = 1;
            }
            for (int i = t - 2; i >= 0; i--) {
                for (int j = 0; j < k; j++) {
                    double b = 0;
                    for (int s = 0; s < k; s++) {
                        b += transition[j * k + s] * emission[(i + 1) * k + s] * beta[(i + 1) * k + s];
                    }
                    beta[i * k + j] = b / scale[i + 1];
                }
            }
            // M step
            Arrays.fill(rateStats, 0);
            Arrays.fill(stateWeight, 0);
            Arrays.fill(transitionStats, 0);
            for (int i = 0; i < t; i++) {
                for (int s = 0; s < k; s++) {
                    double gamma = alpha[i * k + s] * beta[i * k + s];
                    stateWeight[s] += gamma;
                    int base = s * units;
                    int from = i * units;
                    for (int u = 0; u < units; u++) {
                        rateStats[base + u] += gamma * warmupCounts[from + u];
                    }
                }
                if (i > 0) {
                    for (int j = 0; j < k; j++) {
                        for (int s = 0; s < k; s++) {
                            transitionStats[j * k + s] += alpha[(i - 1) * k + j] * transition[j * k + s]
                                    * emission[i * k + s] * beta[i * k + s] / scale[i];
                        }
                    }
                }
            }
            for (int s = 0; s < k; s++) {
                int base = s * units;
                for (int u = 0; u < units; u++) {
                    rateHz[base + u] = rateStats[base + u] / (Math.max(1e-9, stateWeight[s]) * binSeconds);
                }
                double rowSum = 0;
                for (int j = 0; j < k; j++) {
                    rowSum += transitionStats[s * k + j];
                }
                for (int j = 0; j < k; j++) {
                    transition[s * k + j] = rowSum > 0 ? Math.max(1e-6, transitionStats[s * k + j] / rowSum)
                            : (s == j ? p.selfTransition() : (1 - p.selfTransition()) / (k - 1));
                }
            }
        }
        refreshLogRates();
        fitted = true;
    }

    /** k-means++ (5 seeded restarts, lowest inertia wins) on square-root counts smoothed over 5 bins. */
    private void initialise(int t) {
        double[] x = new double[t * units];
        for (int i = 0; i < t; i++) {
            for (int u = 0; u < units; u++) {
                double s = 0;
                int n = 0;
                for (int d = -2; d <= 2; d++) {
                    int j = i + d;
                    if (j >= 0 && j < t) {
                        s += Math.sqrt(warmupCounts[j * units + u]);
                        n++;
                    }
                }
                x[i * units + u] = s / n;
            }
        }
        SplittableRandom random = new SplittableRandom(p.seed());
        double bestInertia = Double.POSITIVE_INFINITY;
        int[] bestAssign = new int[t];
        int[] assign = new int[t];
        double[] centres = new double[k * units];
        for (int restart = 0; restart < 5; restart++) {
            double inertia = kMeans(x, t, centres, assign, random);
            if (inertia < bestInertia) {
                bestInertia = inertia;
                System.arraycopy(assign, 0, bestAssign, 0, t);
            }
        }
        double[] n = new double[k];
        Arrays.fill(rateHz, 0);
        for (int i = 0; i < t; i++) {
            int s = bestAssign[i];
            n[s]++;
            for (int u = 0; u < units; u++) {
                rateHz[s * units + u] += warmupCounts[i * units + u];
            }
        }
        for (int s = 0; s < k; s++) {
            for (int u = 0; u < units; u++) {
                rateHz[s * units + u] = (rateHz[s * units + u] + 0.1) / ((n[s] + 1) * binSeconds);
            }
            for (int j = 0; j < k; j++) {
                transition[s * k + j] = s == j ? p.selfTransition() : (1 - p.selfTransition()) / (k - 1);
            }
        }
    }

    private double kMeans(double[] x, int t, double[] centres, int[] assign, SplittableRandom random) {
        // k-means++ seeding
        int first = random.nextInt(t);
        System.arraycopy(x, first * units, centres, 0, units);
        double[] d2 = new double[t];
        for (int s = 1; s < k; s++) {
            double total = 0;
            for (int i = 0; i < t; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (int c = 0; c < s; c++) {
                    best = Math.min(best, distance(x, i, centres, c));
                }
                d2[i] = best;
                total += best;
            }
            double r = random.nextDouble() * total;
            int chosen = t - 1;
            for (int i = 0; i < t; i++) {
                r -= d2[i];
                if (r <= 0) {
                    chosen = i;
                    break;
                }
            }
            System.arraycopy(x, chosen * units, centres, s * units, units);
        }
        double inertia = 0;
        int[] n = new int[k];
        for (int iteration = 0; iteration < 50; iteration++) {
            boolean moved = false;
            inertia = 0;
            for (int i = 0; i < t; i++) {
                int best = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double d = distance(x, i, centres, c);
                    if (d < bestD) {
                        bestD = d;
                        best = c;
                    }
                }
                inertia += bestD;
                if (assign[i] != best || iteration == 0) {
                    moved |= assign[i] != best;
                    assign[i] = best;
                }
            }
            if (!moved && iteration > 0) {
                break;
            }
            Arrays.fill(centres, 0);
            Arrays.fill(n, 0);
            for (int i = 0; i < t; i++) {
                n[assign[i]]++;
                for (int u = 0; u < units; u++) {
                    centres[assign[i] * units + u] += x[i * units + u];
                }
            }
            for (int c = 0; c < k; c++) {
                if (n[c] == 0) {
                    int i = random.nextInt(t);  // an empty cluster restarts at a random bin
                    System.arraycopy(x, i * units, centres, c * units, units);
                    continue;
                }
                for (int u = 0; u < units; u++) {
                    centres[c * units + u] /= n[c];
                }
            }
        }
        return inertia;
    }

    private double distance(double[] x, int i, double[] centres, int c) {
        double d = 0;
        int a = i * units;
        int b = c * units;
        for (int u = 0; u < units; u++) {
            double diff = x[a + u] - centres[b + u];
            d += diff * diff;
        }
        return d;
    }

    /** Writes the state (not the parameters). */
    public void writeTo(DataOutput o) throws IOException {
        o.writeInt(units);
        o.writeBoolean(started);
        o.writeLong(binStartMicros);
        o.writeLong(clockMicros);
        Snapshots.writeInts(o, counts);
        o.writeBoolean(fitted);
        o.writeInt(warmupFilled);
        if (!fitted) {
            for (int i = 0; i < warmupFilled * units; i++) {
                o.writeInt(warmupCounts[i]);
            }
            for (int i = 0; i < warmupFilled * 2; i++) {
                o.writeDouble(warmupIndicators[i]);
            }
        }
        Snapshots.writeDoubles(o, rateHz);
        Snapshots.writeDoubles(o, transition);
        Snapshots.writeDoubles(o, posterior);
        o.writeInt(lastState);
        Snapshots.writeDoubles(o, rateStats);
        Snapshots.writeDoubles(o, stateWeight);
        Snapshots.writeDoubles(o, transitionStats);
        Snapshots.writeDoubles(o, populationRing);
        o.writeInt(ringHead);
        o.writeInt(ringSize);
        o.writeLong(lateSpikes);
    }

    /** Reads what {@link #writeTo} wrote, with the same parameters. */
    public static BrainStates readFrom(BrainStateParams params, DataInput in) throws IOException {
        BrainStates b = new BrainStates(params, in.readInt());
        b.started = in.readBoolean();
        b.binStartMicros = in.readLong();
        b.clockMicros = in.readLong();
        Snapshots.readInts(in, b.counts);
        b.fitted = in.readBoolean();
        b.warmupFilled = in.readInt();
        if (b.fitted) {
            b.warmupCounts = new int[0];
            b.warmupIndicators = new double[0];
        }
        if (!b.fitted) {
            for (int i = 0; i < b.warmupFilled * b.units; i++) {
                b.warmupCounts[i] = in.readInt();
            }
            for (int i = 0; i < b.warmupFilled * 2; i++) {
                b.warmupIndicators[i] = in.readDouble();
            }
        }
        Snapshots.readDoubles(in, b.rateHz);
        Snapshots.readDoubles(in, b.transition);
        Snapshots.readDoubles(in, b.posterior);
        b.lastState = in.readInt();
        Snapshots.readDoubles(in, b.rateStats);
        Snapshots.readDoubles(in, b.stateWeight);
        Snapshots.readDoubles(in, b.transitionStats);
        Snapshots.readDoubles(in, b.populationRing);
        b.ringHead = in.readInt();
        b.ringSize = in.readInt();
        b.lateSpikes = in.readLong();
        b.refreshLogRates();
        return b;
    }

    /** Approximate bytes of state (for cost reports; the warm-up buffer only until the first fit). */
    public long stateBytes() {
        long model = 8L * (4L * k * units + 3L * k * k) + 4L * units + 8L * populationRing.length;
        return model + (fitted ? 0 : (4L * units + 16) * p.warmupBins());
    }
}
