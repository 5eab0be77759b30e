package io.neurostream.core.continual;

/** A classifier that learns one sample at a time and is told where tasks end. */
public interface OnlineClassifier {
    /** Learns from one labelled sample (x not modified). */
    void learn(double[] x, int label);

    /** Predicted class of x (not modified). */
    int predict(double[] x);

    /** Called once after the last sample of a task with that task's training inputs (not modified). */
    void endTask(double[][] taskInputs);
}
