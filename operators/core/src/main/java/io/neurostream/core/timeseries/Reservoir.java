package io.neurostream.core.timeseries;

/**
 * A reservoir stepped once per input sample: {@link #step} takes the input vector (plus, for a
 * reservoir driven by its readout, the fed-back outputs appended to it) and returns the features a
 * linear readout reads. Its fixed topology is rebuilt from a seed; only {@link #saveState()} evolves,
 * so a checkpoint holds that vector and the seed.
 */
public interface Reservoir {
    /** Length of the input vector {@link #step} takes. */
    int inputCount();

    /** Length of the feature vector {@link #step} returns. */
    int featureCount();

    /** Advances one step with input {@code u}; returns the features (a live array: copy it to keep it). */
    double[] step(double[] u);

    /** Everything that evolves (membrane potentials, traces, rates, adapted weights), as one vector. */
    double[] saveState();

    /** A reservoir with the same (immutable) topology in its initial state: cheaper than rebuilding from the seed. */
    Reservoir fresh();

    /** Sets what {@link #saveState()} returned (of a reservoir with the same topology). */
    void restoreState(double[] state);
}
