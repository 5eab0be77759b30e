package io.neurostream.apps.eval;

/**
 * One {@code neurostream eval} experiment: seeded, run through the real pipeline (embedded Kafka broker
 * + the Flink job on a MiniCluster, or a given cluster), with its baseline computed in the same run on
 * the same split.
 */
public interface Experiment {
    /** The name on the command line, e.g. {@code nmnist-small}. */
    String name();

    /** One line for {@code neurostream eval --list}. */
    String description();

    /**
     * Runs the experiment at {@code settings.size()} and returns its results: the first is the headline
     * (its fields are also the top level of the JSON). Pictures go to {@code settings.pngDir()}.
     */
    EvalReport run(EvalSettings settings) throws Exception;
}
