package io.neurostream.apps.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.LocalRunner;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Hostile input through the real pipeline: 10,000 seeded random and mutated records (bit flips,
 * truncation, extension, length and count corruption, fingerprint and magic changes, random bytes,
 * absurd sizes, records over the configured limits, labels without a class of the job), mixed with
 * the good packets and labels of four sensors, are written to a real KRaft broker; dvs-classify
 * runs exactly as its cluster {@code main} builds it (bounded, exactly-once, parallelism 2, on a
 * Flink MiniCluster with no restart strategy, so a single exception fails the job).
 *
 * <p>Then, read read_committed to the end of each topic: the job finished (it never failed, hence
 * never restarted); every record that is bad by construction is in dead-letters exactly once, with
 * its source topic, partition and offset; no good record is; a bit-flipped record is either dead-lettered
 * once or accepted (a flip may leave a valid record); and every window of every good sensor has
 * exactly one prediction that used exactly the sensor's events of that window.
 */
class HostileInputITCase {
    private static final long WINDOW_MICROS = 20_000;
    private static final int WINDOWS = 10;
    private static final int LABELLED_WINDOWS = 6;
    private static final int EVENTS_PER_PACKET = 40;
    private static final String[] GOOD_SENSORS = {"good-a", "good-b", "good-c", "good-d"};
    private static final int HOSTILE_RECORDS = 10_000;
    private static final int MAX_EVENTS_PER_PACKET = 5_000;
    private static final int MAX_RECORD_BYTES = 65_536;

    private static final SingleObjectCodec<EventPacket> PACKETS = SingleObjectCodec.of(EventPacket.class);
    private static final SingleObjectCodec<Label> LABELS = SingleObjectCodec.of(Label.class);

    /** What a record is by construction. */
    private enum Verdict { GOOD, BAD, EITHER }

    /** How a hostile record was made (the counts are reported on failure). */
    private enum Kind {
        VALID_OTHER_SENSOR(Verdict.GOOD), BIT_FLIP(Verdict.EITHER), TRUNCATED(Verdict.BAD), EXTENDED(Verdict.BAD),
        FINGERPRINT(Verdict.BAD), MAGIC(Verdict.BAD), RANDOM_BYTES(Verdict.BAD), RANDOM_BODY(Verdict.BAD),
        WRONG_RECORD_TYPE(Verdict.BAD), SIDE_TOO_LARGE(Verdict.BAD), TOO_MANY_PIXELS(Verdict.BAD),
        NON_POSITIVE_SIDE(Verdict.BAD), COUNT_LIES(Verdict.BAD), NEGATIVE_COUNT(Verdict.BAD),
        LENGTH_PAST_END(Verdict.BAD), STRING_PAST_END(Verdict.BAD), END_BEFORE_START(Verdict.BAD),
        EVENT_OUTSIDE(Verdict.BAD), TIME_BACK_IN_PACKET(Verdict.BAD), EVENT_AT_END(Verdict.BAD),
        ZERO_SPAN_WITH_EVENT(Verdict.BAD), BAD_POLARITY(Verdict.BAD), TIME_OUT_OF_RANGE(Verdict.BAD),
        BAD_UNION(Verdict.BAD), OVER_EVENT_LIMIT(Verdict.BAD), OVER_BYTE_LIMIT(Verdict.BAD),
        LABEL_CLASS_TOO_LARGE(Verdict.BAD), LABEL_NEGATIVE_CLASS(Verdict.BAD), LABEL_NO_CLASS(Verdict.BAD),
        LABEL_NAN_TARGET(Verdict.BAD), LABEL_END_BEFORE_START(Verdict.BAD), LABEL_HUGE_ARRAY(Verdict.BAD),
        LABEL_TRUNCATED(Verdict.BAD);

        final Verdict verdict;

        Kind(Verdict verdict) {
            this.verdict = verdict;
        }
    }

    private record Sent(Kind kind, String topic, Future<RecordMetadata> metadata) {}

