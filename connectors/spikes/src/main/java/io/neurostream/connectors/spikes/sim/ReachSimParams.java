package io.neurostream.connectors.spikes.sim;

/**
 * Parameters of {@link ReachSimulator}: a centre-out reaching task and a population of neurons
 * cosine-tuned to hand velocity (Georgopoulos et al. 1982; velocity/speed form of Moran &amp;
 * Schwartz 1999) whose tuning drifts slowly.
 *
 * <p>Rate of neuron i: {@code max(0, baselineHz_i + depthHz_i * (v . d_i) / referenceSpeedCmPerS
 * + noise_i(t))}, with d_i the unit vector of its preferred direction. Baseline, depth and
 * direction drift as independent random walks; noise_i is an Ornstein-Uhlenbeck process.
 *
 * <pre>{@code
 * ReachSimParams p = ReachSimParams.builder().neuronCount(256).pdDriftDegPerSqrtMin(20).build();
 * }</pre>
 *
 * @param neuronCount neurons, 1..100000
 * @param stepMicros simulation step (spike generation and kinematics), 100..10000 µs
 * @param baselineHzMean mean baseline rate over neurons
 * @param baselineHzSpread baselines are uniform in mean ± spread
 * @param depthHzMean mean modulation depth (rate change at reference speed in the preferred direction)
 * @param depthHzSpread depths are uniform in mean ± spread
 * @param referenceSpeedCmPerS speed at which the modulation equals the depth
 * @param refractoryMs absolute refractory period; 0 = Poisson spiking
 * @param noiseHz standard deviation of the Ornstein-Uhlenbeck rate noise of each neuron
 * @param noiseTauMs time constant of that noise
 * @param pdDriftDegPerSqrtMin random-walk drift of preferred directions, degrees per sqrt(minute)
 * @param depthDriftPerSqrtMin random-walk drift of log(depth), per sqrt(minute)
 * @param baselineDriftHzPerSqrtMin random-walk drift of baselines, Hz per sqrt(minute)
 * @param targetDistanceCm distance from centre to targets
 * @param targetCount 0 = target direction uniform on the circle, else that many equally spaced targets
 * @param reachMsMin shortest reach duration
 * @param reachMsMax longest reach duration
 * @param holdMsMin shortest hold (at centre and at target)
 * @param holdMsMax longest hold
 */
