package io.neurostream.apps.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.core.lsm.LiquidParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of a job run in this process: a web page on localhost (JDK HTTP server, ECharts
 * bundled in the jar, nothing fetched from the network) that shows, updated every second, the job's
 * own metrics (scraped from its Prometheus reporter), what reaches {@code predictions} and
 * {@code dead-letters}, a look at the input topic (time surface and reservoir raster of a sensor, or
 * a spike raster), and the job's state. It keeps going across job restarts: the Kafka consumers do
 * not belong to the job and the metrics are read afresh each time.
 *
 * <p>Start it before the run ({@link #start}), then {@link #attach(LocalRunner)} the runner once
 * the broker and topics exist; {@code GET /api/state} is the JSON the page draws.
 */
public final class LiveView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    /** How often the view reads the metrics and topics. */
    static final Duration TICK = Duration.ofMillis(500);
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "json", "application/json");

    /** What job the view shows. */
    public sealed interface Job permits Dvs, Spikes {
        String title();
    }

    /**
     * dvs-classify. The raster replays the latest window of a sensor through a liquid of the job's
     * parameters (same seed, so the same topology; the liquid restarts every window, so it does what
     * the job's did; event stages are not replayed).
     */
    public record Dvs(String title, LiquidParams liquid, long windowMicros, int classes) implements Job {}

    /** spike-decode. */
    public record Spikes(String title) implements Job {}

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final LiveState state;
    private final int prometheusPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread poller;
    private volatile LocalRunner runner;
    private volatile boolean closed;
    private volatile String json = "{}";

    private LiveView(HttpServer server, Job job, int prometheusPort) {
        this.server = server;
        this.prometheusPort = prometheusPort;
        this.state = new LiveState(job);
        httpThreads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "live-view-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(httpThreads);
        server.createContext("/", this::serve);
        poller = new Thread(this::poll, "live-view-poller");
        poller.setDaemon(true);
    }

    /**
     * Serves the page on {@code localhost:port} (0 = a free port) and starts reading; the job's
     * metrics are read from its Prometheus reporter on {@code prometheusPort}.
     */
    public static LiveView start(int port, int prometheusPort, Job job) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--live-view port must be in [0, 65535], got " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new IllegalArgumentException("--live-view: cannot serve on port " + port + " (" + e.getMessage()
                    + "); choose another port", e);
        }
        LiveView view = new LiveView(server, job, prometheusPort);
        server.start();
        view.poller.start();
        return view;
    }

    /** A port that was free a moment ago (for a Prometheus reporter the live view reads). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://localhost:" + port() + "/";
    }

    /** The runner whose broker, topics and job the view reads from now on. */
    public void attach(LocalRunner runner) {
        this.runner = runner;
    }

    /** The JSON the page draws, as last computed. */
    public String stateJson() {
        return json;
    }

    private void poll() {
        LiveState.Topics topics = null;
        while (!closed) {
            long next = System.nanoTime() + TICK.toNanos();
            try {
                LocalRunner r = runner;
                if (r != null && topics == null) {
                    topics = state.open(r);
                }
                if (topics != null) {
                    state.read(topics);
                }
                LiveMetrics metrics = scrape();
                if (metrics != null) {
                    state.metrics(metrics);
                }
                state.jobState(jobStatus(r));
                json = state.toJson();
            } catch (Exception e) {
                if (!closed) {
                    LOG.debug("live view: {}", e.toString());
                }
            }
            long sleepNanos = next - System.nanoTime();
            if (sleepNanos > 0) {
                try {
                    Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        if (topics != null) {
            topics.close();
        }
    }

    /** The job's metrics, {@link LiveMetrics#NONE} without a reporter, null if the reporter did not answer. */
    private LiveMetrics scrape() {
        if (prometheusPort <= 0) {
            return LiveMetrics.NONE;
        }
        try {
            return LiveMetrics.of(PrometheusText.scrape(http, "http://localhost:" + prometheusPort + "/metrics"));
        } catch (IOException e) {
            return null; // no answer in time (not up yet, or a busy machine): no point rather than a gap
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JobStatus jobStatus(LocalRunner r) {
        JobClient job = r == null ? null : r.job();
        if (job == null) {
            return null;
        }
        try {
            return job.getJobStatus().get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if ("/api/state".equals(path)) {
                send(exchange, 200, "json", json.getBytes(StandardCharsets.UTF_8));
                return;
            }
            String file = "/".equals(path) ? "index.html" : path.substring(1);
            if (!List.of("index.html", "live.js", "live.css", "vendor/dist/echarts.min.js").contains(file)) {
                send(exchange, 404, "html", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (InputStream in = LiveView.class.getResourceAsStream(file)) {
                if (in == null) {
                    send(exchange, 500, "html", ("missing from the jar: " + file).getBytes(StandardCharsets.UTF_8));
                    return;
                }
                send(exchange, 200, file.substring(file.lastIndexOf('.') + 1), in.readAllBytes());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(type, "application/octet-stream"));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closed = true; // the poller ends within a tick and closes its consumers (an interrupt would break their close)
        server.stop(0);
        httpThreads.shutdownNow();
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