    @Test
    void tenThousandHostileRecordsAreDeadLetteredOnceAndTheGoodOnesArePredicted() throws Exception {
        NeurostreamTopics topics = new NeurostreamTopics("hostile.dvs", "hostile.spikes", "hostile.labels",
                "hostile.control", "hostile.predictions", "hostile.models", "hostile.dead-letters", 2);
        try (LocalRunner runner = LocalRunner.start(null, topics)) {
            String bootstrap = runner.bootstrapServers();
            SplittableRandom random = new SplittableRandom(20261130);
            List<Sent> sent = new ArrayList<>();
            Map<String, long[]> goodEventsPerWindow = new HashMap<>();
            try (var producer = producer(bootstrap)) {
                // Good records interleaved with hostile ones, in order per good sensor.
                List<ProducerRecord<byte[], byte[]>> good = goodRecords(topics, goodEventsPerWindow, random);
                int hostileLeft = HOSTILE_RECORDS;
                int goodIndex = 0;
                while (goodIndex < good.size() || hostileLeft > 0) {
                    boolean sendGood = hostileLeft == 0
                            || goodIndex < good.size() && random.nextInt(HOSTILE_RECORDS / good.size() + 1) == 0;
                    if (sendGood) {
                        ProducerRecord<byte[], byte[]> r = good.get(goodIndex++);
                        sent.add(new Sent(null, r.topic(), producer.send(r)));
                    } else {
                        hostileLeft--;
                        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                        String topic = kind.name().startsWith("LABEL") ? topics.labels() : topics.dvsEvents();
                        byte[] value = hostile(kind, random);
                        byte[] key = ("fuzz-" + random.nextInt(50)).getBytes(StandardCharsets.UTF_8);
                        sent.add(new Sent(kind, topic, producer.send(new ProducerRecord<>(topic, key, value))));
                    }
                    if (sent.size() % 1000 == 0) {
                        producer.flush(); // a bounded backlog: on a loaded machine 10,000 queued sends could expire
                    }
                }
                producer.flush();
            }

            String[] args = {"--bootstrap-servers", bootstrap, "--bounded", "true", "--group-id", "hostile",
                    "--window-micros", Long.toString(WINDOW_MICROS), "--neurons", "100", "--label-lateness-micros", "0",
                    // no idleness rule: on a loaded machine a good sensor silent for 2 s of wall time would stop holding
                    // the watermark back and the fuzz sensors' far clocks would close its open window early
                    "--idle-millis", "0",
                    "--max-events-per-packet", Integer.toString(MAX_EVENTS_PER_PACKET),
                    "--max-record-bytes", Integer.toString(MAX_RECORD_BYTES),
                    "--topic-dvs-events", topics.dvsEvents(), "--topic-labels", topics.labels(),
                    "--topic-predictions", topics.predictions(), "--topic-models", topics.models(),
                    "--topic-dead-letters", topics.deadLetters()};
            JobArguments arguments = JobArguments.parse(args, DvsClassifyJob.OPTIONS.keySet());
            JobClient job = runner.submit(new LocalFlink(2, 2_000, "hashmap", 0, -1, false), "hostile", env -> {
                Configuration noRestart = new Configuration();
                noRestart.setString("restart-strategy.type", "none"); // one exception fails the job: no hidden restart
                env.configure(noRestart);
                DvsClassifyJob.fromArguments(arguments, topics).build(env);
            });
            // Returns only if the job FINISHED: with no restart strategy any exception would have failed it.
            job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

            // Where each record went (topic, partition, offset) -> how it was made.
            Map<String, Sent> byPosition = new HashMap<>();
            EnumMap<Kind, Integer> made = new EnumMap<>(Kind.class);
            for (Sent s : sent) {
                RecordMetadata m = s.metadata().get();
                byPosition.put(position(s.topic(), m.partition(), m.offset()), s);
                if (s.kind() != null) {
                    made.merge(s.kind(), 1, Integer::sum);
                }
            }

            SingleObjectCodec<DeadLetter> deadLetterCodec = SingleObjectCodec.of(DeadLetter.class);
            Map<String, Integer> deadLettered = new HashMap<>();
            EnumMap<Kind, Integer> deadByKind = new EnumMap<>(Kind.class);
            for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(bootstrap, topics.deadLetters(), Duration.ofMinutes(1))) {
                DeadLetter d = deadLetterCodec.decode(r.value());
                String at = position(d.getSourceTopic(), d.getSourcePartition(), d.getSourceOffset());
                deadLettered.merge(at, 1, Integer::sum);
                Sent s = byPosition.get(at);
                assertThat(s).as("dead letter %s (%s) matches no record sent", at, d.getReason()).isNotNull();
                assertThat(s.kind()).as("a good record was dead-lettered: %s", d.getReason()).isNotNull();
                assertThat(s.kind().verdict).as("%s dead-lettered: %s", s.kind(), d.getReason()).isNotEqualTo(Verdict.GOOD);
                assertThat(r.timestamp()).as("Kafka timestamp of a dead letter is wall-clock")
                        .isGreaterThan(System.currentTimeMillis() - 600_000);
                deadByKind.merge(s.kind(), 1, Integer::sum);
                checkReason(s.kind(), d.getReason());
            }
            assertThat(deadLettered).as("dead-lettered more than once").allSatisfy((at, n) -> assertThat(n).isOne());
            for (var e : byPosition.entrySet()) {
                if (e.getValue().kind() != null && e.getValue().kind().verdict == Verdict.BAD) {
                    assertThat(deadLettered).as("%s record at %s not dead-lettered; made %s, dead-lettered %s",
                            e.getValue().kind(), e.getKey(), made, deadByKind).containsKey(e.getKey());
                }
            }

            SingleObjectCodec<Prediction> predictionCodec = SingleObjectCodec.of(Prediction.class);
            Map<String, Long> eventsPredicted = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(bootstrap, topics.predictions(), Duration.ofMinutes(1))) {
                Prediction p = predictionCodec.decode(r.value());
                if (p.getStreamId().startsWith("good-")) {
                    Long before = eventsPredicted.put(p.getStreamId() + "/" + p.getWindowStartMicros(), p.getEventCount());
                    assertThat(before).as("duplicate prediction %s", p.getId()).isNull();
                }
            }
            Map<String, Long> expected = new HashMap<>();
            goodEventsPerWindow.forEach((sensor, counts) -> {
                for (int w = 0; w < counts.length; w++) {
                    expected.put(sensor + "/" + w * WINDOW_MICROS, counts[w]);
                }
            });
            assertThat(eventsPredicted).isEqualTo(expected);

