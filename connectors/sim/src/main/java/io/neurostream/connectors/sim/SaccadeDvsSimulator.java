package io.neurostream.connectors.sim;

import java.util.SplittableRandom;

/**
 * Turns a still image into DVS events the way N-MNIST was recorded (Orchard et al. 2015,
 * "Converting static image datasets to spiking neuromorphic datasets using saccades"): the image
 * moves in three straight saccades (a triangle) in front of a simulated sensor, and each pixel
 * emits an ON/OFF event whenever its log intensity has changed by more than its contrast threshold
 * since its last event (the DVS pixel model of Lichtsteiner et al. 2008), subject to a
 * refractory period, plus Poisson background-activity noise.
 *
 * <p>Deterministic: the same image, parameters and seed give the same events.
 */
public final class SaccadeDvsSimulator {

    /**
     * @param sensorWidth sensor width in pixels (N-MNIST: 34)
     * @param sensorHeight sensor height in pixels (N-MNIST: 34)
     * @param saccadeMs duration of each of the three saccades
     * @param saccadeAmplitudePx displacement of each saccade, in pixels
     * @param stepMicros simulation time step; events are spread uniformly within it
     * @param contrastThreshold log-intensity change per event (typical DVS: 0.15-0.3)
     * @param thresholdMismatch standard deviation of the per-pixel threshold, as a fraction
     * @param refractoryMicros minimum time between two events of one pixel
     * @param noiseRateHz background-activity events per pixel per second
     * @param logEpsilon offset before the log, so black pixels stay finite
     */
    public record Params(int sensorWidth, int sensorHeight, double saccadeMs, double saccadeAmplitudePx,
                         long stepMicros, double contrastThreshold, double thresholdMismatch,
                         long refractoryMicros, double noiseRateHz, double logEpsilon) {
        public Params {
            if (sensorWidth <= 0 || sensorHeight <= 0) {
                throw new IllegalArgumentException("sensor size must be positive, got " + sensorWidth + "x" + sensorHeight);
            }
            if (!(saccadeMs > 0) || !(saccadeAmplitudePx >= 0)) {
                throw new IllegalArgumentException("saccadeMs must be > 0 and saccadeAmplitudePx >= 0");
            }
            if (stepMicros <= 0) {
                throw new IllegalArgumentException("stepMicros must be > 0, got " + stepMicros);
            }
            if (!(contrastThreshold > 0) || thresholdMismatch < 0 || thresholdMismatch >= 0.5) {
                throw new IllegalArgumentException("contrastThreshold must be > 0 and thresholdMismatch in [0, 0.5)");
            }
            if (refractoryMicros < 0 || noiseRateHz < 0 || !(logEpsilon > 0)) {
                throw new IllegalArgumentException("refractoryMicros and noiseRateHz must be >= 0, logEpsilon > 0");
            }
        }

        /** N-MNIST-like: 34x34 sensor, three 100 ms saccades of 4 px. */
        public static Params nmnistLike() {
            return new Params(34, 34, 100.0, 4.0, 1000, 0.25, 0.03, 1000, 0.5, 0.1);
        }

        public long sampleDurationMicros() {
            return Math.round(3 * saccadeMs * 1000);
        }
    }

    // The three saccades trace a triangle, as the pan-tilt unit did for N-MNIST.
    private static final double[][] TRIANGLE = {{0, 0}, {1, 0.5}, {0.5, 1}, {0, 0}};

    private final Params params;
    private final double[] referenceLog;
    private final double[] threshold;
    private final long[] lastEventMicros;
    // log(I + epsilon) for I quantised to 1/LOG_TABLE_STEPS: the log is the simulator's hot spot.
    private static final int LOG_TABLE_STEPS = 4096;
    private final double[] logIntensity = new double[LOG_TABLE_STEPS + 1];

    public SaccadeDvsSimulator(Params params) {
        this.params = params;
        int pixels = params.sensorWidth() * params.sensorHeight();
        this.referenceLog = new double[pixels];
        this.threshold = new double[pixels];
        this.lastEventMicros = new long[pixels];
        for (int i = 0; i <= LOG_TABLE_STEPS; i++) {
            logIntensity[i] = Math.log((double) i / LOG_TABLE_STEPS + params.logEpsilon());
        }
    }

