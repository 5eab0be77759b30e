package io.neurostream.apps.spikes;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.kafka.KafkaBrokerExtension;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import io.neurostream.flink.spikes.DecoderKind;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spike-decode on a Flink MiniCluster against a real KRaft broker, exactly-once, parallelism 2,
 * on the drifting reach generator (seeded): every bin of both sessions gets exactly one committed
 * prediction per decoder; on held-out minutes the adaptive decoders keep R^2 above 0.8 while the
 * same decoders frozen after training (FREEZE on control) fall clearly below; malformed
 * SpikeBatches go to dead-letters with reason and offset while the job carries on.
 */
class SpikeDecodeDemoITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void adaptiveDecodersFollowDriftFrozenOnesDecayAndGarbageIsDeadLettered() throws Exception {
        SpikeDemoOptions options = new SpikeDemoOptions(256, 6, 1, 40, 3, 60, 20_000, 20_000,
                List.of(DecoderKind.KALMAN, DecoderKind.RLS, DecoderKind.ESN), true, 0, null, null, 2, 2, 500,
                DeliveryMode.EXACTLY_ONCE, "hashmap", 0, 2026L, Duration.ofMinutes(4), 4);
        SpikeDemoSummary summary = new SpikeDecodeDemo(options, KAFKA.bootstrapServers()).run(null);

        assertThat(summary.completed()).isTrue();
        assertThat(summary.bins()).isEqualTo(6 * 3000);
        assertThat(summary.predictions()).isEqualTo(6 * 3000 * 2 * 3);
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.missing()).isZero();
        // every scored prediction carries both broker append times (LogAppendTime topics): the latency measure exists
        assertThat(summary.kafkaSamples()).isPositive().isEqualTo(summary.latencySamples());
        for (String decoder : new String[] {"kalman", "rls", "esn"}) {
            double adaptive = summary.r2().get(decoder + " adaptive");
            double frozen = summary.r2().get(decoder + " frozen");
            assertThat(adaptive).as("%s adaptive", decoder).isGreaterThan(0.8);
            assertThat(frozen).as("%s frozen", decoder).isLessThan(adaptive - 0.2);
        }

        List<DeadLetter> deadLetters = new ArrayList<>();
        SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.of(DeadLetter.class);
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(KAFKA.bootstrapServers(), "dead-letters",
                Duration.ofSeconds(10))) {
            deadLetters.add(codec.decode(r.value()));
        }
        assertThat(deadLetters).hasSize(4);
        assertThat(deadLetters).allSatisfy(d -> {
            assertThat(d.getSourceTopic()).isEqualTo("neural.spikes");
            assertThat(d.getSourceOffset()).isPositive();
            assertThat(d.getJob()).isEqualTo("spike-decode");
        });
        assertThat(deadLetters).filteredOn(d -> d.getReason().contains("not Avro single-object encoding")).hasSize(2);
        assertThat(deadLetters).filteredOn(d -> d.getReason().startsWith("invalid SpikeBatch: spike 0 has unit 263"))
                .hasSize(2);
        assertThat(deadLetters.stream().map(d -> d.getSourcePartition() + "/" + d.getSourceOffset()).distinct()).hasSize(4);
    }
}
