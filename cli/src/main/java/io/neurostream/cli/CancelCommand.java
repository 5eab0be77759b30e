package io.neurostream.cli;

import io.neurostream.apps.cluster.ClusterJobs;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code neurostream cancel <job id | name> --jobmanager URL}: cancels a job (no savepoint) and waits until it is. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancels a job without a savepoint and waits until it is CANCELED. Its",
                "learned state stays only in its last retained checkpoint; 'neurostream stop'",
                "keeps it in a savepoint."})
final class CancelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "Job id, or the name of the one running job with that name.")
    String job;

    @Mixin
    ClusterOptions clusterOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterJobs cluster = clusterOptions.cluster();
        String jobId = cluster.resolveJob(job);
        cluster.flink().cancel(jobId);
        String state = cluster.flink().awaitState(jobId, Set.of("CANCELED"), Duration.ofMinutes(2));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("job %s: %s%n", jobId, state);
        out.flush();
        return 0;
    }
}
