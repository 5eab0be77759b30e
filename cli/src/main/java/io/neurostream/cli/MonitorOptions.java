package io.neurostream.cli;

import io.neurostream.apps.live.LiveView;
import io.neurostream.apps.live.Monitoring;
import picocli.CommandLine.Option;

/** {@code --prometheus-port} and {@code --live-view [PORT]} of demo, decode-demo and run. */
final class MonitorOptions {
    /** The live view's port when {@code --live-view} is given without one. */
    static final int DEFAULT_LIVE_VIEW_PORT = 8088;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "Serve the job's metrics for Prometheus at http://localhost:PORT/metrics (0 = off, default).")
    int prometheusPort;

    @Option(names = "--live-view", arity = "0..1", paramLabel = "PORT", fallbackValue = "" + DEFAULT_LIVE_VIEW_PORT,
            description = "Serve a live web page of the run at http://localhost:PORT/ (default port "
                    + DEFAULT_LIVE_VIEW_PORT + "; 0 = any free port).")
    Integer liveViewPort;

    /** Starts what was asked for and tells where to look. */
    Monitoring start(LiveView.Job job) {
        Monitoring monitoring = Monitoring.start(prometheusPort, liveViewPort, job);
        monitoring.describe().forEach(System.out::println);
        return monitoring;
    }
}