    public Params params() {
        return params;
    }

    /**
     * Simulates one recording of {@code digits.image(index)}; event times start at
     * {@code startMicros} and end before {@code startMicros + sampleDurationMicros()}.
     *
     * @param out receives the events, sorted by time (cleared first)
     */
    public void simulate(MnistDigits digits, int index, long startMicros, long seed, SimulatedEvents out) {
        out.clear();
        SplittableRandom random = new SplittableRandom(seed);
        int width = params.sensorWidth();
        int height = params.sensorHeight();
        double offsetX = (width - digits.cols() - params.saccadeAmplitudePx()) / 2.0;
        double offsetY = (height - digits.rows() - params.saccadeAmplitudePx()) / 2.0;
        for (int p = 0; p < referenceLog.length; p++) {
            threshold[p] = params.contrastThreshold() * (1 + params.thresholdMismatch() * gaussian(random));
            lastEventMicros[p] = Long.MIN_VALUE / 2;
        }
        long duration = params.sampleDurationMicros();
        long step = params.stepMicros();
        for (long t = 0; t <= duration; t += step) {
            double phase = Math.min(2.999999, (double) t / (duration / 3.0));
            int leg = (int) phase;
            double f = phase - leg;
            double dx = params.saccadeAmplitudePx() * (TRIANGLE[leg][0] + f * (TRIANGLE[leg + 1][0] - TRIANGLE[leg][0]));
            double dy = params.saccadeAmplitudePx() * (TRIANGLE[leg][1] + f * (TRIANGLE[leg + 1][1] - TRIANGLE[leg][1]));
            for (int sy = 0; sy < height; sy++) {
                for (int sx = 0; sx < width; sx++) {
                    int p = sy * width + sx;
                    double intensity = sample(digits, index, sx - offsetX - dx, sy - offsetY - dy);
                    double logI = logIntensity[(int) (intensity * LOG_TABLE_STEPS + 0.5)];
                    if (t == 0) {
                        referenceLog[p] = logI;
                        continue;
                    }
                    double delta = logI - referenceLog[p];
                    int events = (int) (Math.abs(delta) / threshold[p]);
                    boolean on = delta > 0;
                    for (int e = 0; e < events; e++) {
                        long te = t - step + (long) ((e + random.nextDouble()) * step / events);
                        // The pixel still resets its reference during refractory time; it just stays silent.
                        referenceLog[p] += on ? threshold[p] : -threshold[p];
                        if (te - lastEventMicros[p] >= params.refractoryMicros()) {
                            lastEventMicros[p] = te;
                            out.add(startMicros + te, sx, sy, on);
                        }
                    }
                }
            }
        }
        addNoise(random, startMicros, duration, out);
        out.sortByTime();
    }

    private void addNoise(SplittableRandom random, long startMicros, long durationMicros, SimulatedEvents out) {
        double expected = params.noiseRateHz() * referenceLog.length * durationMicros / 1e6;
        int count = poisson(random, expected);
        for (int i = 0; i < count; i++) {
            long t = (long) (random.nextDouble() * durationMicros);
            out.add(startMicros + t, random.nextInt(params.sensorWidth()), random.nextInt(params.sensorHeight()),
                    random.nextBoolean());
        }
    }

    /** Bilinear interpolation of the image at (x, y); outside the image it is black. */
    private static double sample(MnistDigits digits, int index, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (1 - fx) * (1 - fy) * pixel(digits, index, x0, y0) + fx * (1 - fy) * pixel(digits, index, x0 + 1, y0)
                + (1 - fx) * fy * pixel(digits, index, x0, y0 + 1) + fx * fy * pixel(digits, index, x0 + 1, y0 + 1);
    }

    private static double pixel(MnistDigits digits, int index, int col, int row) {
        if (col < 0 || row < 0 || col >= digits.cols() || row >= digits.rows()) {
            return 0;
        }
        return digits.intensity(index, row, col);
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static int poisson(SplittableRandom random, double mean) {
        if (mean > 50) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
