package io.neurostream.core.decoder;

/**
 * An online decoder from a per-bin rate vector to a kinematic vector (e.g. 2-D velocity).
 *
 * <p>Per bin, in order: {@link #decode} (uses only data up to this bin), then, if a label for
 * the bin is available, {@link #learn}. Labelled bins are assumed to be consecutive; after a
 * gap in labels call {@link #setLearning(boolean)} off and on again, which forgets the last label.
 * Learning can be frozen: {@code learn} is then ignored while decoding continues.
 */
public interface RateDecoder {

    /** Length of the rate vector. */
    int inputCount();

    /** Length of the decoded vector. */
    int outputCount();

    /**
     * Decodes one bin (a stateful decoder also advances its state).
     *
     * @param rates rates of this bin, length inputCount (not modified)
     * @param out decoded values, length outputCount (modified)
     */
    void decode(double[] rates, double[] out);

    /**
     * Learns from a labelled bin (ignored while frozen).
     *
     * @param rates rates of the bin, length inputCount (not modified)
     * @param target true kinematics of the bin, length outputCount (not modified)
     */
    void learn(double[] rates, double[] target);

    /**
     * What {@link #learnFrom} needs to learn the bin just decoded later, e.g. when its label
     * arrives after further bins were decoded: call right after {@link #decode} of that bin.
     * Default: a copy of the rates (stateless decoders learn from rates alone).
     *
     * @param rates the rates just decoded (not modified)
     * @return a fresh array the caller may keep
     */
    default double[] learningInput(double[] rates) {
        return rates.clone();
    }

    /**
     * Learns from a bin captured by {@link #learningInput} (ignored while frozen). Default:
     * {@link #learn(double[], double[])}.
     */
    default void learnFrom(double[] learningInput, double[] target) {
        learn(learningInput, target);
    }

    /** Freezes ({@code false}) or unfreezes ({@code true}) learning. */
    void setLearning(boolean enabled);

    boolean isLearning();

    /** Labelled bins learned so far: the model version. */
    long updates();
}
