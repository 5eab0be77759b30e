package io.neurostream.cli;

import io.neurostream.apps.cluster.ClusterJobs;
import io.neurostream.apps.cluster.FlinkRestClient;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/** {@code --jobmanager URL}: the Flink cluster the cluster commands (submit, jobs, cancel, stop, resume) talk to. */
final class ClusterOptions {
    @Option(names = "--jobmanager", required = true, paramLabel = "URL",
            description = "REST URL of the Flink JobManager, e.g. http://127.0.0.1:8081 (deploy/standalone/up.sh prints it).")
    String jobManager;

    ClusterJobs cluster() {
        URI uri;
        try {
            uri = new URI(jobManager.contains("://") ? jobManager : "http://" + jobManager);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--jobmanager must be a URL such as http://127.0.0.1:8081, got '"
                    + jobManager + "'");
        }
        return new ClusterJobs(new FlinkRestClient(uri));
    }
}
