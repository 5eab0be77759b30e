package io.neurostream.apps.live;

import io.neurostream.apps.common.LocalRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * How a local run is watched: Flink's Prometheus reporter on a port (for a Prometheus server, or
 * only for the live view), and the live view. Give {@link #attach} to the demo's or run's
 * {@code whenRunnerStarts}; {@link #close()} stops the page.
 */
public final class Monitoring implements AutoCloseable {
    private final int prometheusPort;
    private final boolean prometheusAsked;
    private final LiveView view;

    private Monitoring(int prometheusPort, boolean prometheusAsked, LiveView view) {
        this.prometheusPort = prometheusPort;
        this.prometheusAsked = prometheusAsked;
        this.view = view;
    }

    /**
     * @param prometheusPort the reporter's port, 0 for none (a live view then reads a free port of its own)
     * @param liveViewPort serve the live view here (0 = a free port), null for none
     */
    public static Monitoring start(int prometheusPort, Integer liveViewPort, LiveView.Job job) {
        if (prometheusPort < 0 || prometheusPort > 65535) {
            throw new IllegalArgumentException("--prometheus-port must be in [0, 65535], got " + prometheusPort);
        }
        if (liveViewPort == null) {
            return new Monitoring(prometheusPort, prometheusPort > 0, null);
        }
        int port = prometheusPort > 0 ? prometheusPort : LiveView.freePort();
        return new Monitoring(port, prometheusPort > 0, LiveView.start(liveViewPort, port, job));
    }

    /** Nothing watched. */
    public static Monitoring none() {
        return new Monitoring(0, false, null);
    }

    /** Points the runner's jobs at the reporter and the live view at the runner. */
    public void attach(LocalRunner runner) {
        if (prometheusPort > 0) {
            runner.exposeMetrics(prometheusPort);
        }
        if (view != null) {
            view.attach(runner);
        }
    }

    public LiveView view() {
        return view;
    }

    public int prometheusPort() {
        return prometheusPort;
    }

    /** Lines telling a person where to look, empty if nothing is served. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (view != null) {
            lines.add("live view at " + view.url());
        }
        if (prometheusAsked) {
            lines.add("Prometheus metrics at http://localhost:" + prometheusPort + "/metrics");
        }
        return lines;
    }

    @Override
    public void close() {
        if (view != null) {
            view.close();
        }
    }
}
