package io.neurostream.connectors.kafka;

import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the compacted {@code models} topic: the latest committed {@link ModelSnapshot} of each stream
 * a job published, e.g. to warm-start another job from them. Records that are not snapshots are
 * skipped (the topic is ours; a stranger's record must not stop a job from starting).
 */
public final class ModelTopic {
    private ModelTopic() {}

    /**
     * The snapshot with the highest version per stream id among those of {@code job} and {@code kind}
     * committed in {@code topic} when the call starts (read_committed, from the beginning).
     */
    public static Map<String, ModelSnapshot> latest(String bootstrapServers, String topic, String job, String kind,
                                                    Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        SingleObjectCodec<ModelSnapshot> codec = SingleObjectCodec.of(ModelSnapshot.class);
        Map<String, ModelSnapshot> latest = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist: nothing to warm-start from");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout); // read_committed: last stable
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " took longer than " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ModelSnapshot s = decode(codec, r.value());
                    if (s != null && job.equals(s.getJob()) && kind.equals(s.getKind())) {
                        latest.merge(s.getStreamId(), s, (a, b) -> b.getVersion() >= a.getVersion() ? b : a);
                    }
                }
            }
        }
        return latest;
    }

    private static ModelSnapshot decode(SingleObjectCodec<ModelSnapshot> codec, byte[] value) {
        if (value == null) {
            return null; // a tombstone: compaction will drop the key
        }
        try {
            return codec.decode(value);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
