package io.neurostream.apps.eval.timeseries;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.RecordProducer;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.reservoir.ReservoirConfig;
import io.neurostream.jobs.reservoir.ReservoirJob;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs the time-series experiments through the real pipeline: an embedded Kafka broker, the
 * streams produced into {@code samples}, {@code labels} and {@code control}, the reservoir-regress
 * job on a MiniCluster reading them (bounded: it stops at the end offsets and finishes), and every
 * prediction read back from {@code predictions} with a read_committed consumer. Stream time: sample
 * t covers [t, t+1) ms.
 */
public final class ReservoirPipeline {
    /** Stream time of one sample. */
    public static final long STEP_MICROS = 1000;

    private ReservoirPipeline() {
    }

    /**
     * One stream: inputs per step (T x m), targets per step (T rows of {@code outputs} values, a null row =
     * no label), and the stream times at which learning is frozen / unfrozen.
     */
    public record Stream(String id, double[][] inputs, double[][] targets, List<long[]> switches) {
        /** A FREEZE at {@code step} (switch value 0) or UNFREEZE (1). */
        public static long[] freezeAt(int step) {
            return new long[] {step * STEP_MICROS, 0};
        }

        public static long[] unfreezeAt(int step) {
            return new long[] {step * STEP_MICROS, 1};
        }
    }

    /** What came back: per model id, per stream, decoded values by step (null where none came). */
    public record Output(Map<String, Map<String, double[][]>> decoded, List<ModelSnapshot> models, long deadLetters,
                         double jobSeconds) {
        public double[][] of(ReservoirConfig model, String stream) {
            Map<String, double[][]> m = decoded.get(model.id());
            return m == null ? null : m.get(stream);
        }
    }

    /** Produces {@code streams}, runs the job with {@code models} to the end, reads the predictions back. */
    public static Output run(List<Stream> streams, List<ReservoirConfig> models, Consumer<String> progress)
            throws Exception {
        return run(streams, models, List.of(), progress);
    }

    /**
     * As {@link #run(List, List, Consumer)}, with {@code badSamples} (key, value) also written into the samples
     * topic, after the streams: messages the job must dead-letter while it carries on.
     */
    public static Output run(List<Stream> streams, List<ReservoirConfig> models, List<Map.Entry<String, byte[]>> badSamples,
                             Consumer<String> progress) throws Exception {
        NeurostreamTopics topics = NeurostreamTopics.defaults(1);
        String samplesTopic = ReservoirJob.SAMPLES_TOPIC;
        try (LocalRunner runner = LocalRunner.start(null, topics)) {
            String bootstrap = runner.bootstrapServers();
            TopicAdmin.createTopics(bootstrap, List.of(ReservoirJob.samplesTopic(samplesTopic, topics, (short) 1)));
            long produced = produce(bootstrap, topics, samplesTopic, streams);
            if (!badSamples.isEmpty()) {
                try (RecordProducer producer = new RecordProducer(bootstrap, 20, 8 << 20)) {
                    for (Map.Entry<String, byte[]> bad : badSamples) {
                        producer.send(samplesTopic, bad.getKey(), bad.getValue());
                    }
                    producer.flush();
                }
            }
            progress.accept(String.format(Locale.ROOT, "produced %,d samples and their labels into Kafka (%d streams)",
                    produced, streams.size()));
            long start = System.nanoTime();
            // one slot: the machine is shared; the models' operators run side by side in it
            LocalFlink flink = new LocalFlink(1, 5_000, "hashmap", 0, -1, false);
            runner.submit(flink, ReservoirJob.NAME, env -> ReservoirJob.onKafka(bootstrap, topics, samplesTopic,
                    ReservoirJob.NAME, DeliveryMode.EXACTLY_ONCE, true, ReservoirJob.Settings.of(models)).build(env));
            var result = runner.job().getJobExecutionResult();
            long lastReport = System.nanoTime();
            while (!result.isDone()) {
                Thread.sleep(500);
                if (System.nanoTime() - lastReport > 15e9) {
                    lastReport = System.nanoTime();
                    progress.accept(String.format(Locale.ROOT, "  job running: %.0f s", (lastReport - start) / 1e9));
                }
            }
            result.get(); // throws if the job failed
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.accept(String.format(Locale.ROOT, "job finished in %.1f s; reading predictions (read_committed)",
                    seconds));
            return read(bootstrap, topics, models, streams, seconds);
        }
    }

