package io.neurostream.apps.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FlinkRestClientTest {
    @Test
    void rootCauseIsTheDeepestCauseOfAJobManagerStackTrace() {
        String trace = "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n"
                + "\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.lambda$handleRequest$1(JarRunHandler.java:114)\n"
                + "Caused by: java.util.concurrent.CompletionException: org.apache.flink.client.program.ProgramInvocationException\n"
                + "\t... 1 more\n"
                + "Caused by: java.lang.IllegalArgumentException: --bootstrap-servers is required (e.g. --bootstrap-servers kafka:9092)\n"
                + "\tat io.neurostream.jobs.common.JobArguments.parse(JobArguments.java:60)\n";
        assertThat(FlinkRestClient.rootCause(trace))
                .isEqualTo("java.lang.IllegalArgumentException: --bootstrap-servers is required (e.g. --bootstrap-servers kafka:9092)");
        assertThat(FlinkRestClient.rootCause("java.lang.IllegalStateException: no slots\n\tat x.y(Z.java:1)"))
                .isEqualTo("java.lang.IllegalStateException: no slots");
    }

    @Test
    void anUnreachableJobManagerSaysSoAndHowToStartOne() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        FlinkRestClient flink = new FlinkRestClient(URI.create("http://127.0.0.1:" + port));
        assertThatThrownBy(flink::overview).isInstanceOf(FlinkRestException.class)
                .hasMessageContaining("cannot reach the Flink JobManager at http://127.0.0.1:" + port)
                .hasMessageContaining("deploy/standalone/up.sh");
    }

    @Test
    void aJobManagerUrlMustBeHttp() {
        assertThatThrownBy(() -> new FlinkRestClient(URI.create("ftp://127.0.0.1:8081")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jobmanager must be the REST URL");
    }
}
