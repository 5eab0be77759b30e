package io.neurostream.jobs.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster of our topology tests: one TaskManager, 2 slots, parallelism 2, no Kryo fallback. */
public final class MiniClusters {
    public static final int PARALLELISM = 2;

    private MiniClusters() {}

    /** {@code @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.extension();} */
    public static MiniClusterExtension extension() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(PARALLELISM)
                .setConfiguration(jobConfiguration())
                .build());
    }

    /** What every test job runs with: a failure fails the test at once instead of restarting. */
    public static Configuration jobConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("pipeline.generic-types", "false");
        conf.setString("restart-strategy.type", "none");
        conf.setString("parallelism.default", Integer.toString(PARALLELISM));
        return conf;
    }

    /** The MiniCluster's environment (set as context by the extension) with {@link #jobConfiguration()}. */
    public static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration());
        env.configure(jobConfiguration());
        env.setParallelism(PARALLELISM);
        return env;
    }
}