    private static long produce(String bootstrap, NeurostreamTopics topics, String samplesTopic, List<Stream> streams) {
        SingleObjectCodec<Sample> samples = SingleObjectCodec.of(Sample.class);
        SingleObjectCodec<Label> labels = SingleObjectCodec.of(Label.class);
        SingleObjectCodec<Control> controls = SingleObjectCodec.of(Control.class);
        long count = 0;
        try (RecordProducer producer = new RecordProducer(bootstrap, 20, 8 << 20)) {
            long seq = 0;
            // controls first: they take effect at their stream time, however early they arrive
            for (Stream s : streams) {
                for (long[] sw : s.switches()) {
                    producer.send(topics.control(), s.id(), controls.encode(new Control(s.id(), seq++, sw[0],
                            sw[1] == 0 ? ControlCommand.FREEZE : ControlCommand.UNFREEZE, null, "eval")));
                }
            }
            producer.flush();
            int steps = streams.stream().mapToInt(s -> s.inputs().length).max().orElse(0);
            for (int t = 0; t < steps; t++) {
                for (Stream s : streams) {
                    if (t >= s.inputs().length) {
                        continue;
                    }
                    long startMicros = t * STEP_MICROS;
                    double[] y = s.targets() == null ? null : s.targets()[t];
                    if (y != null) {
                        List<Double> target = new ArrayList<>(y.length);
                        for (double v : y) {
                            target.add(v);
                        }
                        producer.send(topics.labels(), s.id(), labels.encode(new Label(s.id(), (long) t, startMicros,
                                startMicros + STEP_MICROS, null, target)));
                    }
                    List<Float> values = new ArrayList<>(s.inputs()[t].length);
                    for (double v : s.inputs()[t]) {
                        values.add((float) v);
                    }
                    producer.send(samplesTopic, s.id(), samples.encode(new Sample(s.id(), (long) t, startMicros,
                            startMicros + STEP_MICROS, values)));
                    count++;
                }
            }
            producer.flush();
        }
        return count;
    }

    private static Output read(String bootstrap, NeurostreamTopics topics, List<ReservoirConfig> models,
                               List<Stream> streams, double seconds) throws java.io.IOException {
        Map<String, String> idByJob = new HashMap<>();
        Map<String, Map<String, double[][]>> decoded = new LinkedHashMap<>();
        for (ReservoirConfig m : models) {
            idByJob.put(m.jobName(ReservoirJob.NAME), m.id());
            Map<String, double[][]> perStream = new LinkedHashMap<>();
            for (Stream s : streams) {
                perStream.put(s.id(), new double[s.inputs().length][]);
            }
            decoded.put(m.id(), perStream);
        }
        SingleObjectCodec<Prediction> codec = SingleObjectCodec.of(Prediction.class);
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(bootstrap, topics.predictions(), Duration.ofMinutes(2))) {
            Prediction p = codec.decode(r.value());
            String id = idByJob.get(p.getJob());
            if (id == null) {
                continue;
            }
            double[][] rows = decoded.get(id).get(p.getStreamId());
            int t = (int) (p.getWindowStartMicros() / STEP_MICROS);
            if (rows != null && t >= 0 && t < rows.length) {
                rows[t] = p.getDecoded().stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        SingleObjectCodec<ModelSnapshot> modelCodec = SingleObjectCodec.of(ModelSnapshot.class);
        List<ModelSnapshot> snapshots = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(bootstrap, topics.models(), Duration.ofSeconds(30))) {
            snapshots.add(modelCodec.decode(r.value()));
        }
        long dead = TopicRecords.count(bootstrap, topics.deadLetters());
        return new Output(decoded, snapshots, dead, seconds);
    }

    /** NRMSE = RMSE / population std of the truth, over steps [from, to) of one output; NaN if a prediction is missing. */
    public static double nrmse(double[][] predicted, double[][] truth, int output, int from, int to) {
        double se = 0;
        double sum = 0;
        double sq = 0;
        int n = to - from;
        for (int t = from; t < to; t++) {
            if (predicted[t] == null) {
                return Double.NaN;
            }
            double y = truth[t][output];
            double e = predicted[t][output] - y;
            se += e * e;
            sum += y;
            sq += y * y;
        }
        double mean = sum / n;
        return Math.sqrt(se / n) / Math.sqrt(sq / n - mean * mean);
    }

    /** The median (NaN-aware: a NaN anywhere gives NaN). */
    public static double median(double[] values) {
        double[] v = values.clone();
        for (double d : v) {
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
        }
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
