package io.neurostream.connectors.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.PacketBuilder;
import io.neurostream.connectors.kafka.KafkaBrokerExtension;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.codec.RecordChecks;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays real event-camera files into a real KRaft broker and reads the topic back: per sensor,
 * exactly the file's events in order (and, when looping, the file again shifted past its end).
 * The files go through {@link Recordings#open}, as {@code neurostream replay} does; the data set
 * through {@link EventReplay#addDataset}, as the N-MNIST demo does.
 */
class EventReplayITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static Path data(String relative) {
        return Path.of(System.getProperty("neurostream.data", "../../shared/data")).resolve(relative);
    }

    private static List<long[]> fileEvents(Path file, int passes) throws Exception {
        List<long[]> one = new ArrayList<>();
        try (EventFileReader reader = EventFormats.open(file)) {
            reader.forEach((t, x, y, on) -> one.add(new long[] {t, x, y, on ? 1 : 0}));
        }
        List<long[]> out = new ArrayList<>(one);
        long shift = 0;
        for (int p = 1; p < passes; p++) {
            shift += one.get(one.size() - 1)[0] + 1 - one.get(0)[0];
            for (long[] e : one) {
                out.add(new long[] {e[0] + shift, e[1], e[2], e[3]});
            }
        }
        return out;
    }

    private static String newTopic(int partitions) {
        String name = "replay-" + UUID.randomUUID();
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), List.of(new NewTopic(name, partitions, (short) 1)));
        return name;
    }

    private static KafkaReplayTarget target(String eventsTopic, String labelsTopic) {
        NeurostreamTopics topics = new NeurostreamTopics(eventsTopic, "neural.spikes", labelsTopic, "control",
                "predictions", "models", "dead-letters", 1);
        return new KafkaReplayTarget(KAFKA.bootstrapServers(), topics, KafkaReplayTarget.BULK_LINGER_MILLIS);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            int idlePolls = 0;
            while (System.currentTimeMillis() < deadline && (out.size() < atLeast || idlePolls < 2)) {
                var records = consumer.poll(Duration.ofMillis(500));
                idlePolls = records.isEmpty() ? idlePolls + 1 : 0;
                records.forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void replayedFilesReadBackAsExactlyTheirEventsInOrderPerSensor() throws Exception {
        String events = newTopic(3);
        String labels = newTopic(1);
        Path nmnist = data("event-camera/nmnist/sample_nmnist.bin");
        Path evt2 = data("event-camera/evt2/evt2.raw");
        Path aedat4 = data("event-camera/aedat4/sample.aedat4");
        Recording replay = Recordings.open(List.of(nmnist, evt2, aedat4), ReplayOptions.defaults()
                .withIds(List.of("cam-nmnist", "cam-evt2", "cam-aedat4")).withPackets(1000, 5_000).withPasses(2));
        assertThat(replay).isInstanceOf(EventReplay.class);
        List<ReplayStats> progress = new ArrayList<>();
        ReplayStats stats;
        try (KafkaReplayTarget target = target(events, labels)) {
            stats = replay.replay(target, Pacer.asFastAsPossible(), progress::add);
        }
        assertThat(progress).last().isEqualTo(stats);
        Map<String, List<long[]>> expected = Map.of(
                "cam-nmnist", fileEvents(nmnist, 2), "cam-evt2", fileEvents(evt2, 2), "cam-aedat4", fileEvents(aedat4, 2));
        long expectedTotal = expected.values().stream().mapToLong(List::size).sum();
        assertThat(stats.events()).isEqualTo(expectedTotal);
        assertThat(stats.labels()).isZero();
        assertThat(stats.fractionDone()).isEqualTo(1.0);

        SingleObjectCodec<EventPacket> codec = SingleObjectCodec.of(EventPacket.class);
        Map<String, List<long[]>> actual = new HashMap<>();
        Map<String, Long> nextSequence = new HashMap<>();
        for (var record : readAll(events, (int) stats.packets())) {
            EventPacket p = codec.decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(p.getSensorId());
            assertThat(RecordChecks.check(p)).isNull();
            assertThat(p.getEndTimeMicros() - p.getStartTimeMicros()).isLessThanOrEqualTo(5_000);
            assertThat(p.getEventCount()).isLessThanOrEqualTo(1000);
            // packets of one sensor arrive in sequence order: one key, one partition
            assertThat(p.getSequence()).isEqualTo(nextSequence.getOrDefault(p.getSensorId(), 0L));
            nextSequence.put(p.getSensorId(), p.getSequence() + 1);
            List<long[]> list = actual.computeIfAbsent(p.getSensorId(), k -> new ArrayList<>());
            PacketBuilder.unpack(p, (t, x, y, on) -> list.add(new long[] {t, x, y, on ? 1 : 0}));
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String sensor : expected.keySet()) {
            assertThat(actual.get(sensor)).as(sensor).hasSameSizeAs(expected.get(sensor));
            for (int i = 0; i < expected.get(sensor).size(); i++) {
                if (!java.util.Arrays.equals(actual.get(sensor).get(i), expected.get(sensor).get(i))) {
                    assertThat(actual.get(sensor).get(i)).as(sensor + " event " + i).containsExactly(expected.get(sensor).get(i));
                }
            }
        }
    }

    @Test
    void labelledDatasetPutsEachSampleInItsSlotAndLabelsOnlyTheTrainSamples() throws Exception {
        String events = newTopic(1);
        String labels = newTopic(1);
        NmnistDataset dataset = NmnistDataset.open(data("event-camera/nmnist-small")).subset(6, 3);
        assertThat(dataset.train()).hasSize(6);
        assertThat(dataset.test()).hasSize(3);
        EventReplay replay = new EventReplay(ReplayOptions.defaults().withPackets(2048, 0));
        replay.addDataset("nmnist", dataset.train(), dataset.test());
        ReplayStats stats;
        try (KafkaReplayTarget target = target(events, labels)) {
            stats = replay.replay(target, Pacer.asFastAsPossible(), null);
        }
        assertThat(stats.labels()).isEqualTo(6);

        SingleObjectCodec<Label> labelCodec = SingleObjectCodec.of(Label.class);
        List<Label> sent = new ArrayList<>();
        for (var r : readAll(labels, 6)) {
            sent.add(labelCodec.decode(r.value()));
        }
        assertThat(sent).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(sent.get(i).getStartTimeMicros()).isEqualTo(i * 400_000L);
            assertThat(sent.get(i).getEndTimeMicros()).isEqualTo((i + 1) * 400_000L);
            assertThat(sent.get(i).getClassIndex()).isEqualTo(dataset.train().get(i).classIndex());
        }

        SingleObjectCodec<EventPacket> codec = SingleObjectCodec.of(EventPacket.class);
        List<List<long[]>> perSlot = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            perSlot.add(new ArrayList<>());
        }
        long lastEnd = 0;
        for (var r : readAll(events, (int) stats.packets())) {
            EventPacket p = codec.decode(r.value());
            assertThat(RecordChecks.check(p)).isNull();
            int slot = (int) (p.getStartTimeMicros() / 400_000);
            assertThat(p.getEndTimeMicros()).isLessThanOrEqualTo((slot + 1) * 400_000L).isGreaterThan(lastEnd - 1);
            lastEnd = p.getEndTimeMicros();
            PacketBuilder.unpack(p, (t, x, y, on) -> perSlot.get(slot).add(new long[] {t - slot * 400_000L, x, y, on ? 1 : 0}));
        }
        assertThat(lastEnd).isEqualTo(9 * 400_000L); // the last sample's packet covers its whole slot
        List<NmnistDataset.Sample> all = new ArrayList<>(dataset.train());
        all.addAll(dataset.test());
        for (int i = 0; i < 9; i++) {
            List<long[]> expected = fileEvents(all.get(i).file(), 1);
            assertThat(perSlot.get(i)).as("slot " + i).hasSameSizeAs(expected);
            for (int k = 0; k < expected.size(); k++) {
                assertThat(perSlot.get(i).get(k)).containsExactly(expected.get(k));
            }
        }
    }
}
