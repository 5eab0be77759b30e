package io.neurostream.apps.eval;

import io.neurostream.apps.eval.nmnist.SimNmnistRun;

/**
 * {@code sim-nmnist}: the demo's simulated N-MNIST (MNIST digits moved by three simulated saccades,
 * {@code connectors/sim}), 8,000 labelled then 2,000 held-out samples, through a real Kafka broker into
 * dvs-classify on a Flink MiniCluster, one pass; beside ridge on per-pixel and on three-saccade-bin
 * ON/OFF counts of the very same events, in the same run. CI size: 400 / 200.
 */
public final class SimNmnistExperiment implements Experiment {
    @Override
    public String name() {
        return "sim-nmnist";
    }

    @Override
    public String description() {
        return "simulated N-MNIST 8,000 / 2,000 through Kafka + dvs-classify: held-out accuracy vs ridge baselines";
    }

    @Override
    public EvalReport run(EvalSettings settings) throws Exception {
        return new SimNmnistRun(settings, name()).run();
    }
}
