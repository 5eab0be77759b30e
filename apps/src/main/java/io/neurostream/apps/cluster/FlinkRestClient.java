package io.neurostream.apps.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The few calls of a Flink JobManager's REST API (Flink 2.2) that submitting and operating jobs
 * needs: upload a jar, run it with arguments and parallelism (optionally from a savepoint), list
 * jobs, read a job's state and failure cause, cancel, stop with a savepoint and follow that
 * operation. Every failure becomes a {@link FlinkRestException} that names the JobManager, the
 * request and the JobManager's root cause.
 *
 * <pre>{@code
 * FlinkRestClient flink = new FlinkRestClient(URI.create("http://127.0.0.1:8081"));
 * String jarId = flink.uploadJar(Path.of("jobs/target/neurostream-jobs-0.1.0-SNAPSHOT-job.jar"));
 * String jobId = flink.runJar(jarId, new RunRequest("io.neurostream.jobs.dvs.DvsClassifyJob", args, 2, null, false));
 * flink.awaitState(jobId, Set.of("RUNNING"), Duration.ofMinutes(1));
 * }</pre>
 */
public final class FlinkRestClient {
    /** How long one request may take (jar uploads of ~30 MB included). */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** States after which a job never runs again. */
    public static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "CANCELED", "FAILED", "SUSPENDED");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI jobManager;
    private final HttpClient http;

    public FlinkRestClient(URI jobManager) {
        String text = jobManager.toString();
        if (jobManager.getScheme() == null || !jobManager.getScheme().startsWith("http") || jobManager.getHost() == null) {
            throw new IllegalArgumentException("--jobmanager must be the REST URL of a Flink JobManager, e.g. "
                    + "http://127.0.0.1:8081 (deploy/standalone/up.sh prints it), got '" + text + "'");
        }
        this.jobManager = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI jobManager() {
        return jobManager;
    }

    /** What {@code GET /overview} says about the cluster. */
    public record ClusterOverview(String flinkVersion, int taskManagers, int slotsTotal, int slotsAvailable) {}

    /** One row of {@code GET /jobs/overview}. */
    public record JobSummary(String id, String name, String state, long startTimeMillis, long durationMillis) {}

    /**
     * A run of an uploaded jar ({@code POST /jars/:jarid/run}).
     *
     * @param parallelism the job's parallelism, or 0 for the cluster's {@code parallelism.default}
     * @param savepointPath start from this savepoint or retained checkpoint, or null for a fresh start
     * @param allowNonRestoredState skip savepoint state no operator of the job claims
     */
    public record RunRequest(String entryClass, List<String> programArgs, int parallelism, String savepointPath,
                             boolean allowNonRestoredState) {
        public RunRequest {
            if (entryClass == null || entryClass.isBlank()) {
                throw new IllegalArgumentException("entryClass is required");
            }
            if (parallelism < 0) {
                throw new IllegalArgumentException("parallelism must be >= 1 (or 0: the cluster's default), got "
                        + parallelism);
            }
            programArgs = List.copyOf(programArgs);
        }
    }

    public ClusterOverview overview() {
        JsonNode o = get("/overview");
        return new ClusterOverview(o.path("flink-version").asText(), o.path("taskmanagers").asInt(),
                o.path("slots-total").asInt(), o.path("slots-available").asInt());
    }

    /** The JobManager's effective configuration ({@code GET /jobmanager/config}), key -&gt; value. */
    public Map<String, String> configuration() {
        Map<String, String> config = new LinkedHashMap<>();
        for (JsonNode entry : get("/jobmanager/config")) {
            config.put(entry.path("key").asText(), entry.path("value").asText());
        }
        return config;
    }

    /** Uploads a jar; returns its id on the JobManager. */
    public String uploadJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("job jar " + jar + " does not exist: build it with ./mvnw -B package -DskipTests");
        }
        String boundary = "neurostream-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                    HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read job jar " + jar + ": " + e.getMessage(), e);
        }
        JsonNode answer = send("POST /jars/upload", request("/jars/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build());
        String file = answer.path("filename").asText();
        if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
            throw new FlinkRestException("the JobManager at " + jobManager + " did not accept the jar " + jar + ": " + answer);
        }
        return Path.of(file).getFileName().toString();
    }

    /** Runs an uploaded jar: the JobManager calls its {@code main}; returns the id of the job it submitted. */
    public String runJar(String jarId, RunRequest run) {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", run.entryClass());
        body.putPOJO("programArgsList", run.programArgs());
        if (run.parallelism() > 0) {
            body.put("parallelism", run.parallelism());
        }
        if (run.savepointPath() != null) {
            body.put("savepointPath", run.savepointPath());
            body.put("allowNonRestoredState", run.allowNonRestoredState());
        }
        JsonNode answer = send("POST /jars/" + jarId + "/run", jsonRequest("/jars/" + jarId + "/run", "POST", body));
        String jobId = answer.path("jobid").asText();
        if (jobId.isEmpty()) {
            throw new FlinkRestException("the JobManager at " + jobManager + " ran " + run.entryClass()
                    + " but returned no job id: " + answer);
        }
        return jobId;
    }

    /** Deletes an uploaded jar (the job keeps running: its classes were shipped with it). */
    public void deleteJar(String jarId) {
        send("DELETE /jars/" + jarId, request("/jars/" + jarId).DELETE().build());
    }

    /** Every job the JobManager knows, newest first. */
    public List<JobSummary> jobs() {
        List<JobSummary> jobs = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            jobs.add(new JobSummary(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText(),
                    j.path("start-time").asLong(), j.path("duration").asLong()));
        }
        jobs.sort((a, b) -> Long.compare(b.startTimeMillis(), a.startTimeMillis()));
        return jobs;
    }

    /** {@code GET /jobs/:jobid}: state, vertices and their subtasks. */
    public JsonNode job(String jobId) {
        return get("/jobs/" + jobId);
    }

    /**
     * The job's user accumulators ({@code GET /jobs/:jobid/accumulators}): numbers as {@link Long} (or
     * {@link Double}), anything else as its text.
     */
    public Map<String, Object> accumulators(String jobId) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (JsonNode a : get("/jobs/" + jobId + "/accumulators").path("user-task-accumulators")) {
            String text = a.path("value").asText();
            Object value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                try {
                    value = Double.parseDouble(text);
                } catch (NumberFormatException e2) {
                    value = text;
                }
            }
            values.put(a.path("name").asText(), value);
        }
        return values;
    }

    public String state(String jobId) {
        return job(jobId).path("state").asText();
    }

    /** The TaskManager of every subtask of the job's first vertex whose name starts with {@code vertexName}. */
    public List<String> taskManagersOf(String jobId, String vertexName) {
        for (JsonNode vertex : job(jobId).path("vertices")) {
            if (vertex.path("name").asText().startsWith(vertexName)) {
                List<String> taskManagers = new ArrayList<>();
                for (JsonNode subtask : get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText())
                        .path("subtasks")) {
                    taskManagers.add(subtask.path("taskmanager-id").asText());
                }
                return taskManagers;
            }
        }
        throw new FlinkRestException("job " + jobId + " has no vertex named '" + vertexName + "'");
    }

    /** The latest failure of the job as the JobManager recorded it (exception and first line), or null if none. */
    public String latestFailure(String jobId) {
        JsonNode entries = get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
        if (!entries.isArray() || entries.isEmpty()) {
            return null;
        }
        JsonNode latest = entries.get(0);
        String trace = latest.path("stacktrace").asText("");
        String root = rootCause(trace);
        return root.isEmpty() ? latest.path("exceptionName").asText() : root;
    }

    public void cancel(String jobId) {
        send("PATCH /jobs/" + jobId, request("/jobs/" + jobId + "?mode=cancel")
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    }

    /**
     * Stops the job with a savepoint in {@code targetDirectory} (sources stop, a final savepoint is
     * taken, the job ends FINISHED) and waits for it; returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) {
        ObjectNode body = JSON.createObjectNode();
        body.put("targetDirectory", targetDirectory);
        body.put("drain", false);
        String trigger = send("POST /jobs/" + jobId + "/stop", jsonRequest("/jobs/" + jobId + "/stop", "POST", body))
                .path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("location")) {
                    return operation.path("location").asText();
                }
                throw new FlinkRestException("stop-with-savepoint of job " + jobId + " failed: "
                        + rootCause(operation.path("failure-cause").path("stack-trace").asText(operation.toString())));
            }
            sleep(Duration.ofMillis(500));
        }
        throw new FlinkRestException("stop-with-savepoint of job " + jobId + " did not complete within " + timeout);
    }

    /**
     * Polls the job until it reaches one of {@code wanted}; a terminal state that is not wanted
     * fails with the job's root cause.
     */
    public String awaitState(String jobId, Set<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = state(jobId);
            if (wanted.contains(state)) {
                return state;
            }
            if (TERMINAL_STATES.contains(state)) {
                String cause = latestFailure(jobId);
                throw new FlinkRestException("job " + jobId + " is " + state + (cause == null ? "" : ": " + cause));
            }
            sleep(Duration.ofMillis(300));
        }
        String cause = latestFailure(jobId);
        throw new FlinkRestException("job " + jobId + " did not become " + String.join("/", wanted) + " within "
                + timeout + " (it is " + state + (cause == null ? ")" : "; latest failure: " + cause + ")"));
    }

    /**
     * Waits until the job and every one of its tasks run (a job is RUNNING as soon as it is
     * scheduled, its tasks only once they have slots and are initialised); a terminal state fails
     * with the job's root cause, and a timeout says which tasks are not running yet.
     */
    public void awaitTasksRunning(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String waitingFor = "";
        while (System.nanoTime() < deadline) {
            JsonNode job = job(jobId);
            String state = job.path("state").asText();
            if (TERMINAL_STATES.contains(state)) {
                String cause = latestFailure(jobId);
                throw new FlinkRestException("job " + jobId + " is " + state + (cause == null ? "" : ": " + cause));
            }
            List<String> notRunning = new ArrayList<>();
            for (JsonNode vertex : job.path("vertices")) {
                String status = vertex.path("status").asText();
                if (!status.equals("RUNNING") && !status.equals("FINISHED")) {
                    notRunning.add(vertex.path("name").asText() + " " + status);
                }
            }
            if (state.equals("RUNNING") && notRunning.isEmpty()) {
                return;
            }
            waitingFor = "job " + state + (notRunning.isEmpty() ? "" : "; tasks " + String.join(", ", notRunning));
            sleep(Duration.ofMillis(300));
        }
        ClusterOverview cluster = overview();
        String cause = latestFailure(jobId);
        throw new FlinkRestException("job " + jobId + " is not running after " + timeout.toSeconds() + " s (" + waitingFor
                + "; the cluster has " + cluster.slotsTotal() + " slots, " + cluster.slotsAvailable() + " free"
                + (cause == null ? ")" : "; latest failure: " + cause + ")"));
    }

    private JsonNode get(String path) {
        return send("GET " + path, request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(jobManager + path)).timeout(REQUEST_TIMEOUT);
    }

    private HttpRequest jsonRequest(String path, String method, JsonNode body) {
        try {
            return request(path).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(String what, HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new FlinkRestException("cannot reach the Flink JobManager at " + jobManager + " (" + describe(e)
                    + "): is the cluster up? deploy/standalone/up.sh prints its REST URL", e);
        } catch (HttpTimeoutException e) {
            throw new FlinkRestException("the Flink JobManager at " + jobManager + " did not answer " + what + " within "
                    + REQUEST_TIMEOUT, e);
        } catch (IOException e) {
            throw new FlinkRestException("talking to the Flink JobManager at " + jobManager + " failed (" + what + "): "
                    + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException("interrupted during " + what, e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 400) {
            throw new FlinkRestException("the Flink JobManager at " + jobManager + " rejected " + what + " (HTTP "
                    + response.statusCode() + "): " + errorOf(answer, response.body()));
        }
        return answer;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("body", body);
        }
    }

    private static String errorOf(JsonNode answer, String body) {
        JsonNode errors = answer.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            List<String> causes = new ArrayList<>();
            for (JsonNode e : errors) {
                causes.add(rootCause(e.asText()));
            }
            return String.join("; ", causes);
        }
        return body.length() > 500 ? body.substring(0, 500) + " ..." : body;
    }

    /**
     * The deepest cause in a Java stack trace as text: the last {@code Caused by:} line without its
     * prefix (or the first line if there is none), e.g.
     * {@code java.lang.IllegalArgumentException: --bootstrap-servers is required}.
     */
    static String rootCause(String stackTrace) {
        String root = null;
        for (String line : stackTrace.split("\n")) {
            if (line.startsWith("Caused by: ")) {
                root = line.substring("Caused by: ".length());
            }
        }
        if (root == null) {
            root = stackTrace.lines().findFirst().orElse("").trim();
        }
        return root.trim();
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException("interrupted while waiting for the JobManager", e);
        }
    }
}
