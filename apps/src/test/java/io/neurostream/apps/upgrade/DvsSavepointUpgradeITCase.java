package io.neurostream.apps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.apps.model.SavepointModels;
import io.neurostream.connectors.events.EventBuffer;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFormat;
import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.events.PacketBuilder;
import io.neurostream.connectors.events.SensorGeometry;
import io.neurostream.connectors.kafka.KafkaBrokerExtension;
import io.neurostream.connectors.kafka.ModelTopic;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.RecordProducer;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.connectors.kafka.flink.KafkaConnections;
import io.neurostream.connectors.kafka.flink.RecordSerializers;
import io.neurostream.connectors.replay.NmnistDataset;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.flink.dvs.ReadoutSnapshots;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.ByteBuffers;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * dvs-classify stopped with a savepoint and resumed, on a real KRaft broker and Flink MiniClusters,
 * exactly once: three phases of real N-MNIST recordings from two sensors, the job stopped with a
 * (canonical) savepoint after each phase and resumed at parallelism 2, then 1 (on RocksDB), then 3
 * as a new version with an operator added downstream (a keyed audit in front of the predictions'
 * writer) and the control input on (savepoints of the job without control restore into the job with it). Its committed predictions and model snapshots must equal, record by record, those of one
 * job that ran through all three phases without a stop. Inside a phase the labels are sent once its
 * windows are predicted and the next phase starts once they were learned from, so both runs learn
 * and predict in the same order and every difference is lost or misread state.
 */
class DvsSavepointUpgradeITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final List<String> SENSORS = List.of("cam-left", "cam-right");
    private static final int SAMPLES_PER_PHASE = 5;
    private static final long SLOT_MICROS = 400_000;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final SingleObjectCodec<EventPacket> PACKETS = SingleObjectCodec.of(EventPacket.class);
    private static final SingleObjectCodec<Label> LABELS = SingleObjectCodec.of(Label.class);
    private static final SingleObjectCodec<Prediction> PREDICTIONS = SingleObjectCodec.of(Prediction.class);
    private static final SingleObjectCodec<ModelSnapshot> MODELS = SingleObjectCodec.of(ModelSnapshot.class);

    /** A phase of input and the job version that takes it in the resumed run. */
    private record Phase(int parallelism, String stateBackend, boolean upgraded, boolean labelled) {}

    private static final List<Phase> PHASES = List.of(
            new Phase(2, "hashmap", false, true),
            new Phase(1, "rocksdb", false, true),
            new Phase(3, "hashmap", true, false)); // held out: predictions from what was learned before

    /** One sample of one sensor: its packets (sensor clock from its slot) and its class. */
    private record Sample(List<EventPacket> packets, Label label) {}

    /** What a reader compares: everything but wall-clock times. */
    private record Seen(String id, Integer predictedClass, List<Double> scores, Integer labelClass, long modelVersion,
                        long eventCount) {
        static Seen of(Prediction p) {
            return new Seen(p.getId(), p.getPredictedClass(), p.getScores(), p.getLabelClass(), p.getModelVersion(),
                    p.getEventCount());
        }
    }

    @TempDir
    Path temp;

    @Test
    void stoppedWithSavepointsRescaledAndUpgradedItPredictsAsARunWithoutStops() throws Exception {
        Map<String, List<Sample>> input = samples(PHASES.size() * SAMPLES_PER_PHASE);
        DvsClassifyJob.Settings settings = DvsClassifyJob.Settings.from(JobArguments.parse(new String[] {
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--neurons", "100", "--snapshot-every", "1",
                // no input is ever taken for idle: under load a 2 s pause would let one sensor's clock
                // close the other's windows, and which events are late would depend on the machine
                "--idle-millis", "600000",
                // labels come after their windows were predicted; they must never expire (sensor time)
                "--label-lateness-micros", "1000000000000"}, DvsClassifyJob.OPTIONS.keySet()));

        Outcome straight = run("straight", input, settings, false);
        Outcome resumed = run("resumed", input, settings, true);

        int windows = PHASES.size() * SAMPLES_PER_PHASE - 1; // the last window of each sensor stays open
        assertThat(straight.predictions()).hasSize(SENSORS.size() * windows);
        assertThat(resumed.predictions()).as("committed predictions of the resumed run, in order per sensor")
                .containsExactlyElementsOf(straight.predictions());
        long learned = 2L * SAMPLES_PER_PHASE; // phases 1 and 2 labelled
        for (String sensor : SENSORS) {
            List<Seen> last = resumed.predictions().stream().filter(p -> p.id().contains("/" + sensor + "/")).toList();
            assertThat(last.get(last.size() - 1).modelVersion()).as("updates behind %s's last prediction", sensor)
                    .isEqualTo(learned);
        }
        assertThat(resumed.models()).as("model snapshots (one per learning update)").isEqualTo(straight.models());
        assertThat(resumed.models()).hasSize((int) (SENSORS.size() * learned));
        assertThat(resumed.auditedPredictions()).as("predictions through the operator added in the new version")
                .isEqualTo(SENSORS.size() * SAMPLES_PER_PHASE);

        // the State Processor API reads the learned readouts out of the last savepoint: the latest snapshots
        List<ModelSnapshot> fromSavepoint = SavepointModels.read(Path.of(java.net.URI.create(resumed.lastSavepoint())),
                DvsClassifyJob.NAME);
        Map<String, ModelSnapshot> published = ModelTopic.latest(KAFKA.bootstrapServers(), "resumed.models",
                DvsClassifyJob.NAME, ReadoutSnapshots.KIND, WAIT);
        assertThat(fromSavepoint).extracting(ModelSnapshot::getStreamId).containsExactlyElementsOf(SENSORS);
        for (ModelSnapshot m : fromSavepoint) {
            ModelSnapshot p = published.get(m.getStreamId());
            assertThat(m.getVersion()).as("updates of %s", m.getStreamId()).isEqualTo(learned).isEqualTo(p.getVersion());
            assertThat(m.getShape()).isEqualTo(p.getShape());
            assertThat(ByteBuffers.remaining(m.getParameters())).as("weights of %s", m.getStreamId())
                    .isEqualTo(ByteBuffers.remaining(p.getParameters()));
        }
    }

    /**
     * The models topic read back: a job started with {@code --warm-start-from-models} on another
     * job's snapshots predicts held-out recordings exactly as that job does, from its first window
     * (same scores, same model version), although it never saw a label.
     */
    @Test
    void aJobWarmStartedFromAnothersSnapshotsPredictsLikeItFromTheFirstWindow() throws Exception {
        int trained = 8;
        int heldOut = 4;
        Map<String, List<Sample>> input = samples(trained + heldOut);
        String bootstrap = KAFKA.bootstrapServers();
        String[] learner = {"--neurons", "100", "--snapshot-every", "1", "--label-lateness-micros", "1000000000000",
                "--idle-millis", "600000"}; // as above: no idleness decided by the machine's load
        NeurostreamTopics teacherTopics = topics("teacher");
        DvsClassifyJob.Settings settings = DvsClassifyJob.Settings.from(arguments(learner, "--bootstrap-servers", bootstrap));

        // the teacher learns from the first samples, then predicts the held-out ones with what it learned
        JobClient teacher = start(teacherTopics, "dvs-classify-teacher", settings, PHASES.get(0), null);
        List<Prediction> taught;
        try (RecordProducer producer = new RecordProducer(bootstrap, 0, 8 * 1024 * 1024)) {
            send(producer, teacherTopics, input, 0, trained, false);
            await("teacher's predictions", teacher,
                    () -> minPerSensor(predictions(teacherTopics), Prediction::getStreamId) >= trained - 1);
            send(producer, teacherTopics, input, 0, trained, true);
            await("teacher's learning", teacher,
                    () -> minPerSensor(models(teacherTopics), ModelSnapshot::getStreamId) >= trained - 1);
            send(producer, teacherTopics, input, trained, trained + heldOut, false);
            await("teacher's held-out predictions", teacher,
                    () -> minPerSensor(predictions(teacherTopics), Prediction::getStreamId) >= trained + heldOut - 1);
            taught = predictions(teacherTopics).stream().filter(p -> p.getWindowStartMicros() >= trained * SLOT_MICROS)
                    .toList();
        } finally {
            LocalFlink.cancelQuietly(teacher);
        }

        // the student gets only the held-out recordings and the teacher's models topic
        NeurostreamTopics studentTopics = topics("student");
        try (RecordProducer producer = new RecordProducer(bootstrap, 0, 8 * 1024 * 1024)) {
            send(producer, studentTopics, input, trained, trained + heldOut, false);
        }
        JobArguments student = arguments(learner, "--bootstrap-servers", bootstrap, "--group-id", "dvs-classify-student",
                "--bounded", "true", "--warm-start-from-models", teacherTopics.models(),
                "--topic-dvs-events", studentTopics.dvsEvents(), "--topic-labels", studentTopics.labels(),
                "--topic-predictions", studentTopics.predictions(), "--topic-models", studentTopics.models(),
                "--topic-dead-letters", studentTopics.deadLetters());
        StreamExecutionEnvironment env = new LocalFlink(2, 500, "hashmap", 0, -1, false)
                .create(temp.resolve("student-checkpoints"));
        DvsClassifyJob.fromArguments(student, studentTopics).build(env);
        env.execute("dvs-classify-student");

        Map<String, Seen> got = new TreeMap<>();
        predictions(studentTopics).forEach(p -> got.put(p.getId(), Seen.of(p)));
        assertThat(got).as("student's predictions: every held-out window").hasSize(SENSORS.size() * heldOut);
        assertThat(taught).hasSize(SENSORS.size() * (heldOut - 1)); // the teacher's last window stays open
        for (Prediction p : taught) {
            assertThat(p.getModelVersion()).as("teacher's model behind %s", p.getId()).isEqualTo(trained);
            assertThat(got.get(p.getId())).as("student's prediction of %s", p.getId()).isEqualTo(Seen.of(p));
        }
    }

    private static JobArguments arguments(String[] learner, String... more) {
        String[] all = java.util.Arrays.copyOf(more, more.length + learner.length);
        System.arraycopy(learner, 0, all, more.length, learner.length);
        return JobArguments.parse(all, DvsClassifyJob.OPTIONS.keySet());
    }

    private static NeurostreamTopics topics(String name) {
        NeurostreamTopics topics = new NeurostreamTopics(name + ".dvs.events", name + ".neural.spikes",
                name + ".labels", name + ".control", name + ".predictions", name + ".models", name + ".dead-letters", 2);
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics.definitions());
        return topics;
    }

    /** Sends the events (or the labels) of samples [from, to) of every sensor and waits until the broker has them. */
    private static void send(RecordProducer producer, NeurostreamTopics topics, Map<String, List<Sample>> input,
                             int from, int to, boolean labels) {
        for (String sensor : SENSORS) {
            for (Sample s : input.get(sensor).subList(from, to)) {
                if (labels) {
                    producer.send(topics.labels(), sensor, LABELS.encode(s.label()));
                } else {
                    s.packets().forEach(p -> producer.send(topics.dvsEvents(), sensor, PACKETS.encode(p)));
                }
            }
        }
        producer.flush();
    }

    /** Committed predictions (per sensor in window order) and model snapshots (weights hex) of a run. */
    private record Outcome(List<Seen> predictions, Map<String, String> models, long auditedPredictions,
                           String lastSavepoint) {}

    private Outcome run(String name, Map<String, List<Sample>> input, DvsClassifyJob.Settings settings,
                        boolean stopBetweenPhases) throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        NeurostreamTopics topics = topics(name);
        String group = "dvs-classify-" + name;
        JobClient job = null;
        String savepoint = null;
        long audited = 0;
        try (RecordProducer producer = new RecordProducer(bootstrap, 0, 8 * 1024 * 1024)) {
            for (int k = 0; k < PHASES.size(); k++) {
                Phase phase = stopBetweenPhases ? PHASES.get(k) : PHASES.get(0);
                if (job == null) {
                    job = start(topics, group, settings, phase, savepoint);
                }
                send(producer, topics, input, k * SAMPLES_PER_PHASE, (k + 1) * SAMPLES_PER_PHASE, false);
                int predicted = (k + 1) * SAMPLES_PER_PHASE - 1;
                JobClient running = job;
                await("predictions of phase " + (k + 1), running,
                        () -> minPerSensor(predictions(topics), p -> p.getStreamId()) >= predicted);
                if (PHASES.get(k).labelled()) {
                    send(producer, topics, input, k * SAMPLES_PER_PHASE, (k + 1) * SAMPLES_PER_PHASE, true);
                    long learned = (k + 1L) * SAMPLES_PER_PHASE - 1; // the open window learns when it closes
                    await("learning of phase " + (k + 1), running,
                            () -> minPerSensor(models(topics), ModelSnapshot::getStreamId) >= learned);
                }
                if (stopBetweenPhases || k == PHASES.size() - 1) {
                    Path dir = temp.resolve(name + "-savepoint-" + (k + 1));
                    savepoint = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                            .get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                    Object count = job.getJobExecutionResult().get().getAllAccumulatorResults().get("prediction-audit");
                    audited += count == null ? 0 : ((Number) count).longValue();
                    job = null;
                }
            }
        } finally {
            LocalFlink.cancelQuietly(job);
        }
        List<Seen> predictions = new ArrayList<>();
        for (String sensor : SENSORS) {
            predictions(topics).stream().filter(p -> p.getStreamId().equals(sensor))
                    .sorted(java.util.Comparator.comparingLong(Prediction::getWindowStartMicros))
                    .map(Seen::of).forEach(predictions::add);
        }
        Map<String, String> models = new TreeMap<>();
        for (ModelSnapshot m : models(topics)) {
            models.put(m.getStreamId() + "@" + m.getVersion(), java.util.HexFormat.of().formatHex(
                    ByteBuffers.remaining(m.getParameters())));
        }
        return new Outcome(predictions, models, audited, savepoint);
    }

    private JobClient start(NeurostreamTopics topics, String group, DvsClassifyJob.Settings settings, Phase phase,
                            String savepoint) throws Exception {
        LocalFlink flink = new LocalFlink(phase.parallelism(), 500, phase.stateBackend(), 0, -1, false);
        StreamExecutionEnvironment env = flink.create(temp.resolve("checkpoints-" + group + "-" + System.nanoTime()));
        if (savepoint != null) {
            Configuration restore = new Configuration();
            restore.setString("execution.state-recovery.path", savepoint);
            env.configure(restore);
        }
        String bootstrap = KAFKA.bootstrapServers();
        DeliveryMode mode = DeliveryMode.EXACTLY_ONCE;
        DvsClassifyJob job = phase.upgraded()
                ? new DvsClassifyJob(
                        KafkaConnections.rawSource(bootstrap, topics.dvsEvents(), group, mode, false),
                        KafkaConnections.rawSource(bootstrap, topics.labels(), group, mode, false),
                        new PreWriteStageSink<>(KafkaConnections.sink(bootstrap,
                                new RecordSerializers.PredictionSerializer(topics.predictions()), mode,
                                group + "-predictions"), DvsSavepointUpgradeITCase::audit),
                        KafkaConnections.sink(bootstrap, new RecordSerializers.ModelSnapshotSerializer(topics.models()),
                                mode, group + "-models"),
                        KafkaConnections.sink(bootstrap, new RecordSerializers.DeadLetterSerializer(topics.deadLetters()),
                                mode, group + "-dead-letters"),
                        settings, DvsClassifyJob.NAME, topics.dvsEvents(), topics.labels())
                        // the new version also reads control (the job's default): labels then reach the learner as
                        // Either<Label, Control> through the same label-watermarks uid
                        .withControlTopic(bootstrap, topics, group, mode, false)
                : DvsClassifyJob.onKafka(bootstrap, topics, group, mode, false, settings);
        job.build(env);
        return env.executeAsync(group + " p" + phase.parallelism());
    }

    /** The operator the new version adds: a keyed count of predictions per stream (new state, own uid). */
    private static DataStream<Prediction> audit(DataStream<Prediction> predictions) {
        return predictions.keyBy(Prediction::getStreamId).process(new PredictionAudit())
                .returns(new AvroTypeInfo<>(Prediction.class)).uid("prediction-audit").name("prediction audit");
    }

    static final class PredictionAudit extends KeyedProcessFunction<String, Prediction, Prediction> {
        private transient ValueState<Long> seen;
        private transient LongCounter total;

        @Override
        public void open(OpenContext context) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("predictions-seen", Long.class));
            total = getRuntimeContext().getLongCounter("prediction-audit");
        }

        @Override
        public void processElement(Prediction p, Context ctx, Collector<Prediction> out) throws Exception {
            Long before = seen.value();
            seen.update(before == null ? 1 : before + 1);
            total.add(1);
            out.collect(p);
        }
    }

    private static List<Prediction> predictions(NeurostreamTopics topics) {
        return TopicRecords.read(KAFKA.bootstrapServers(), topics.predictions(), Duration.ofSeconds(10)).stream()
                .map(r -> decode(PREDICTIONS, r.value())).toList();
    }

    private static List<ModelSnapshot> models(NeurostreamTopics topics) {
        return TopicRecords.read(KAFKA.bootstrapServers(), topics.models(), Duration.ofSeconds(10)).stream()
                .map(r -> decode(MODELS, r.value())).toList();
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> T decode(SingleObjectCodec<T> codec, byte[] value) {
        try {
            return codec.decode(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The smallest, over the sensors, of their record count (predictions) or latest version (models). */
    private static <T> long minPerSensor(List<T> records, java.util.function.Function<T, String> sensorOf) {
        Map<String, Long> per = new TreeMap<>();
        for (T r : records) {
            long value = r instanceof ModelSnapshot m ? m.getVersion() : 1;
            per.merge(sensorOf.apply(r), value, r instanceof ModelSnapshot ? Math::max : Long::sum);
        }
        return SENSORS.stream().mapToLong(s -> per.getOrDefault(s, 0L)).min().orElse(0);
    }

    private static void await(String what, JobClient job, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                throw new AssertionError("the job ended while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Real N-MNIST training recordings: sensor i gets every other one, a sample per 400 ms slot. */
    private static Map<String, List<Sample>> samples(int perSensor) throws Exception {
        Path data = Path.of(System.getProperty("neurostream.data", "../../shared/data")).resolve("event-camera/nmnist-small");
        List<NmnistDataset.Sample> recordings = NmnistDataset.open(data).subset(SENSORS.size() * perSensor, 0).train();
        Map<String, List<Sample>> samples = new TreeMap<>();
        for (int s = 0; s < SENSORS.size(); s++) {
            String sensor = SENSORS.get(s);
            List<Sample> mine = new ArrayList<>();
            for (int j = 0; j < perSensor; j++) {
                NmnistDataset.Sample recording = recordings.get(j * SENSORS.size() + s);
                long slot = j * SLOT_MICROS;
                mine.add(new Sample(packets(sensor, recording.file(), slot),
                        new Label(sensor, (long) j, slot, slot + SLOT_MICROS, recording.classIndex(), List.of())));
            }
            samples.put(sensor, mine);
        }
        return samples;
    }

    private static List<EventPacket> packets(String sensor, Path file, long offsetMicros) throws Exception {
        List<EventPacket> packets = new ArrayList<>();
        PacketBuilder packer = PacketBuilder.builder().sensorId(sensor).geometry(new SensorGeometry(34, 34))
                .maxEvents(1024).sink(packets::add).build();
        try (EventFileReader reader = EventFormats.open(file, EventFormat.NMNIST, null)) {
            EventBuffer buf = new EventBuffer(8192);
            while (reader.read(buf) > 0) {
                for (int i = 0; i < buf.size; i++) {
                    packer.accept(buf.tMicros[i] + offsetMicros, buf.x[i], buf.y[i], buf.on[i]);
                }
            }
        }
        packer.finish();
        return packets;
    }
}