public record ReachSimParams(int neuronCount, long stepMicros, double baselineHzMean, double baselineHzSpread,
                             double depthHzMean, double depthHzSpread, double referenceSpeedCmPerS,
                             double refractoryMs, double noiseHz, double noiseTauMs, double pdDriftDegPerSqrtMin,
                             double depthDriftPerSqrtMin, double baselineDriftHzPerSqrtMin, double targetDistanceCm,
                             int targetCount, double reachMsMin, double reachMsMax, double holdMsMin,
                             double holdMsMax) {

    public ReachSimParams {
        check(neuronCount >= 1 && neuronCount <= 100_000, "neuronCount", neuronCount, "[1, 100000]");
        check(stepMicros >= 100 && stepMicros <= 10_000, "stepMicros", stepMicros, "[100, 10000]");
        check(baselineHzMean >= 0 && baselineHzSpread >= 0 && baselineHzSpread <= baselineHzMean,
                "baselineHzMean/baselineHzSpread", baselineHzMean + "/" + baselineHzSpread, "0 <= spread <= mean");
        check(depthHzMean >= 0 && depthHzSpread >= 0 && depthHzSpread <= depthHzMean,
                "depthHzMean/depthHzSpread", depthHzMean + "/" + depthHzSpread, "0 <= spread <= mean");
        check(referenceSpeedCmPerS > 0, "referenceSpeedCmPerS", referenceSpeedCmPerS, "> 0");
        check(refractoryMs >= 0 && refractoryMs < 100, "refractoryMs", refractoryMs, "[0, 100)");
        check(noiseHz >= 0, "noiseHz", noiseHz, ">= 0");
        check(noiseTauMs > 0, "noiseTauMs", noiseTauMs, "> 0");
        check(pdDriftDegPerSqrtMin >= 0, "pdDriftDegPerSqrtMin", pdDriftDegPerSqrtMin, ">= 0");
        check(depthDriftPerSqrtMin >= 0, "depthDriftPerSqrtMin", depthDriftPerSqrtMin, ">= 0");
        check(baselineDriftHzPerSqrtMin >= 0, "baselineDriftHzPerSqrtMin", baselineDriftHzPerSqrtMin, ">= 0");
        check(targetDistanceCm > 0, "targetDistanceCm", targetDistanceCm, "> 0");
        check(targetCount >= 0, "targetCount", targetCount, ">= 0 (0 = continuous)");
        check(reachMsMin >= 50 && reachMsMax >= reachMsMin, "reachMsMin/reachMsMax", reachMsMin + "/" + reachMsMax,
                "50 <= min <= max");
        check(holdMsMin >= 0 && holdMsMax >= holdMsMin, "holdMsMin/holdMsMax", holdMsMin + "/" + holdMsMax,
                "0 <= min <= max");
    }

    private static void check(boolean ok, String field, Object value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + " is outside " + range);
        }
    }

    /** Defaults: 256 neurons, 1 ms steps, 20±10 Hz baselines, 15±7 Hz depth at 25 cm/s, 2 ms refractory,
     *  2 Hz OU noise (200 ms), drift 20°/√min, 0.1 log-depth/√min, 1 Hz/√min; 10 cm reaches of
     *  500-900 ms to uniformly random targets, holds 200-600 ms. */
    public static ReachSimParams defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the {@link #defaults()} preset. */
    public static final class Builder {
        private int neuronCount = 256;
        private long stepMicros = 1000;
        private double baselineHzMean = 20;
        private double baselineHzSpread = 10;
        private double depthHzMean = 15;
        private double depthHzSpread = 7;
        private double referenceSpeedCmPerS = 25;
        private double refractoryMs = 2;
        private double noiseHz = 2;
        private double noiseTauMs = 200;
        private double pdDriftDegPerSqrtMin = 20;
        private double depthDriftPerSqrtMin = 0.1;
        private double baselineDriftHzPerSqrtMin = 1;
        private double targetDistanceCm = 10;
        private int targetCount;
        private double reachMsMin = 500;
        private double reachMsMax = 900;
        private double holdMsMin = 200;
        private double holdMsMax = 600;

        private Builder() {}

        public Builder neuronCount(int v) { neuronCount = v; return this; }
        public Builder stepMicros(long v) { stepMicros = v; return this; }
        public Builder baselineHz(double mean, double spread) { baselineHzMean = mean; baselineHzSpread = spread; return this; }
        public Builder depthHz(double mean, double spread) { depthHzMean = mean; depthHzSpread = spread; return this; }
        public Builder referenceSpeedCmPerS(double v) { referenceSpeedCmPerS = v; return this; }
        /** 0 = Poisson spiking. */
        public Builder refractoryMs(double v) { refractoryMs = v; return this; }
        public Builder noise(double hz, double tauMs) { noiseHz = hz; noiseTauMs = tauMs; return this; }
        public Builder pdDriftDegPerSqrtMin(double v) { pdDriftDegPerSqrtMin = v; return this; }
        public Builder depthDriftPerSqrtMin(double v) { depthDriftPerSqrtMin = v; return this; }
        public Builder baselineDriftHzPerSqrtMin(double v) { baselineDriftHzPerSqrtMin = v; return this; }
        /** Switches every drift off. */
        public Builder noDrift() { pdDriftDegPerSqrtMin = 0; depthDriftPerSqrtMin = 0; baselineDriftHzPerSqrtMin = 0; return this; }
        public Builder targetDistanceCm(double v) { targetDistanceCm = v; return this; }
        /** 0 = continuous target directions. */
        public Builder targetCount(int v) { targetCount = v; return this; }
        public Builder reachMs(double min, double max) { reachMsMin = min; reachMsMax = max; return this; }
        public Builder holdMs(double min, double max) { holdMsMin = min; holdMsMax = max; return this; }

        public ReachSimParams build() {
            return new ReachSimParams(neuronCount, stepMicros, baselineHzMean, baselineHzSpread, depthHzMean,
                    depthHzSpread, referenceSpeedCmPerS, refractoryMs, noiseHz, noiseTauMs, pdDriftDegPerSqrtMin,
                    depthDriftPerSqrtMin, baselineDriftHzPerSqrtMin, targetDistanceCm, targetCount, reachMsMin,
                    reachMsMax, holdMsMin, holdMsMax);
        }
    }
}
