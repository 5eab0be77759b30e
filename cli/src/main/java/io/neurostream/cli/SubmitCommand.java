package io.neurostream.cli;

import io.neurostream.apps.cluster.ClusterJobs;
import io.neurostream.apps.run.JobRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neurostream submit <job> --jobmanager URL [job options]}: uploads the shaded job jar to a
 * Flink cluster through its JobManager's REST API, runs the job's cluster {@code main} with the job
 * options and parallelism, and waits until the job runs. {@link ResumeCommand} is the same from a
 * savepoint.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submits a job (dvs-classify or spike-decode) to a running Flink cluster",
                "through its JobManager's REST API: uploads the job jar, runs the job with the",
                "given options and parallelism, and waits until every task runs.",
                "Every option of the job's cluster main is accepted (neurostream run --help",
                "lists them); --bootstrap-servers is required. The cluster's checkpoint folder",
                "is passed to the job as --checkpoint-dir unless given."})
class SubmitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "dvs-classify or spike-decode")
    String job;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--parallelism", description = "Parallelism of the job (default: the cluster's parallelism.default).")
    int parallelism;

    @Option(names = "--jar", paramLabel = "FILE", description = "The job jar (default: jobs/target/neurostream-jobs-*-job.jar "
            + "of this checkout).")
    Path jar;

    @Option(names = "--wait-s", description = "Wait this long for the job to run; 0 = return once submitted "
            + "(default: ${DEFAULT-VALUE}).")
    long waitSeconds = 180;

    @CommandLine.Unmatched
    List<String> jobOptions = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Null for a fresh start; the savepoint for {@code resume}. */
    String savepointPath() {
        return null;
    }

    boolean allowNonRestoredState() {
        return false;
    }

    @Override
    public Integer call() {
        JobRun.Kind kind = JobRun.Kind.parse(job);
        if (parallelism < 0 || (parallelism == 0 && spec.commandLine().getParseResult().hasMatchedOption("--parallelism"))) {
            throw new IllegalArgumentException("--parallelism must be >= 1, got " + parallelism);
        }
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("--wait-s must be >= 0, got " + waitSeconds);
        }
        Path jobJar = jar != null ? jar : defaultJar();
        ClusterJobs cluster = clusterOptions.cluster();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %s to %s (parallelism %s, jar %s)%s ...%n", savepointPath() == null ? "submitting" : "resuming",
                kind.id(), cluster.flink().jobManager(), parallelism == 0 ? "cluster default" : parallelism,
                jobJar.getFileName(), savepointPath() == null ? "" : " from " + savepointPath());
        out.flush();
        ClusterJobs.Submitted submitted = cluster.submit(new ClusterJobs.Submission(kind, jobJar, jobOptions, parallelism,
                savepointPath(), allowNonRestoredState(), Duration.ofSeconds(waitSeconds)));
        out.printf("job %s %s: %s%n", kind.id(), submitted.jobId(), submitted.state());
        out.printf("  parallelism: %s%n", submitted.parallelism() == 0 ? "cluster default" : submitted.parallelism());
        out.printf("  options: %s%n", String.join(" ", submitted.jobOptions()));
        out.printf("  web UI:  %s/#/job/running/%s/overview%n", cluster.flink().jobManager(), submitted.jobId());
        out.printf("  stop it with a savepoint: neurostream stop %s --jobmanager %s --savepoint DIR%n", submitted.jobId(),
                cluster.flink().jobManager());
        out.flush();
        return 0;
    }

    /** jobs/target/neurostream-jobs-VERSION-job.jar of the checkout this CLI runs from. */
    static Path defaultJar() {
        Path root;
        try {
            // cli/target/classes or cli/target/neurostream-cli-*.jar -> the checkout
            root = Path.of(SubmitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent().getParent().getParent();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot locate the job jar: give --jar FILE", e);
        }
        Path jar = root.resolve("jobs/target/neurostream-jobs-0.1.0-SNAPSHOT-job.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("job jar " + jar + " not found: build it (./mvnw -B package -DskipTests) "
                    + "or give --jar FILE");
        }
        return jar;
    }
}
