package io.neurostream.apps.cluster;

import io.neurostream.apps.run.JobRun;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.jobs.dvs.DvsIngestJob;
import io.neurostream.jobs.spikes.SpikeDecodeJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Submitting Neurostream's jobs to a running Flink cluster through its JobManager's REST API: the
 * job jar is uploaded, the JobManager runs the job's cluster {@code main} with the given options and
 * parallelism (from a savepoint when resuming), and the submission waits until the job runs. Job
 * options are checked here first, so a typo fails before anything is uploaded.
 *
 * <p>Learned state is megabytes per key, beyond the JobManager's in-memory checkpoint storage: unless
 * the options name {@code --checkpoint-dir}, the cluster's own checkpoint folder
 * ({@code execution.checkpointing.dir}, or the older {@code state.checkpoints.dir}) is passed to the
 * job explicitly, so the job does not depend on how its {@code main} reads the cluster configuration.
 */
public final class ClusterJobs {
    /** Checkpoint folder keys of the cluster configuration, newest name first. */
    static final List<String> CHECKPOINT_DIR_KEYS = List.of("execution.checkpointing.dir", "state.checkpoints.dir");
    /** Savepoint folder keys of the cluster configuration, newest name first. */
    static final List<String> SAVEPOINT_DIR_KEYS = List.of("execution.checkpointing.savepoint-dir", "state.savepoints.dir");

    private final FlinkRestClient flink;

    public ClusterJobs(FlinkRestClient flink) {
        this.flink = flink;
    }

    public FlinkRestClient flink() {
        return flink;
    }

    /** The class whose {@code main} the cluster runs for {@code kind}. */
    public static String entryClass(JobRun.Kind kind) {
        return switch (kind) {
            case DVS_CLASSIFY -> DvsClassifyJob.class.getName();
            case SPIKE_DECODE -> SpikeDecodeJob.class.getName();
            case DVS_INGEST -> DvsIngestJob.class.getName();
        };
    }

    /**
     * What to submit.
     *
     * @param jobOptions the job's {@code --key value} options, as its cluster main takes them
     * @param parallelism the job's parallelism, or 0 for the cluster's {@code parallelism.default}
     * @param savepointPath resume from this savepoint (or retained checkpoint), or null
     * @param allowNonRestoredState skip savepoint state that no operator of the job claims
     * @param waitForRunning how long to wait until the job runs (zero: return once it is submitted)
     */
    public record Submission(JobRun.Kind kind, Path jar, List<String> jobOptions, int parallelism, String savepointPath,
                             boolean allowNonRestoredState, Duration waitForRunning) {
        public Submission {
            jobOptions = List.copyOf(jobOptions);
            if (parallelism < 0) {
                throw new IllegalArgumentException("--parallelism must be >= 1, got " + parallelism);
            }
        }
    }

    /**
     * What a submission did: the job's id, its state when the submission returned, its parallelism
     * (0: the cluster did not say) and its options.
     */
    public record Submitted(String jobId, String state, int parallelism, List<String> jobOptions) {}

    /** Checks the options, uploads the jar, runs the job and (unless told not to) waits until it runs. */
    public Submitted submit(Submission submission) {
        List<String> options = new ArrayList<>(submission.jobOptions());
        validate(submission.kind(), options);
        Map<String, String> clusterConfig = flink.configuration();
        // A jar run through REST without a parallelism gets 1, not the cluster's parallelism.default: pass it.
        int parallelism = submission.parallelism() > 0 ? submission.parallelism()
                : parsePositive(firstConfigured(clusterConfig, List.of("parallelism.default")));
        if (!options.contains("--checkpoint-dir")) {
            String dir = firstConfigured(clusterConfig, CHECKPOINT_DIR_KEYS);
            if (dir != null) {
                options.add("--checkpoint-dir");
                options.add(dir);
            }
        }
        FlinkRestClient.ClusterOverview cluster = flink.overview();
        if (parallelism > cluster.slotsTotal()) {
            throw new IllegalArgumentException("--parallelism " + parallelism + " needs " + parallelism
                    + " task slots; the cluster at " + flink.jobManager() + " has " + cluster.slotsTotal() + " ("
                    + cluster.taskManagers() + " TaskManagers): lower it or add TaskManagers");
        }
        String jarId = flink.uploadJar(submission.jar());
        String jobId;
        try {
            jobId = flink.runJar(jarId, new FlinkRestClient.RunRequest(entryClass(submission.kind()), options,
                    parallelism, submission.savepointPath(), submission.allowNonRestoredState()));
        } finally {
            flink.deleteJar(jarId); // the job got its own copy of the classes; uploads would pile up otherwise
        }
        if (!submission.waitForRunning().isZero()) {
            flink.awaitTasksRunning(jobId, submission.waitForRunning());
        }
        return new Submitted(jobId, flink.state(jobId), parallelism, List.copyOf(options));
    }

    private static int parsePositive(String text) {
        try {
            return text == null ? 0 : Math.max(0, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Fails fast, naming the option, on what the job's main would refuse. */
    public static void validate(JobRun.Kind kind, List<String> options) {
        JobArguments arguments = JobArguments.parse(options.toArray(String[]::new), kind.options().keySet());
        arguments.delivery();
        arguments.bounded();
        arguments.replicationFactor();
        if (kind == JobRun.Kind.DVS_CLASSIFY) {
            DvsClassifyJob.Settings.from(arguments);
        } else if (kind == JobRun.Kind.DVS_INGEST) {
            DvsIngestJob.stagesFrom(arguments);
        } else {
            SpikeDecodeJob.settingsFrom(arguments);
        }
        arguments.getBoolean("object-reuse", true);
    }

    /**
     * Resolves a job given by id or by name: a 32-digit hex id is taken as is; a name must match
     * exactly one job that is not yet finished.
     */
    public String resolveJob(String idOrName) {
        if (idOrName.matches("[0-9a-fA-F]{32}")) {
            return idOrName;
        }
        List<FlinkRestClient.JobSummary> matching = flink.jobs().stream()
                .filter(j -> j.name().equals(idOrName) && !FlinkRestClient.TERMINAL_STATES.contains(j.state()))
                .toList();
        if (matching.size() == 1) {
            return matching.get(0).id();
        }
        throw new IllegalArgumentException(matching.isEmpty()
                ? "no running job named '" + idOrName + "' on " + flink.jobManager() + " (neurostream jobs lists them)"
                : matching.size() + " running jobs are named '" + idOrName + "': give the job id (neurostream jobs lists them)");
    }

    /** The folder for savepoints: {@code requested}, else the cluster's configured one; fails if there is neither. */
    public String savepointDirectory(String requested) {
        if (requested != null) {
            return requested;
        }
        String configured = firstConfigured(flink.configuration(), SAVEPOINT_DIR_KEYS);
        if (configured == null) {
            throw new IllegalArgumentException("give --savepoint DIR: the cluster at " + flink.jobManager()
                    + " has no execution.checkpointing.savepoint-dir");
        }
        return configured;
    }

    static String firstConfigured(Map<String, String> config, List<String> keys) {
        for (String key : keys) {
            String value = config.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
