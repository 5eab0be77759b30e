package io.neurostream.connectors.spikes.sim;

import io.neurostream.connectors.spikes.ArraySpikeSource;
import io.neurostream.connectors.spikes.BehaviorSeries;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Ground-truth generator: a population of neurons cosine-tuned to the hand velocity of a
 * {@link CenterOutTask}, spiking as inhomogeneous Poisson processes (with an optional absolute
 * refractory period), with OU rate noise and slow random-walk drift (applied every 100 steps, noise every 10) of preferred direction,
 * modulation depth and baseline (see {@link ReachSimParams}). Deterministic from the seed.
 *
 * <pre>{@code
 * ReachSimulator sim = new ReachSimulator(ReachSimParams.defaults(), 42);
 * SimulatedRecording rec = sim.run(600_000_000L);            // 10 minutes in memory
 * // or step by step, unbounded:
 * int n = sim.step();                                         // one stepMicros
 * for (int i = 0; i < n; i++) { sim.spikeTimeMicros(i); sim.spikeUnit(i); }
 * double vx = sim.vxCmPerS();
 * }</pre>
 *
 * <p>Each step covers {@code (t, t + stepMicros]}: kinematics are advanced to the step's end,
 * rates are computed from that velocity, and each neuron spikes at most once per step with
 * probability {@code 1 - exp(-rate * dt)} at a uniformly drawn µs inside the step; the step's
 * spikes are returned sorted by time.
 *
 * <p>With a {@link PlantedStructure} (second constructor) the population also carries known
 * structure for scoring analyses: planted synaptic pairs (an evoked postsynaptic spike a fixed
 * lag after a presynaptic one, with some probability) and switching between population states
 * (per-unit rate gains); {@link #state()} tells the current state. Its random draws come from a
 * generator of their own, so without planted structure the output is the same as before.
 */
public final class ReachSimulator {
    private final ReachSimParams p;
    private final SplittableRandom random;
    private final CenterOutTask task;
    private final double[] pdRad;
    private final double[] logDepth;
    private final double[] baselineHz;
    private final double[] noiseHz;
    private final long[] lastSpikeMicros;
    private long[] stepTimes;
    private int[] stepUnits;
    private final PlantedStructure planted;
    private final SplittableRandom plantedRandom;
    private final int[][] pairsByPre;
    private int state;
    private long nextSwitchMicros = Long.MAX_VALUE;
    private long[] pendingTimes = new long[16];   // evoked spikes to come: a binary min-heap on time
    private int[] pendingUnits = new int[16];
    private int pendingSize;
    private final double dtS;
    private final double pdStep;
    private final double depthStep;
    private final double baselineStep;
    private final double noiseDecay;
    private final double noiseKick;
    private final long refractoryMicros;
    private final double[] gainX;       // depth * cos(pd), refreshed on drift updates
    private final double[] gainY;
    private long timeMicros;
    private long stepIndex;
    private int stepCount;

    /** Drift is applied in increments every this many steps (it is slow), noise every NOISE_EVERY_STEPS. */
    static final int DRIFT_EVERY_STEPS = 100;
    static final int NOISE_EVERY_STEPS = 10;

    public ReachSimulator(ReachSimParams params, long seed) {
        this(params, PlantedStructure.none(), seed);
    }

    /** A population with {@code planted} structure (see {@link PlantedStructure}); its units must exist. */
    public ReachSimulator(ReachSimParams params, PlantedStructure planted, long seed) {
        this.p = params;
        this.planted = planted;
        this.plantedRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.pairsByPre = new int[params.neuronCount()][0];
        for (int k = 0; k < planted.pairs().size(); k++) {
            PlantedStructure.PlantedPair pair = planted.pairs().get(k);
            if (pair.preUnit() >= params.neuronCount() || pair.postUnit() >= params.neuronCount()) {
                throw new IllegalArgumentException("planted pair " + pair.preUnit() + " -> " + pair.postUnit()
                        + " names a unit beyond the " + params.neuronCount() + " neurons");
            }
            if (pair.lagMicros() - 4 * pair.jitterMicros() < params.stepMicros()) {
                throw new IllegalArgumentException("planted pair " + pair.preUnit() + " -> " + pair.postUnit()
                        + ": lag - 4 x jitter must be at least the step (" + params.stepMicros() + " µs)");
            }
            int[] old = pairsByPre[pair.preUnit()];
            int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = k;
            pairsByPre[pair.preUnit()] = grown;
        }
        for (double[] gains : planted.stateGains()) {
            if (gains.length != params.neuronCount()) {
                throw new IllegalArgumentException("state gains have " + gains.length + " units, the population "
                        + params.neuronCount());
            }
        }
        if (planted.stateCount() > 0) {
            nextSwitchMicros = dwellMicros();
        }
        this.random = new SplittableRandom(seed);
        this.task = new CenterOutTask(params, random.split());
        int n = params.neuronCount();
        this.pdRad = new double[n];
        this.logDepth = new double[n];
        this.baselineHz = new double[n];
        this.noiseHz = new double[n];
        this.lastSpikeMicros = new long[n];
        this.stepTimes = new long[n];
        this.stepUnits = new int[n];
        SplittableRandom init = random.split();
        for (int i = 0; i < n; i++) {
            pdRad[i] = init.nextDouble() * 2 * Math.PI;
            double depth = params.depthHzMean() + params.depthHzSpread() * (2 * init.nextDouble() - 1);
            logDepth[i] = Math.log(Math.max(depth, 1e-6));
            baselineHz[i] = params.baselineHzMean() + params.baselineHzSpread() * (2 * init.nextDouble() - 1);
            noiseHz[i] = params.noiseHz() * gaussian(init);
            lastSpikeMicros[i] = Long.MIN_VALUE / 2;
        }
        this.gainX = new double[n];
        this.gainY = new double[n];
        this.dtS = params.stepMicros() / 1e6;
        double sqrtMinutes = Math.sqrt(DRIFT_EVERY_STEPS * dtS / 60.0);
        this.pdStep = Math.toRadians(params.pdDriftDegPerSqrtMin()) * sqrtMinutes;
        this.depthStep = params.depthDriftPerSqrtMin() * sqrtMinutes;
        this.baselineStep = params.baselineDriftHzPerSqrtMin() * sqrtMinutes;
        double tau = params.noiseTauMs() / 1000.0;
        this.noiseDecay = Math.exp(-NOISE_EVERY_STEPS * dtS / tau);
        this.noiseKick = params.noiseHz() * Math.sqrt(1 - noiseDecay * noiseDecay);
        this.refractoryMicros = Math.round(params.refractoryMs() * 1000);
    }

    static double gaussian(SplittableRandom r) {
        // Marsaglia polar method; deterministic for a given generator state
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** One random-walk increment of the tuning (not at step 0, so the initial tuning is the drawn one). */
    private void drift() {
        for (int i = 0; i < pdRad.length; i++) {
            if (stepIndex > 0) {
                if (pdStep > 0) {
                    pdRad[i] += pdStep * gaussian(random);
                }
                if (depthStep > 0) {
                    logDepth[i] += depthStep * gaussian(random);
                }
                if (baselineStep > 0) {
                    baselineHz[i] = Math.max(0, baselineHz[i] + baselineStep * gaussian(random));
                }
            }
            double depth = Math.exp(logDepth[i]);
            gainX[i] = depth * Math.cos(pdRad[i]);
            gainY[i] = depth * Math.sin(pdRad[i]);
        }
    }

    /**
     * Advances one step of {@code stepMicros}.
     *
     * @return the number of spikes in the step, read with {@link #spikeTimeMicros(int)} and {@link #spikeUnit(int)}
     */
    public int step() {
        long t0 = timeMicros;
        long dt = p.stepMicros();
        timeMicros += dt;
        task.advance(dt / 1000.0);
        double vx = task.vxCmPerS() / p.referenceSpeedCmPerS();
        double vy = task.vyCmPerS() / p.referenceSpeedCmPerS();
        if (stepIndex % DRIFT_EVERY_STEPS == 0) {
            drift();
        }
        if (stepIndex % NOISE_EVERY_STEPS == 0 && noiseKick > 0) {
            for (int i = 0; i < noiseHz.length; i++) {
                noiseHz[i] = noiseHz[i] * noiseDecay + noiseKick * gaussian(random);
            }
        }
        stepIndex++;
        if (t0 >= nextSwitchMicros) {
            int next = plantedRandom.nextInt(planted.stateCount() - 1);
            state = next >= state ? next + 1 : next;
            nextSwitchMicros = t0 + dwellMicros();
        }
        double[] stateGain = planted.stateCount() > 0 ? planted.stateGains()[state] : null;
        int count = 0;
        for (int i = 0; i < pdRad.length; i++) {
            double rate = baselineHz[i] + gainX[i] * vx + gainY[i] * vy + noiseHz[i];
            if (stateGain != null) {
                rate *= stateGain[i];
            }
            if (rate <= 0) {
                continue;
            }
            double x = rate * dtS;
            // P(at least one event in the step) = 1 - exp(-x); third-order series below 0.05 (error < 3e-7)
            double probability = x < 0.05 ? x * (1 - x * (0.5 - x / 6)) : -Math.expm1(-x);
            if (random.nextDouble() < probability) {
                long t = t0 + 1 + (long) (random.nextDouble() * dt);
                if (t > timeMicros) {
                    t = timeMicros;
                }
                if (t - lastSpikeMicros[i] < refractoryMicros) {
                    continue;
                }
                lastSpikeMicros[i] = t;
                count = insert(count, t, i);
            }
        }
        if (pendingSize > 0 || !planted.pairs().isEmpty()) {
            count = plantedSpikes(count);
        }
        stepCount = count;
        return count;
    }

    /** Inserts a spike into the step's spikes, keeping them sorted by time (then arrival). */
    private int insert(int count, long t, int unit) {
        if (count == stepTimes.length) {
            stepTimes = Arrays.copyOf(stepTimes, 2 * count + 1);
            stepUnits = Arrays.copyOf(stepUnits, 2 * count + 1);
        }
        int k = count;
        while (k > 0 && stepTimes[k - 1] > t) {
            stepTimes[k] = stepTimes[k - 1];
            stepUnits[k] = stepUnits[k - 1];
            k--;
        }
        stepTimes[k] = t;
        stepUnits[k] = unit;
        return count + 1;
    }

    /** Adds the evoked spikes due in this step, then schedules those the step's spikes evoke. */
    private int plantedSpikes(int count) {
        while (pendingSize > 0 && pendingTimes[0] <= timeMicros) {
            long t = pendingTimes[0];
            int unit = pendingUnits[0];
            popPending();
            if (t - lastSpikeMicros[unit] >= refractoryMicros) {
                lastSpikeMicros[unit] = t;
                count = insert(count, t, unit);
            }
        }
        for (int s = 0; s < count; s++) {
            for (int k : pairsByPre[stepUnits[s]]) {
                PlantedStructure.PlantedPair pair = planted.pairs().get(k);
                if (plantedRandom.nextDouble() < pair.efficacy()) {
                    long lag = pair.lagMicros() + Math.round(pair.jitterMicros() * gaussian(plantedRandom));
                    pushPending(stepTimes[s] + Math.max(p.stepMicros(), lag), pair.postUnit());
                }
            }
        }
        return count;
    }

    private long dwellMicros() {
        double extraMs = planted.meanDwellMs() - planted.minDwellMs();
        double ms = planted.minDwellMs() + (extraMs > 0 ? -extraMs * Math.log(1 - plantedRandom.nextDouble()) : 0);
        return Math.max(p.stepMicros(), Math.round(ms * 1000));
    }

    private void pushPending(long t, int unit) {
        if (pendingSize == pendingTimes.length) {
            pendingTimes = Arrays.copyOf(pendingTimes, 2 * pendingSize);
            pendingUnits = Arrays.copyOf(pendingUnits, 2 * pendingSize);
        }
        int i = pendingSize++;
        while (i > 0 && pendingTimes[(i - 1) / 2] > t) {
            pendingTimes[i] = pendingTimes[(i - 1) / 2];
            pendingUnits[i] = pendingUnits[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        pendingTimes[i] = t;
        pendingUnits[i] = unit;
    }

    private void popPending() {
        long t = pendingTimes[--pendingSize];
        int unit = pendingUnits[pendingSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= pendingSize) {
                break;
            }
            if (child + 1 < pendingSize && pendingTimes[child + 1] < pendingTimes[child]) {
                child++;
            }
            if (pendingTimes[child] >= t) {
                break;
            }
            pendingTimes[i] = pendingTimes[child];
            pendingUnits[i] = pendingUnits[child];
            i = child;
        }
        pendingTimes[i] = t;
        pendingUnits[i] = unit;
    }

    /** The planted population state of the last step (0 without state switching). */
    public int state() {
        return state;
    }

    public PlantedStructure planted() {
        return planted;
    }

    /** Time of spike {@code i} of the last step, µs. */
    public long spikeTimeMicros(int i) {
        return stepTimes[i];
    }

    /** Unit of spike {@code i} of the last step. */
    public int spikeUnit(int i) {
        return stepUnits[i];
    }

    /** Spikes in the last step. */
    public int spikeCount() {
        return stepCount;
    }

    /** End of the last step, µs since the start. */
    public long timeMicros() {
        return timeMicros;
    }

    public double xCm() {
        return task.xCm();
    }

    public double yCm() {
        return task.yCm();
    }

    public double vxCmPerS() {
        return task.vxCmPerS();
    }

    public double vyCmPerS() {
        return task.vyCmPerS();
    }

    public ReachSimParams params() {
        return p;
    }

    /** Current preferred direction of neuron {@code i}, radians (unwrapped). */
    public double preferredDirectionRad(int i) {
        return pdRad[i];
    }

    /** Current modulation depth of neuron {@code i}, Hz at the reference speed. */
    public double depthHz(int i) {
        return Math.exp(logDepth[i]);
    }

    /** Current baseline of neuron {@code i}, Hz. */
    public double baselineHz(int i) {
        return baselineHz[i];
    }

    /**
     * Runs for {@code durationMicros} more and returns the spikes and the kinematics (one sample
     * per step) in memory: about 12 bytes per spike and 32 bytes per step.
     */
    public SimulatedRecording run(long durationMicros) {
        if (durationMicros < 0) {
            throw new IllegalArgumentException("durationMicros must be >= 0, got " + durationMicros);
        }
        long steps = durationMicros / p.stepMicros();
        if (steps > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many steps (" + steps + ") to hold in memory; use step()");
        }
        int n = (int) steps;
        long[] sampleTimes = new long[n];
        double[] velocity = new double[2 * n];
        double[] position = new double[2 * n];
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8,
                Math.max(1024, (long) (steps * dtS * p.neuronCount() * (p.baselineHzMean() + 5))));
        long[] times = new long[capacity];
        int[] units = new int[capacity];
        int total = 0;
        for (int s = 0; s < n; s++) {
            int k = step();
            if (total + k > times.length) {
                int grown = (int) Math.min(Integer.MAX_VALUE - 8, (long) times.length * 3 / 2 + k);
                times = Arrays.copyOf(times, grown);
                units = Arrays.copyOf(units, grown);
            }
            System.arraycopy(stepTimes, 0, times, total, k);
            System.arraycopy(stepUnits, 0, units, total, k);
            total += k;
            sampleTimes[s] = timeMicros;
            velocity[2 * s] = task.vxCmPerS();
            velocity[2 * s + 1] = task.vyCmPerS();
            position[2 * s] = task.xCm();
            position[2 * s + 1] = task.yCm();
        }
        BehaviorSeries v = new BehaviorSeries("velocity", "cm/s", sampleTimes, 2, velocity);
        BehaviorSeries x = new BehaviorSeries("position", "cm", sampleTimes, 2, position);
        return new SimulatedRecording(p.neuronCount(), times, units, total, v, x);
    }

    /**
     * Spikes and kinematics of a run.
     *
     * @param spikeTimesMicros spike times (first {@code spikeCount} entries), non-decreasing
     * @param spikeUnits unit of each spike
     * @param velocity hand velocity, cm/s, one sample per step at the step's end
     * @param position hand position, cm, same times
     */
    public record SimulatedRecording(int unitCount, long[] spikeTimesMicros, int[] spikeUnits, int spikeCount,
                                     BehaviorSeries velocity, BehaviorSeries position) {

        /** A {@link io.neurostream.connectors.spikes.SpikeSource} over the spikes, with velocity and position as behaviour. */
        public ArraySpikeSource spikeSource(String name) {
            return new ArraySpikeSource(name, unitCount, spikeTimesMicros, spikeUnits, spikeCount,
                    List.of(velocity, position));
        }
    }
}
