package io.neurostream.apps.cluster;

/**
 * A Flink JobManager could not be reached, refused a request, or a job it runs failed. The message
 * names the JobManager, the request and the root cause the JobManager reported (the last
 * {@code Caused by} of its stack trace), so the user sees what to fix without reading its log.
 */
public final class FlinkRestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FlinkRestException(String message) {
        super(message);
    }

    public FlinkRestException(String message, Throwable cause) {
        super(message, cause);
    }
}
