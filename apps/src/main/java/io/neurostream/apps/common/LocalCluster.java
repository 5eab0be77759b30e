package io.neurostream.apps.common;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The Flink MiniCluster our runners submit to, kept in hand so that a TaskManager can be killed
 * while the job runs (Flink's own failover ITCases do the same with {@code terminateTaskManager}).
 * The job runs on one TaskManager ({@code slots} slots) and a standby TaskManager waits beside it:
 * {@link #killTaskManager()} terminates the one running the job, the job fails over onto the
 * standby by itself and restores its last checkpoint, and once it runs again a new standby starts,
 * so every kill hits the job and the next one can too.
 */
public final class LocalCluster implements AutoCloseable {
    private final MiniCluster miniCluster;
    private final Configuration configuration;
    private final ClassLoader classLoader = LocalCluster.class.getClassLoader();
    /** TaskManager indices stay taken after a termination (MiniCluster's rule); the next one started gets this. */
    private int taskManagersStarted = 1;
    private int activeTaskManager;
    private int kills;
    private volatile JobID jobId;

    private LocalCluster(MiniCluster miniCluster, Configuration configuration) {
        this.miniCluster = miniCluster;
        this.configuration = configuration;
    }

    /** Starts a MiniCluster with one TaskManager of {@code slots} slots and {@code configuration}. */
    public static LocalCluster start(Configuration configuration, int slots) throws Exception {
        Configuration conf = new Configuration(configuration);
        if (!conf.contains(RestOptions.BIND_PORT) && !conf.contains(RestOptions.PORT)) {
            conf.set(RestOptions.BIND_PORT, "0"); // a free port, as Flink's local executor does
        }
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        cluster.start();
        return new LocalCluster(cluster, conf);
    }

    /** Submits what {@code env} holds as job {@code jobName}; the job runs on the first TaskManager. */
    public JobClient submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        StreamGraph prepared = PipelineExecutorUtils.getStreamGraph(graph, configuration);
        JobID id = miniCluster.submitJob(prepared).get().getJobID();
        jobId = id;
        return new MiniClusterJobClient(id, miniCluster, classLoader,
                MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
    }

    /**
     * Kills the TaskManager running the job (waits until it is gone), waits until the job runs again
     * on the standby, then starts a new standby. Call it while the job runs.
     *
     * @return how long the job took to run again
     */
    public synchronized Duration killTaskManager(Duration timeout) throws Exception {
        ensureStandby();
        int restartsBefore = restarts();
        long start = System.nanoTime();
        miniCluster.terminateTaskManager(activeTaskManager).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        kills++;
        activeTaskManager = taskManagersStarted - 1; // the standby
        awaitRunning(restartsBefore + 1, timeout);
        Duration recovery = Duration.ofNanos(System.nanoTime() - start);
        startStandby();
        return recovery;
    }

    /** Starts the standby TaskManager once the job's tasks all run on the first one (idempotent). */
    public synchronized void ensureStandby() throws Exception {
        if (taskManagersStarted == activeTaskManager + 1) {
            awaitRunning(0, Duration.ofMinutes(2));
            startStandby();
        }
    }

    private void startStandby() throws Exception {
        miniCluster.startTaskManager();
        taskManagersStarted++;
    }

    /** TaskManagers killed so far. */
    public int kills() {
        return kills;
    }

    /**
     * How often the job has restarted (after a killed TaskManager, an operator that threw, a lost
     * broker connection...): the highest attempt number among its tasks, since every restart of this
     * job restarts all of its tasks (one failover region: the stream is keyed).
     */
    public int restarts() {
        JobID id = jobId;
        if (id == null) {
            return 0;
        }
        try {
            AccessExecutionGraph graph = miniCluster.getExecutionGraph(id).get(10, TimeUnit.SECONDS);
            int attempts = 0;
            for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
                attempts = Math.max(attempts, vertex.getCurrentExecutionAttempt().getAttemptNumber());
            }
            return attempts;
        } catch (Exception e) {
            return 0; // the job has ended and left the dispatcher: the count is no longer known here
        }
    }

    /** Waits until the job has restarted at least {@code minRestarts} times and every task is RUNNING or FINISHED. */
    public void awaitRunning(int minRestarts, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            AccessExecutionGraph graph = miniCluster.getExecutionGraph(jobId).get(10, TimeUnit.SECONDS);
            if (graph.getState().isGloballyTerminalState()) {
                throw new IllegalStateException("the job ended with status " + graph.getState() + " while recovering");
            }
            // a job still initialising has no vertices yet: that is not running
            boolean running = graph.getState() == org.apache.flink.api.common.JobStatus.RUNNING
                    && graph.getAllExecutionVertices().iterator().hasNext();
            for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
                ExecutionState state = vertex.getExecutionState();
                running &= (state == ExecutionState.RUNNING || state == ExecutionState.FINISHED)
                        && vertex.getCurrentExecutionAttempt().getAttemptNumber() >= minRestarts;
            }
            if (running) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder states = new StringBuilder();
                for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
                    states.append(' ').append(vertex.getTaskNameWithSubtaskIndex()).append('=')
                            .append(vertex.getExecutionState()).append('#')
                            .append(vertex.getCurrentExecutionAttempt().getAttemptNumber());
                }
                throw new IllegalStateException("the job did not run again within " + timeout.toSeconds() + " s (job "
                        + graph.getState() + ", restarts wanted " + minRestarts + ", tasks:" + states + ")");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        miniCluster.close();
    }
}
