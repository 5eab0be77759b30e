package io.neurostream.apps.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.kafka.KafkaBrokerExtension;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.continual.ContinualJob;
import io.neurostream.jobs.reservoir.ReservoirJob;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples that decode and pass the decode step's checks but that the keyed operator cannot use are
 * dead-lettered by that operator with the partition and offset they were read at (not -1): the Sample
 * keeps its Kafka position from the decode step to the operator ({@code SourcedTypeInfo.samples()}), and
 * the continual learner keeps it in state while a sample waits for its timer. Real KRaft broker, the jobs
 * as their cluster {@code main} builds them (bounded, exactly once, MiniCluster).
 */
class SampleDeadLettersITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final SingleObjectCodec<Sample> SAMPLES = SingleObjectCodec.of(Sample.class);
    private static final SingleObjectCodec<Label> LABELS = SingleObjectCodec.of(Label.class);
    private static final SingleObjectCodec<DeadLetter> DEAD_LETTERS = SingleObjectCodec.of(DeadLetter.class);
    private static final SingleObjectCodec<Prediction> PREDICTIONS = SingleObjectCodec.of(Prediction.class);
    private static final long STEP_MICROS = 1_000;

    @TempDir
    Path temp;

    /** A record sent and where the broker put it. */
    private record Sent(String topic, Future<RecordMetadata> at) {
        String position() throws Exception {
            RecordMetadata m = at.get();
            return topic + "/" + m.partition() + "@" + m.offset();
        }
    }

    @Test
    void reservoirRegressDeadLettersASampleOfTheWrongLengthAndARepeatWithTheirOffsets() throws Exception {
        NeurostreamTopics topics = topics("rr");
        String samplesTopic = "rr.samples";
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), List.of(ReservoirJob.samplesTopic(samplesTopic, topics, (short) 1)));
        int good = 30;
        Sent wrongLength = null;
        Sent repeat = null;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < good; i++) {
                if (i == 15) {
                    // decodes and passes the decode step (finite values, below --max-values), but the stream's
                    // first sample had 1 value: only the keyed operator knows
                    wrongLength = send(producer, samplesTopic, "series-0",
                            SAMPLES.encode(sample("series-0", i, i, 0.5f, 0.25f, 0.125f)));
                    repeat = send(producer, samplesTopic, "series-0", SAMPLES.encode(sample("series-0", 3, i, 0.5f)));
                }
                send(producer, topics.labels(), "series-0", LABELS.encode(new Label("series-0", (long) i,
                        i * STEP_MICROS, (i + 1) * STEP_MICROS, null, List.of(Math.sin(i + 1.0)))));
                send(producer, samplesTopic, "series-0", SAMPLES.encode(sample("series-0", i, i, (float) Math.sin(i))));
            }
            producer.flush();
        }
        JobArguments args = JobArguments.parse(new String[] {"--bootstrap-servers", KAFKA.bootstrapServers(),
                "--models", "esn-20-rls"}, ReservoirJob.OPTIONS.keySet());
        StreamExecutionEnvironment env = new LocalFlink(1, 500, "hashmap", 0, -1, false).create(temp.resolve("rr"));
        ReservoirJob.onKafka(KAFKA.bootstrapServers(), topics, samplesTopic, "rr", DeliveryMode.EXACTLY_ONCE, true,
                ReservoirJob.settingsFrom(args)).build(env);
        env.execute("rr");

        List<DeadLetter> letters = deadLetters(topics);
        assertThat(letters).extracting(SampleDeadLettersITCase::position)
                .as("dead letters: the two bad samples, named by partition and offset")
                .containsExactlyInAnyOrder(wrongLength.position(), repeat.position());
        assertThat(letters).allSatisfy(d -> assertThat(d.getSourceTimestampMillis()).isPositive());
        assertThat(reasonAt(letters, wrongLength.position())).contains("has 3 values, the stream's first had 1");
        assertThat(reasonAt(letters, repeat.position())).contains("sample sequence 3 is not above");
        assertThat(predictions(topics)).as("every good sample predicted").hasSize(good);
    }

    @Test
    void continualDeadLettersAnUnlabelledTestSampleWithItsOffsetAfterItWaitedInState() throws Exception {
        NeurostreamTopics topics = topics("cl");
        String samplesTopic = "cl.samples";
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), List.of(new NewTopic(samplesTopic, 2, (short) 1)
                .configs(Map.of("message.timestamp.type", "LogAppendTime"))));
        int training = 20;
        Sent unlabelled;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < training; i++) {
                int c = i % 2;
                send(producer, topics.labels(), "S", LABELS.encode(new Label("S", (long) i, i * STEP_MICROS,
                        (i + 1) * STEP_MICROS, c, List.of())));
                send(producer, samplesTopic, "S", SAMPLES.encode(sample("S", i, i, c, 1 - c, 0.5f, 0.25f)));
            }
            // a test sample of task 0 and its label, then one without a label: nothing to score it against
            send(producer, topics.labels(), "S/test/0", LABELS.encode(new Label("S/test/0", 0L, training * STEP_MICROS,
                    (training + 1) * STEP_MICROS, 1, List.of())));
            send(producer, samplesTopic, "S", SAMPLES.encode(sample("S/test/0", 0, training, 0, 1, 0.5f, 0.25f)));
            unlabelled = send(producer, samplesTopic, "S",
                    SAMPLES.encode(sample("S/test/0", 1, training + 1, 1, 0, 0.5f, 0.25f)));
            producer.flush();
        }
        JobArguments args = JobArguments.parse(new String[] {"--bootstrap-servers", KAFKA.bootstrapServers(),
                "--inputs", "4", "--hidden", "8", "--classes", "2", "--input-components", "2",
                "--hidden-components", "2", "--task-buffer", "50"}, ContinualJob.OPTIONS.keySet());
        StreamExecutionEnvironment env = new LocalFlink(1, 500, "hashmap", 0, -1, false).create(temp.resolve("cl"));
        ContinualJob.onKafka(KAFKA.bootstrapServers(), topics, samplesTopic, "cl.metrics", "cl",
                DeliveryMode.EXACTLY_ONCE, true, ContinualJob.settingsFrom(args)).build(env);
        env.execute("cl");

        List<DeadLetter> letters = deadLetters(topics);
        assertThat(letters).extracting(SampleDeadLettersITCase::position).as("dead letters")
                .containsExactly(unlabelled.position());
        assertThat(letters.get(0).getReason()).contains("test sample without a label");
        assertThat(letters.get(0).getSourceTimestampMillis()).isPositive();
    }

    private static Sample sample(String stream, long sequence, int step, float... values) {
        List<Float> v = new ArrayList<>();
        for (float x : values) {
            v.add(x);
        }
        return new Sample(stream, sequence, step * STEP_MICROS, (step + 1) * STEP_MICROS, v);
    }

    private static NeurostreamTopics topics(String prefix) {
        NeurostreamTopics topics = new NeurostreamTopics(prefix + ".dvs.events", prefix + ".neural.spikes",
                prefix + ".labels", prefix + ".control", prefix + ".predictions", prefix + ".models",
                prefix + ".dead-letters", 2);
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics.definitions());
        return topics;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Sent send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        return new Sent(topic, producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)));
    }

    private static String position(DeadLetter d) {
        return d.getSourceTopic() + "/" + d.getSourcePartition() + "@" + d.getSourceOffset();
    }

    private static String reasonAt(List<DeadLetter> letters, String position) {
        return letters.stream().filter(d -> position(d).equals(position)).findFirst().orElseThrow().getReason();
    }

    private static List<DeadLetter> deadLetters(NeurostreamTopics topics) throws Exception {
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(KAFKA.bootstrapServers(), topics.deadLetters(),
                Duration.ofSeconds(30))) {
            out.add(DEAD_LETTERS.decode(r.value()));
        }
        return out;
    }

    private static List<Prediction> predictions(NeurostreamTopics topics) throws Exception {
        List<Prediction> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(KAFKA.bootstrapServers(), topics.predictions(),
                Duration.ofSeconds(30))) {
            out.add(PREDICTIONS.decode(r.value()));
        }
        return out;
    }
}
