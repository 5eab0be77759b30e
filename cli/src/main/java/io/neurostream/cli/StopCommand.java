package io.neurostream.cli;

import io.neurostream.apps.cluster.ClusterJobs;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neurostream stop <job id | name> --jobmanager URL --savepoint DIR}: stop-with-savepoint
 * (the sources stop, a final savepoint holds the learned state and the Kafka offsets, the sinks
 * commit, the job ends FINISHED); prints the savepoint to resume from.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stops a job with a savepoint (learned state and Kafka offsets; the",
                "exactly-once sinks commit first) and prints its path for 'neurostream resume'."})
final class StopCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "Job id, or the name of the one running job with that name.")
    String job;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--savepoint", paramLabel = "DIR", description = "Folder for the savepoint, reachable by the "
            + "JobManager and every TaskManager (default: the cluster's execution.checkpointing.savepoint-dir).")
    String savepointDir;

    @Option(names = "--timeout-s", description = "Give up waiting for the savepoint after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 300;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout-s must be >= 1, got " + timeoutSeconds);
        }
        ClusterJobs cluster = clusterOptions.cluster();
        String jobId = cluster.resolveJob(job);
        String location = cluster.flink().stopWithSavepoint(jobId, cluster.savepointDirectory(savepointDir),
                Duration.ofSeconds(timeoutSeconds));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("job %s stopped; savepoint: %s%n", jobId, location);
        out.printf("resume with: neurostream resume <job> --from %s --jobmanager %s [the same job options]%n", location,
                cluster.flink().jobManager());
        out.flush();
        return 0;
    }
}
