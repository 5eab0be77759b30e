package io.neurostream.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A real Flink sink (Sink V2) for MiniCluster tests: every subtask's writer appends what it receives
 * to one in-JVM list, found again by a bucket id unique to this sink instance, so tests running one
 * after another (or at once) never see each other's records.
 *
 * <pre>{@code
 * CollectingSink<Prediction> predictions = CollectingSink.create("predictions");
 * ... .sinkTo(predictions) ... env.execute();
 * List<Prediction> got = predictions.results();
 * predictions.close();
 * }</pre>
 */
public final class CollectingSink<T> implements Sink<T>, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<Object>> BUCKETS = new ConcurrentHashMap<>();

    private final String bucket;

    private CollectingSink(String bucket) {
        this.bucket = bucket;
        BUCKETS.put(bucket, new ConcurrentLinkedQueue<>());
    }

    /** A sink with a fresh, empty bucket; {@code name} only makes the id readable. */
    public static <T> CollectingSink<T> create(String name) {
        return new CollectingSink<>(name + "-" + UUID.randomUUID());
    }

    /** What the writers received so far, in arrival order per writer. */
    @SuppressWarnings("unchecked")
    public List<T> results() {
        List<T> out = new ArrayList<>();
        for (Object o : queue()) {
            out.add((T) o);
        }
        return out;
    }

    /** Forgets the bucket. */
    @Override
    public void close() {
        BUCKETS.remove(bucket);
    }

    private Queue<Object> queue() {
        Queue<Object> q = BUCKETS.get(bucket);
        if (q == null) {
            throw new IllegalStateException("sink " + bucket + " was closed");
        }
        return q;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> q = queue();
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                q.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
