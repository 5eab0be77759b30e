package io.neurostream.apps.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.kafka.KafkaBrokerExtension;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.apps.dvs.DemoOptions;
import io.neurostream.apps.dvs.DemoSummary;
import io.neurostream.apps.dvs.DvsDemo;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * dvs-classify on a Flink MiniCluster against a real KRaft broker, exactly-once, parallelism 2:
 * every sample gets exactly one committed prediction, garbage goes to dead-letters with its
 * offset and reason, and the job keeps running and learning.
 */
class DvsDemoITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void predictsEverySampleExactlyOnceAndDeadLettersGarbage() throws Exception {
        DemoOptions options = new DemoOptions(240, 60, 2, 2, 500, DeliveryMode.EXACTLY_ONCE, "hashmap", 0, 1024, 11L,
                Duration.ofMinutes(5), 3);
        DemoSummary summary = new DvsDemo(options, KAFKA.bootstrapServers()).run(null);

        assertThat(summary.completed()).as("demo did not complete; summary:\n" + summary.toText()).isTrue();
        assertThat(summary.samples()).isEqualTo(300);
        assertThat(summary.missingPredictions()).isZero();
        assertThat(summary.duplicatePredictions()).isZero();
        assertThat(summary.heldOutPredicted()).isEqualTo(60);
        // 240 training samples already beat chance (10 %) by far; the full demo reaches > 90 %.
        assertThat(summary.heldOutAccuracy()).isGreaterThan(0.6);

        List<DeadLetter> deadLetters = readDeadLetters();
        assertThat(deadLetters).hasSize(3);
        for (DeadLetter d : deadLetters) {
            assertThat(d.getSourceTopic()).isEqualTo("dvs.events");
            assertThat(d.getReason()).contains("not Avro single-object encoding");
            assertThat(d.getSourceOffset()).isPositive();
            assertThat(new String(d.getValue().array(), StandardCharsets.UTF_8)).startsWith("{\"sensorId\"");
        }
        assertThat(deadLetters.stream().map(DeadLetter::getSourceOffset).distinct()).hasSize(3);
    }

    private static List<DeadLetter> readDeadLetters() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-check");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.of(DeadLetter.class);
        List<DeadLetter> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("dead-letters"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    out.add(codec.decode(r.value()));
                }
                if (out.size() >= 3) {
                    // read a little longer to catch unexpected extras
                    for (var r : consumer.poll(Duration.ofMillis(1000))) {
                        out.add(codec.decode(r.value()));
                    }
                    break;
                }
            }
        }
        return out;
    }
}
