package io.neurostream.bench.experiments;

import io.neurostream.core.readout.RlsReadout;
import io.neurostream.core.reservoir.Esn;
import io.neurostream.core.reservoir.EsnParams;

/**
 * FORCE learning (Sussillo &amp; Abbott 2009, "Generating coherent patterns of activity from
 * chaotic neural networks", Neuron 63:544): a chaotic leaky rate network (spectral radius above 1)
 * receives its own readout {@code z = w'x} as feedback; the readout is trained online by recursive
 * least squares ({@link RlsReadout}) fast enough that the error stays small from the first
 * updates, so the feedback never leaves the target's neighbourhood. After training the weights are
 * frozen and the network generates the target autonomously. Target here: a sine of
 * {@code periodSteps} steps.
 */
public final class ForceSineGeneration {
    private ForceSineGeneration() {
    }

    /**
     * RMS errors of the readout: over the first target period of training (FORCE keeps it small
     * from the start), over the last period of training, and over the autonomous test steps
     * (weights frozen). The target's own RMS is 0.707.
     */
    public record Result(double rmseFirstPeriod, double rmseLastTrainingPeriod, double rmseAutonomous) {
    }

    /**
     * @param units network size
     * @param spectralRadius recurrent gain g (chaotic above ~1)
     * @param leakRate dt / tau
     * @param periodSteps period of the target sine, in steps
     * @param trainSteps steps with RLS active (one update every 2 steps)
     * @param testSteps autonomous steps scored after training
     * @param alpha RLS regulariser: P(0) = I / alpha
     */
    public static Result run(int units, double spectralRadius, double leakRate, int periodSteps, int trainSteps,
                             int testSteps, double alpha, long seed) {
        Esn esn = new Esn(new EsnParams(units, 1, spectralRadius, leakRate, 1.0, 0.0, 0.1, 1.0, seed));
        RlsReadout rls = new RlsReadout(units, 1, 1.0, 1.0 / alpha);
        double[] z = new double[1];
        double[] target = new double[1];
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed + 1);
        double[] x0 = new double[units];
        for (int i = 0; i < units; i++) {
            x0[i] = random.nextDouble() - 0.5;
        }
        esn.setState(x0);
        // settle into the chaotic regime with zero readout
        for (int t = 0; t < 500; t++) {
            rls.predict(esn.state(), z);
            esn.step(z);
        }
        double first = 0;
        double training = 0;
        double autonomous = 0;
        int t0 = 500;
        for (int t = 0; t < trainSteps; t++) {
            double y = Math.sin(2 * Math.PI * (t0 + t) / periodSteps);
            rls.predict(esn.state(), z);
            if (t < periodSteps) {
                first += (z[0] - y) * (z[0] - y);
            }
            if (t % 2 == 0) {
                target[0] = y;
                rls.update(esn.state(), target);
                rls.predict(esn.state(), z);
            }
            if (t >= trainSteps - periodSteps) {
                training += (z[0] - y) * (z[0] - y);
            }
            esn.step(z);
        }
        for (int t = 0; t < testSteps; t++) {
            double y = Math.sin(2 * Math.PI * (t0 + trainSteps + t) / periodSteps);
            rls.predict(esn.state(), z);
            autonomous += (z[0] - y) * (z[0] - y);
            esn.step(z);
        }
        return new Result(Math.sqrt(first / periodSteps), Math.sqrt(training / periodSteps),
                Math.sqrt(autonomous / testSteps));
    }
}
