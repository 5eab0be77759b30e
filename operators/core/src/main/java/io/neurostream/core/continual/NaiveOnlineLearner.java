package io.neurostream.core.continual;

/**
 * Baseline: a softmax layer trained by plain SGD on every sample, ignoring task boundaries. It
 * overwrites what earlier tasks needed (catastrophic forgetting, McCloskey &amp; Cohen 1989).
 */
public final class NaiveOnlineLearner implements OnlineClassifier {
    private final SoftmaxLayer layer;
    private final double learningRate;
    private final double[] z;

    public NaiveOnlineLearner(int inputs, int classes, double learningRate) {
        if (inputs < 1 || classes < 2 || !(learningRate > 0)) {
            throw new IllegalArgumentException("need inputs >= 1, classes >= 2, learningRate > 0, got "
                    + inputs + ", " + classes + ", " + learningRate);
        }
        this.layer = new SoftmaxLayer(inputs, classes);
        this.learningRate = learningRate;
        this.z = new double[inputs + 1];
    }

    @Override
    public void learn(double[] x, int label) {
        SoftmaxLayer.withBias(x, z);
        layer.forward(z);
        layer.backward(z, label, learningRate);
    }

    @Override
    public int predict(double[] x) {
        SoftmaxLayer.withBias(x, z);
        return layer.forward(z);
    }

    @Override
    public void endTask(double[][] taskInputs) {
        // nothing to protect
    }
}
