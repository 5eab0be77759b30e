package io.neurostream.apps.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads what is committed in a topic right now (all partitions, from the beginning), read_committed. */
public final class TopicRecords {
    private TopicRecords() {}

    /** Number of committed records in {@code topic}. */
    public static long count(String bootstrap, String topic) {
        long[] total = new long[1];
        forEach(bootstrap, topic, Duration.ofSeconds(5), r -> total[0]++);
        return total[0];
    }

    /** All committed records of {@code topic}, partition by partition in offset order. */
    public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        forEach(bootstrap, topic, timeout, out::add);
        return out;
    }

    /** Visits the records up to the end offsets seen at the start (gives up after {@code timeout}). */
    public static void forEach(String bootstrap, String topic, Duration timeout,
                               Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(bootstrap, topic)) {
            var end = consumer.endOffsets(consumer.assignment());
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            // Transaction markers take offsets too, so stop at the end offsets rather than count offsets.
            while (System.currentTimeMillis() < deadline) {
                boolean atEnd = true;
                for (var e : end.entrySet()) {
                    atEnd &= consumer.position(e.getKey()) >= e.getValue();
                }
                if (atEnd) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    visitor.accept(r);
                }
            }
        }
    }

    /** A read_committed consumer outside any group, assigned every partition of {@code topic} from its beginning. */
    public static KafkaConsumer<byte[], byte[]> fromStart(String bootstrap, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = LocalRunner.newCommittedConsumer(bootstrap, null);
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }
}