            long bad = made.entrySet().stream().filter(e -> e.getKey().verdict == Verdict.BAD).mapToLong(Map.Entry::getValue).sum();
            assertThat(bad).isGreaterThan(7_000);
            assertThat(deadByKind.getOrDefault(Kind.BIT_FLIP, 0)).as("bit flips dead-lettered").isPositive();
        }
    }

    /** Reasons that name what is wrong, for the kinds whose reason is certain. */
    private static void checkReason(Kind kind, String reason) {
        switch (kind) {
            case FINGERPRINT, WRONG_RECORD_TYPE -> assertThat(reason).matches("unknown schema fingerprint 0x[0-9A-F]{16}.*");
            case OVER_EVENT_LIMIT -> assertThat(reason).contains("--max-events-per-packet");
            case OVER_BYTE_LIMIT -> assertThat(reason).contains("--max-record-bytes");
            case LABEL_CLASS_TOO_LARGE -> assertThat(reason).contains("classIndex");
            case EXTENDED -> assertThat(reason).contains("trailing byte");
            default -> assertThat(reason).isNotBlank();
        }
    }

    private static String position(String topic, int partition, long offset) {
        return topic + "/" + partition + "@" + offset;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Two packets per window of each good sensor (the second closes the window), labels for the first windows. */
    private static List<ProducerRecord<byte[], byte[]>> goodRecords(NeurostreamTopics topics, Map<String, long[]> eventsPerWindow,
                                                                    SplittableRandom random) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int s = 0; s < GOOD_SENSORS.length; s++) {
            String sensor = GOOD_SENSORS[s];
            long[] counts = new long[WINDOWS];
            eventsPerWindow.put(sensor, counts);
            byte[] key = sensor.getBytes(StandardCharsets.UTF_8);
            long sequence = 0;
            for (int w = 0; w < WINDOWS; w++) {
                long windowStart = w * WINDOW_MICROS;
                if (w < LABELLED_WINDOWS) {
                    Label label = new Label(sensor, (long) w, windowStart, windowStart + WINDOW_MICROS, (w + s) % 10, List.of());
                    out.add(new ProducerRecord<>(topics.labels(), key, LABELS.encode(label)));
                }
                for (int half = 0; half < 2; half++) {
                    long start = windowStart + half * WINDOW_MICROS / 2;
                    EventPacket p = validPacket(sensor, sequence++, 34, 34, start, start + WINDOW_MICROS / 2,
                            EVENTS_PER_PACKET, random);
                    counts[w] += EVENTS_PER_PACKET;
                    out.add(new ProducerRecord<>(topics.dvsEvents(), key, PACKETS.encode(p)));
                }
            }
        }
        return out;
    }

    private static EventPacket validPacket(String sensor, long sequence, int width, int height, long start, long end,
                                           int events, SplittableRandom random) {
        ByteBuffer packed = PackedEvents.allocate(events);
        long span = end - start;
        long dt = 0;
        for (int i = 0; i < events; i++) {
            dt = Math.min(span - 1, dt + random.nextInt((int) Math.max(1, 2 * span / Math.max(1, events))));
            PackedEvents.put(packed, dt, random.nextInt(width), random.nextInt(height), random.nextBoolean());
        }
        packed.flip();
        return new EventPacket(sensor, sequence, width, height, start, end, events, packed, null);
    }

    /**
     * A packet of a sensor no good record uses, at a random time in the first window (possibly going back:
     * counted late, not bad). Its clock stays behind the good sensors': the watermark follows the slowest
     * sensor seen, and fuzz sensors far ahead would let it close a good sensor's window before the packet
     * that completes it arrives (by design: that sensor would lag by more than the allowed disorder).
     */
    private static byte[] fuzzPacket(SplittableRandom random) {
        long start = random.nextLong(WINDOW_MICROS / 2);
        return PACKETS.encode(validPacket("fuzzsensor-" + random.nextInt(40), random.nextLong(1000), 34, 34, start,
                start + 1 + random.nextInt((int) WINDOW_MICROS / 2 - 1), 1 + random.nextInt(30), random));
    }

    private static byte[] hostile(Kind kind, SplittableRandom random) {
        byte[] valid = fuzzPacket(random);
        return switch (kind) {
            case VALID_OTHER_SENSOR -> valid;
            case BIT_FLIP -> {
                byte[] m = valid.clone();
                for (int i = 0, flips = 1 + random.nextInt(3); i < flips; i++) {
                    int bit = random.nextInt(m.length * 8);
                    m[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                yield m;
            }
            case TRUNCATED -> java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            case EXTENDED -> {
                byte[] m = java.util.Arrays.copyOf(valid, valid.length + 1 + random.nextInt(64));
                for (int i = valid.length; i < m.length; i++) {
                    m[i] = (byte) random.nextInt(256);
                }
                yield m;
            }
            case FINGERPRINT -> {
                byte[] m = valid.clone();
                int at = 2 + random.nextInt(8);
                m[at] = (byte) (m[at] ^ (1 + random.nextInt(255)));
                yield m;
            }
            case MAGIC -> {
                byte[] m = valid.clone();
                int at = random.nextInt(2);
                m[at] = (byte) (m[at] ^ (1 + random.nextInt(255)));
                yield m;
            }
            case RANDOM_BYTES -> {
                byte[] m = new byte[random.nextInt(300)];
                for (int i = 0; i < m.length; i++) {
                    m[i] = (byte) random.nextInt(256);
                }
                if (m.length > 1 && m[0] == (byte) 0xC3) {
                    m[1] = 0x02; // not the magic (a random valid header is RANDOM_BODY's case)
                }
                yield m;
            }
            case RANDOM_BODY -> {
                byte[] m = java.util.Arrays.copyOf(valid, 10 + random.nextInt(300));
                for (int i = 10; i < m.length; i++) {
                    m[i] = (byte) random.nextInt(256);
                }
                yield m;
            }
            case WRONG_RECORD_TYPE -> LABELS.encode(new Label("fuzz", 1L, 0L, 1L, 1, List.of()));
            case SIDE_TOO_LARGE -> packet(70_000, 10, 0, 100, goodEvents(1, 100), 1, 0);
            case TOO_MANY_PIXELS -> packet(4000, 4000, 0, 100, goodEvents(1, 100), 1, 0);
            case NON_POSITIVE_SIDE -> packet(random.nextBoolean() ? 0 : -5, 34, 0, 100, new byte[0], 0, 0);
            case COUNT_LIES -> packet(34, 34, 0, 100, goodEvents(1, 100), 5_000_000, 0);
            case NEGATIVE_COUNT -> packet(34, 34, 0, 100, new byte[0], -3, 0);
            case LENGTH_PAST_END -> body(w -> {
                header(w, "fuzzsensor-len", 34, 34, 0, 100, 1);
                w.writeLong(2_000_000_000L); // events: 2 GB claimed, 9 bytes present
                w.write(goodEvents(1, 100));
                w.writeLong(0);
            });
            case STRING_PAST_END -> body(w -> w.writeLong(1_000_000_000L));
            case END_BEFORE_START -> packet(34, 34, 500, 100, new byte[0], 0, 0);
            case EVENT_OUTSIDE -> packet(34, 34, 0, 100, events(new long[] {5}, new int[] {34}, new int[] {3}, 1), 1, 0);
            case TIME_BACK_IN_PACKET -> packet(34, 34, 0, 100,
                    events(new long[] {50, 40}, new int[] {1, 2}, new int[] {1, 2}, 1), 2, 0);
            case EVENT_AT_END -> packet(34, 34, 0, 100, events(new long[] {100}, new int[] {1}, new int[] {1}, 1), 1, 0);
            case ZERO_SPAN_WITH_EVENT -> packet(34, 34, 100, 100, events(new long[] {0}, new int[] {1}, new int[] {1}, 1), 1, 0);
            case BAD_POLARITY -> packet(34, 34, 0, 100, events(new long[] {3}, new int[] {1}, new int[] {1}, 7), 1, 0);
            case TIME_OUT_OF_RANGE -> packet(34, 34, Long.MAX_VALUE - 50, Long.MAX_VALUE,
                    events(new long[] {10}, new int[] {1}, new int[] {1}, 1), 1, 0);
            case BAD_UNION -> packet(34, 34, 0, 100, new byte[0], 0, 5);
            case OVER_EVENT_LIMIT -> PACKETS.encode(validPacket("fuzzsensor-big", 0, 34, 34, 0, 1_000_000,
                    MAX_EVENTS_PER_PACKET + 1 + random.nextInt(1000), random));
            case OVER_BYTE_LIMIT -> {
                byte[] m = PACKETS.encode(validPacket("fuzzsensor-huge", 0, 34, 34, 0, 1_000_000, 4_000, random));
                byte[] padded = java.util.Arrays.copyOf(m, MAX_RECORD_BYTES + 1 + random.nextInt(1000));
                yield padded; // a valid record and trailing bytes: too big before anything is decoded
            }
            case LABEL_CLASS_TOO_LARGE -> LABELS.encode(new Label(GOOD_SENSORS[random.nextInt(4)], 99L, 0L, WINDOW_MICROS,
                    10 + random.nextInt(1000), List.of()));
            case LABEL_NEGATIVE_CLASS -> LABELS.encode(new Label("fuzz", 1L, 0L, WINDOW_MICROS, -1 - random.nextInt(5), List.of()));
            case LABEL_NO_CLASS -> LABELS.encode(new Label("fuzz", 1L, 0L, WINDOW_MICROS, null, List.of()));
            case LABEL_NAN_TARGET -> LABELS.encode(new Label("fuzz", 1L, 0L, WINDOW_MICROS, null,
                    List.of(1.0, random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY)));
            case LABEL_END_BEFORE_START -> LABELS.encode(new Label("fuzz", 1L, 500L, 100L, 1, List.of()));
            case LABEL_HUGE_ARRAY -> {
                byte[] prefix = LABELS.encode(new Label("fuzz", 1L, 0L, 100L, null, List.of()));
                // replace the empty target (last byte 00) by a block claiming 2^40 doubles
                AvroWriter w = new AvroWriter();
                w.write(java.util.Arrays.copyOf(prefix, prefix.length - 1));
                w.writeLong(1L << 40);
                w.write(new byte[16]);
                w.writeLong(0);
                yield w.toByteArray();
            }
            case LABEL_TRUNCATED -> {
                byte[] m = LABELS.encode(new Label("fuzz", 1L, 0L, 100L, 3, List.of()));
                yield java.util.Arrays.copyOf(m, random.nextInt(m.length));
            }
        };
    }

    /** An EventPacket written field by field (any value, even one no encoder would write). */
    private static byte[] packet(long width, long height, long start, long end, byte[] events, long count, long union) {
        return body(w -> {
            header(w, "fuzzsensor-hand", width, height, start, end, count);
            w.writeLong(events.length);
            w.write(events);
            w.writeLong(union);
            if (union == 1) {
                w.writeLong(0);
            }
        });
    }

    private static void header(AvroWriter w, String sensor, long width, long height, long start, long end, long count) {
        byte[] id = sensor.getBytes(StandardCharsets.UTF_8);
        w.writeLong(id.length);
        w.write(id);
        w.writeLong(0); // sequence
        w.writeLong(width);
        w.writeLong(height);
        w.writeLong(start);
        w.writeLong(end);
        w.writeLong(count);
    }

    private static byte[] body(java.util.function.Consumer<AvroWriter> fields) {
        AvroWriter w = new AvroWriter();
        byte[] anyPacket = PACKETS.encode(new EventPacket("x", 0L, 1, 1, 0L, 0L, 0, ByteBuffer.allocate(0), null));
        w.write(java.util.Arrays.copyOf(anyPacket, 10)); // magic + EventPacket fingerprint
        fields.accept(w);
        return w.toByteArray();
    }

    private static byte[] goodEvents(int n, long span) {
        long[] dt = new long[n];
        int[] xy = new int[n];
        for (int i = 0; i < n; i++) {
            dt[i] = i * span / (n + 1);
            xy[i] = 1;
        }
        return events(dt, xy, xy, 1);
    }

    private static byte[] events(long[] dt, int[] x, int[] y, int polarity) {
        ByteBuffer b = ByteBuffer.allocate(9 * dt.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < dt.length; i++) {
            b.putInt((int) dt[i]).putShort((short) x[i]).putShort((short) y[i]).put((byte) polarity);
        }
        return b.array();
    }

    /** Avro binary primitives (zig-zag varints), to write records no encoder would. */
    private static final class AvroWriter extends ByteArrayOutputStream {
        void writeLong(long value) {
            long zigzag = (value << 1) ^ (value >> 63);
            while ((zigzag & ~0x7FL) != 0) {
                write((int) ((zigzag & 0x7F) | 0x80));
                zigzag >>>= 7;
            }
            write((int) zigzag);
        }

        @Override
        public void write(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }
    }
}
