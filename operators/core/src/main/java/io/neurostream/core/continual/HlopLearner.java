package io.neurostream.core.continual;

/**
 * Softmax layer protected by {@link Hlop}: every SGD update {@code -lr (p - onehot) z'} uses the
 * input with the stored subspaces projected out, so it is (near) orthogonal to the inputs of
 * earlier tasks and leaves their outputs unchanged. The bias is treated as a constant input and
 * protected the same way. After each task, {@code componentsPerTask} lateral neurons learn that
 * task's input subspace.
 */
public final class HlopLearner implements OnlineClassifier {
    private final SoftmaxLayer layer;
    private final Hlop hlop;
    private final double learningRate;
    private final int componentsPerTask;
    private final int hebbianEpochs;
    private final double hebbianEta;
    private final long seed;
    private final double[] z;
    private final double[] projected;
    private int tasks;

    public HlopLearner(int inputs, int classes, double learningRate, int componentsPerTask, int maxComponents,
                       int hebbianEpochs, double hebbianEta, long seed) {
        if (inputs < 1 || classes < 2 || !(learningRate > 0) || componentsPerTask < 1 || hebbianEpochs < 1
                || !(hebbianEta > 0)) {
            throw new IllegalArgumentException("need inputs >= 1, classes >= 2, learningRate > 0, componentsPerTask >= 1,"
                    + " hebbianEpochs >= 1, hebbianEta > 0");
        }
        this.layer = new SoftmaxLayer(inputs, classes);
        this.hlop = new Hlop(inputs + 1, maxComponents);
        this.learningRate = learningRate;
        this.componentsPerTask = componentsPerTask;
        this.hebbianEpochs = hebbianEpochs;
        this.hebbianEta = hebbianEta;
        this.seed = seed;
        this.z = new double[inputs + 1];
        this.projected = new double[inputs + 1];
    }

    @Override
    public void learn(double[] x, int label) {
        SoftmaxLayer.withBias(x, z);
        layer.forward(z);
        hlop.project(z, projected);
        layer.backward(projected, label, learningRate);
    }

    @Override
    public int predict(double[] x) {
        SoftmaxLayer.withBias(x, z);
        return layer.forward(z);
    }

    @Override
    public void endTask(double[][] taskInputs) {
        double[][] withBias = new double[taskInputs.length][];
        for (int i = 0; i < taskInputs.length; i++) {
            withBias[i] = new double[z.length];
            SoftmaxLayer.withBias(taskInputs[i], withBias[i]);
        }
        hlop.learnSubspace(withBias, componentsPerTask, hebbianEpochs, hebbianEta, seed + tasks);
        tasks++;
    }

    public Hlop hlop() {
        return hlop;
    }
}
