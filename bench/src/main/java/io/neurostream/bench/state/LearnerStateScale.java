package io.neurostream.bench.state;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.core.lsm.LiquidParams;
import io.neurostream.flink.dvs.DvsClassifyConfig;
import io.neurostream.flink.dvs.LiquidClassifierFunction;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.PackedEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * dvs-classify's learner under load on a Flink MiniCluster (parallelism 1): {@code keys} sensors,
 * {@code windows} labelled windows each (one packet of 200 events that covers its window, one
 * label), the learner built as {@link DvsClassifyJob} builds it, on the HashMap or the RocksDB
 * backend, checkpoints to the file system every 2 s. Prints one line: wall time per labelled window
 * (unpaced run) or, paced over about 20 s, the last completed checkpoint's full size, checkpointed
 * (incremental) size and end-to-end duration from the REST API.
 *
 * <pre>java -cp $CP io.neurostream.bench.state.LearnerStateScale KEYS NEURONS hashmap|rocksdb WINDOWS paced|unpaced [write-through]</pre>
 *
 * {@code write-through} runs the learner as before deferred writes (every update written to state).
 */
public final class LearnerStateScale {
    private static final long WINDOW_MICROS = 100_000;
    private static final int EVENTS = 200;
    private static final int CLASSES = 10;

    private LearnerStateScale() {}

    public static void main(String[] args) throws Exception {
        int keys = Integer.parseInt(args[0]);
        int neurons = Integer.parseInt(args[1]);
        String backend = args[2];
        int windows = Integer.parseInt(args[3]);
        boolean paced = args[4].equals("paced");
        boolean writeThrough = args.length > 5 && args[5].equals("write-through");
        long records = (long) keys * windows;
        long paceNanos = paced ? 20_000_000_000L / records : 0;

        int restPort = 18_000 + (int) (ProcessHandle.current().pid() % 1000);
        Path dir = Files.createTempDirectory("learner-state-scale-");
        LocalFlink flink = new LocalFlink(1, 2_000, backend, restPort, -1, false);
        StreamExecutionEnvironment env = flink.create(dir);
        DvsClassifyConfig nmnist = DvsClassifyConfig.nmnistDefault();
        LiquidParams liquid = nmnist.liquid().withSize(neurons, 42L);
        DvsClassifyConfig config = nmnist.withLiquid(liquid).withWindow(WINDOW_MICROS, CLASSES, 0);

        DataStream<EventPacket> packets = env.fromSequence(0, records - 1)
                .map(new Packets(keys, paceNanos)).returns(new AvroTypeInfo<>(EventPacket.class));
        DataStream<Label> labels = env.fromSequence(0, records - 1)
                .map(new Labels(keys)).returns(new AvroTypeInfo<>(Label.class));
        LiquidClassifierFunction function = new LiquidClassifierFunction(config, "bench", "dvs.events", "labels");
        DataStream<Prediction> predictions = writeThrough
                // as before deferred writes: every update written to state at once
                ? packets.keyBy(EventPacket::getSensorId).connect(labels.keyBy(Label::getStreamId)).process(function)
                        .returns(new AvroTypeInfo<>(Prediction.class))
                : DvsClassifyJob.learner(packets, labels, function, "learner");
        predictions.sinkTo(new DiscardingSink<>());

        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        JobClient job = env.executeAsync("learner state scale");
        String last = null;
        while (running(job)) {
            String stats = completedCheckpoint(restPort, job.getJobID().toString());
            if (stats != null) {
                last = stats;
            }
            Thread.sleep(500);
        }
        JobExecutionResult result = job.getJobExecutionResult().get();
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "keys=%d neurons=%d features=%d backend=%s %s windows/key=%d %s: net runtime %.1f s "
                        + "(wall %.1f s), %.2f ms per labelled window; process CPU %.1f s = %.2f ms per window; "
                        + "last completed checkpoint: %s%n",
                keys, neurons, liquid.featureCount(), backend, writeThrough ? "write-through" : "deferred", windows,
                paced ? "paced" : "unpaced", result.getNetRuntime() / 1e3, wallSeconds,
                result.getNetRuntime() / (double) records, cpuSeconds, cpuSeconds * 1e3 / records, last);
        LocalFlink.deleteQuietly(dir);
    }

    /** False once the job ended (its MiniCluster then shuts down and answers no more). */
    private static boolean running(JobClient job) {
        try {
            return !job.getJobStatus().get().isGloballyTerminalState();
        } catch (Exception e) {
            return false;
        }
    }

    private static final Pattern COMPLETED = Pattern.compile(
            "\"completed\":\\{[^}]*?\"id\":(\\d+)[^}]*?\"checkpointed_size\":(\\d+)[^}]*?\"state_size\":(\\d+)"
                    + "[^}]*?\"end_to_end_duration\":(\\d+)");

    /** id, full and checkpointed size and duration of the latest completed checkpoint, or null. */
    private static String completedCheckpoint(int port, String jobId) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/jobs/" + jobId + "/checkpoints")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            int latest = body.indexOf("\"latest\"");
            Matcher m = COMPLETED.matcher(latest < 0 ? "" : body.substring(latest));
            if (!m.find()) {
                return null;
            }
            return String.format(Locale.ROOT, "#%s state %.2f MB, checkpointed %.2f MB, %s ms", m.group(1),
                    Long.parseLong(m.group(3)) / 1e6, Long.parseLong(m.group(2)) / 1e6, m.group(4));
        } catch (Exception e) {
            return null;
        }
    }

    /** Record i: sensor i % keys, its window i / keys, one packet covering it (so it closes at once). */
    static final class Packets implements MapFunction<Long, EventPacket> {
        private final int keys;
        private final long paceNanos;

        Packets(int keys, long paceNanos) {
            this.keys = keys;
            this.paceNanos = paceNanos;
        }

        @Override
        public EventPacket map(Long i) {
            if (paceNanos > 0) {
                LockSupport.parkNanos(paceNanos);
            }
            int key = (int) (i % keys);
            long window = i / keys;
            SplittableRandom random = new SplittableRandom(i);
            ByteBuffer events = PackedEvents.allocate(EVENTS);
            int cls = (int) (window % CLASSES);
            for (int e = 0; e < EVENTS; e++) {
                PackedEvents.put(events, e * (WINDOW_MICROS / EVENTS), 3 * cls + random.nextInt(4), random.nextInt(34),
                        random.nextBoolean());
            }
            events.flip();
            long start = window * WINDOW_MICROS;
            return new EventPacket("sensor-" + key, window, 34, 34, start, start + WINDOW_MICROS, EVENTS, events, 0L);
        }
    }

    static final class Labels implements MapFunction<Long, Label> {
        private final int keys;

        Labels(int keys) {
            this.keys = keys;
        }

        @Override
        public Label map(Long i) {
            long window = i / keys;
            long start = window * WINDOW_MICROS;
            return new Label("sensor-" + (i % keys), window, start, start + WINDOW_MICROS, (int) (window % CLASSES),
                    List.of());
        }
    }
}
