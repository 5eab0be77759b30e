package io.neurostream.core.continual;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A one-hidden-layer network {@code x -> relu(W1 [x;1]) -> softmax(W2 [h;1])} trained by per-sample
 * cross-entropy SGD, protected layer by layer by HLOP (Xiao et al. 2024, ICLR): each layer has its
 * own lateral circuit ({@link Hlop}) over that layer's input, and every weight update
 * {@code delta z'} uses {@code z} with the stored principal subspaces projected out, so the
 * outputs of earlier tasks' inputs stay (near) unchanged in both layers. After each task the lateral
 * neurons learn the new principal directions of both layers' inputs with Oja's subspace rule
 * (Hebbian). With {@code protect = false} the same network learns naively: the baseline that forgets.
 *
 * <p>State ({@link #state()}, {@link #restore}) is plain arrays, for checkpoints.
 */
public final class HlopMlp implements OnlineClassifier {
    /**
     * @param inputs input length
     * @param hidden hidden ReLU units
     * @param classes output classes
     * @param learningRate SGD step
     * @param inputComponentsPerTask lateral neurons added per task on the first layer's input
     * @param hiddenComponentsPerTask lateral neurons added per task on the hidden layer's output
     * @param hebbianEpochs passes of Oja's rule over the task's buffered inputs
     * @param hebbianEta Oja step, divided by the mean residual energy
     * @param protect HLOP on (true) or the naive network (false)
     * @param seed initial weights and lateral neurons
     */
    public record Config(int inputs, int hidden, int classes, double learningRate, int inputComponentsPerTask,
                         int hiddenComponentsPerTask, int hebbianEpochs, double hebbianEta, boolean protect, long seed)
            implements java.io.Serializable {
        public Config {
            if (inputs < 1 || hidden < 1 || classes < 2 || !(learningRate > 0) || inputComponentsPerTask < 0
                    || hiddenComponentsPerTask < 0 || hebbianEpochs < 1 || !(hebbianEta > 0)) {
                throw new IllegalArgumentException("need inputs, hidden >= 1, classes >= 2, learningRate > 0,"
                        + " components per task >= 0, hebbianEpochs >= 1, hebbianEta > 0; got " + inputs + ", "
                        + hidden + ", " + classes + ", " + learningRate + ", " + inputComponentsPerTask + ", "
                        + hiddenComponentsPerTask + ", " + hebbianEpochs + ", " + hebbianEta);
            }
        }

        public Config naive() {
            return new Config(inputs, hidden, classes, learningRate, inputComponentsPerTask, hiddenComponentsPerTask,
                    hebbianEpochs, hebbianEta, false, seed);
        }
    }

    /** Everything that changes while learning, for checkpoints. */
    public record State(double[] w1, double[] w2, double[] lateral1, int components1, double[] lateral2,
                        int components2, int tasks) {
    }

    /** The most lateral neurons per layer (bounds memory for wide inputs: MAX_LATERAL x inputs doubles). */
    public static final int MAX_LATERAL = 1024;

    private final Config config;
    private final double[] w1;      // hidden x (inputs+1)
    private final double[] w2;      // classes x (hidden+1)
    private final Hlop hlop1;
    private final Hlop hlop2;
    private int tasks;
    private final double[] x1;
    private final double[] x1p;
    private final double[] h;       // hidden+1, last = bias
    private final double[] hp;
    private final double[] p;
    private final double[] dh;

    public HlopMlp(Config config) {
        this.config = config;
        int n1 = config.inputs() + 1;
        int n2 = config.hidden() + 1;
        w1 = new double[config.hidden() * n1];
        w2 = new double[config.classes() * n2];
        SplittableRandom r = new SplittableRandom(config.seed());
        double s1 = Math.sqrt(2.0 / config.inputs());
        for (int i = 0; i < config.hidden(); i++) {
            for (int j = 0; j < config.inputs(); j++) {
                w1[i * n1 + j] = r.nextGaussian() * s1;
            }
        }
        double s2 = Math.sqrt(1.0 / config.hidden());
        for (int c = 0; c < config.classes(); c++) {
            for (int j = 0; j < config.hidden(); j++) {
                w2[c * n2 + j] = r.nextGaussian() * s2;
            }
        }
        // the naive network never stores lateral neurons; a protected one at most MAX_LATERAL per layer
        hlop1 = new Hlop(n1, config.protect() ? Math.min(n1, MAX_LATERAL) : 1);
        hlop2 = new Hlop(n2, config.protect() ? Math.min(n2, MAX_LATERAL) : 1);
        x1 = new double[n1];
        x1p = new double[n1];
        h = new double[n2];
        hp = new double[n2];
        p = new double[config.classes()];
        dh = new double[config.hidden()];
    }

    public Config config() {
        return config;
    }

    /** Tasks ended so far. */
    public int tasks() {
        return tasks;
    }

    public Hlop inputLateral() {
        return hlop1;
    }

    public Hlop hiddenLateral() {
        return hlop2;
    }

    private int forward(double[] x) {
        int n1 = config.inputs() + 1;
        int n2 = config.hidden() + 1;
        System.arraycopy(x, 0, x1, 0, config.inputs());
        x1[config.inputs()] = 1.0;
        for (int i = 0; i < config.hidden(); i++) {
            double s = 0;
            int row = i * n1;
            for (int j = 0; j < n1; j++) {
                s += w1[row + j] * x1[j];
            }
            h[i] = s > 0 ? s : 0;
        }
        h[config.hidden()] = 1.0;
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < config.classes(); c++) {
            double s = 0;
            int row = c * n2;
            for (int j = 0; j < n2; j++) {
                s += w2[row + j] * h[j];
            }
            p[c] = s;
            if (s > max) {
                max = s;
                best = c;
            }
        }
        double sum = 0;
        for (int c = 0; c < config.classes(); c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < config.classes(); c++) {
            p[c] /= sum;
        }
        return best;
    }

    @Override
    public void learn(double[] x, int label) {
        if (label < 0 || label >= config.classes()) {
            throw new IllegalArgumentException("label " + label + " outside [0, " + config.classes() + ")");
        }
        forward(x);
        int n1 = config.inputs() + 1;
        int n2 = config.hidden() + 1;
        double lr = config.learningRate();
        // hidden error through the old W2, before W2 changes
        Arrays.fill(dh, 0.0);
        for (int c = 0; c < config.classes(); c++) {
            double g = p[c] - (c == label ? 1.0 : 0.0);
            int row = c * n2;
            for (int i = 0; i < config.hidden(); i++) {
                dh[i] += g * w2[row + i];
            }
        }
        double[] z2 = h;
        double[] z1 = x1;
        if (config.protect()) {
            hlop2.project(h, hp);
            hlop1.project(x1, x1p);
            z2 = hp;
            z1 = x1p;
        }
        for (int c = 0; c < config.classes(); c++) {
            double g = lr * (p[c] - (c == label ? 1.0 : 0.0));
            int row = c * n2;
            for (int j = 0; j < n2; j++) {
                w2[row + j] -= g * z2[j];
            }
        }
        for (int i = 0; i < config.hidden(); i++) {
            if (h[i] <= 0 || dh[i] == 0) {
                continue;
            }
            double g = lr * dh[i];
            int row = i * n1;
            for (int j = 0; j < n1; j++) {
                w1[row + j] -= g * z1[j];
            }
        }
    }

    @Override
    public int predict(double[] x) {
        return forward(x);
    }

    /** Class probabilities of the last {@link #predict}/{@link #learn} call (a view, do not keep). */
    public double[] probabilities() {
        return p;
    }

    /**
     * Ends a task: with protection, the lateral neurons of both layers learn the principal subspace
     * of {@code taskInputs} (the first layer's inputs, and the hidden activations they cause now),
     * as far as the capacity left allows.
     */
    @Override
    public void endTask(double[][] taskInputs) {
        if (config.protect() && taskInputs.length > 0) {
            double[][] z1 = new double[taskInputs.length][];
            double[][] z2 = new double[taskInputs.length][];
            for (int s = 0; s < taskInputs.length; s++) {
                forward(taskInputs[s]);
                z1[s] = x1.clone();
                z2[s] = h.clone();
            }
            learn(hlop1, z1, config.inputComponentsPerTask(), config.seed() * 31 + tasks);
            learn(hlop2, z2, config.hiddenComponentsPerTask(), config.seed() * 37 + tasks);
        }
        tasks++;
    }

    private void learn(Hlop hlop, double[][] samples, int k, long seed) {
        int room = hlop.capacity() - hlop.components();
        int take = Math.min(k, room);
        if (take > 0) {
            hlop.learnSubspace(samples, take, config.hebbianEpochs(), config.hebbianEta(), seed);
        }
    }

    public State state() {
        return new State(w1.clone(), w2.clone(), hlop1.weights(), hlop1.components(), hlop2.weights(),
                hlop2.components(), tasks);
    }

    /** Restores {@code s} (from {@link #state()} of a network with the same config). */
    public void restore(State s) {
        if (s.w1().length != w1.length || s.w2().length != w2.length) {
            throw new IllegalArgumentException("state of a different shape: w1 " + s.w1().length + " vs " + w1.length
                    + ", w2 " + s.w2().length + " vs " + w2.length);
        }
        System.arraycopy(s.w1(), 0, w1, 0, w1.length);
        System.arraycopy(s.w2(), 0, w2, 0, w2.length);
        hlop1.restore(s.lateral1(), s.components1());
        hlop2.restore(s.lateral2(), s.components2());
        tasks = s.tasks();
    }
}
