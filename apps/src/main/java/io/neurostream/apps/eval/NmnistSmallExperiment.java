package io.neurostream.apps.eval;

import io.neurostream.apps.eval.nmnist.NmnistEval;
import io.neurostream.apps.eval.nmnist.NmnistSmallRun;

/**
 * {@code nmnist-small}: the 1,100 real N-MNIST recordings of {@code event-camera/nmnist-small} through a
 * real Kafka broker into dvs-classify on a Flink MiniCluster, one pass, the readout learned inside the
 * job ({@code --readout-input counts}, see {@link NmnistEval#jobSettings()}). Reports the accuracy on the
 * 100 test recordings after the 1,000 of the train list, and the mean 5-fold cross-validated accuracy
 * over all 1,100 (each fold a learner of its own in the same job: it learns 4/5 and predicts the held-out
 * 1/5 unlabelled), beside ridge on per-pixel ON/OFF counts and ridge on ON/OFF counts in three saccade
 * bins, computed in the same run on the same splits. CI size: 300 train / 100 test, 2 folds over 200.
 */
public final class NmnistSmallExperiment implements Experiment {
    @Override
    public String name() {
        return "nmnist-small";
    }

    @Override
    public String description() {
        return "real N-MNIST (1,100 recordings) through Kafka + dvs-classify: test accuracy and 5-fold CV vs ridge baselines";
    }

    @Override
    public EvalReport run(EvalSettings settings) throws Exception {
        return new NmnistSmallRun(settings, name()).run();
    }
}
