package io.neurostream.cli;

import io.neurostream.apps.cluster.ClusterJobs;
import io.neurostream.apps.cluster.FlinkRestClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code neurostream jobs --jobmanager URL}: the cluster and its jobs, with the latest failure of any that failed. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"Lists the jobs of a Flink cluster (id, name, state, start, duration) and",
                "the latest failure of each."})
final class JobsCommand implements Callable<Integer> {
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Mixin
    ClusterOptions clusterOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterJobs cluster = clusterOptions.cluster();
        FlinkRestClient flink = cluster.flink();
        FlinkRestClient.ClusterOverview overview = flink.overview();
        List<FlinkRestClient.JobSummary> jobs = flink.jobs();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Flink %s at %s: %d TaskManagers, %d slots (%d free), %d jobs%n", overview.flinkVersion(),
                flink.jobManager(), overview.taskManagers(), overview.slotsTotal(), overview.slotsAvailable(), jobs.size());
        if (!jobs.isEmpty()) {
            out.printf(Locale.ROOT, "%-32s  %-16s  %-12s  %-20s  %s%n", "JOB ID", "NAME", "STATE", "STARTED", "DURATION");
        }
        for (FlinkRestClient.JobSummary job : jobs) {
            out.printf(Locale.ROOT, "%-32s  %-16s  %-12s  %-20s  %s%n", job.id(), job.name(), job.state(),
                    START.format(Instant.ofEpochMilli(job.startTimeMillis())), duration(job.durationMillis()));
            if (!job.state().equals("FINISHED") && !job.state().equals("CANCELED")) {
                String failure = flink.latestFailure(job.id());
                if (failure != null) {
                    out.printf("    latest failure: %s%n", failure);
                }
            }
        }
        out.flush();
        return 0;
    }

    private static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
