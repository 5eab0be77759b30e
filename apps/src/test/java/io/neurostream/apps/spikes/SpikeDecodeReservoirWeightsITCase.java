package io.neurostream.apps.spikes;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.apps.common.LocalFlink;
import io.neurostream.apps.common.TopicRecords;
import io.neurostream.connectors.kafka.KafkaBrokerExtension;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.kafka.TopicAdmin;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.spikes.SpikeBatcher;
import io.neurostream.connectors.spikes.sim.ReachSimParams;
import io.neurostream.connectors.spikes.sim.ReachSimulator;
import io.neurostream.flink.spikes.SpikeDecodeFunction;
import io.neurostream.jobs.common.JobArguments;
import io.neurostream.jobs.spikes.SpikeDecodeJob;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.codec.ByteBuffers;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * spike-decode with {@code --plasticity oja}, as its cluster {@code main} builds it, on a real broker: the esn
 * decoder's adapted input weights are on {@code models} as {@code reservoir-weights} records every
 * {@code --publish-reservoir-every-bins} adapted bins (unlabelled bins adapt too: Oja's rule is unsupervised),
 * shaped {@code [units, inputs]}, float64 little-endian, changing from one to the next, with the seeded
 * connectivity kept (an unconnected input stays exactly 0). A simulated reaching monkey, 32 units, 20 s of 20 ms bins.
 */
class SpikeDecodeReservoirWeightsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int UNITS = 32;
    private static final long BIN_MICROS = 20_000;
    private static final int BINS = 1_000;
    private static final int LABELLED_BINS = 600;
    private static final int PUBLISH_EVERY = 200;

    @TempDir
    Path temp;

    @Test
    void ojaPublishesTheAdaptedInputWeightsOnModels() throws Exception {
        NeurostreamTopics topics = new NeurostreamTopics("oja.dvs.events", "oja.neural.spikes", "oja.labels",
                "oja.control", "oja.predictions", "oja.models", "oja.dead-letters", 2);
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics.definitions());
        replay(topics);

        JobArguments args = JobArguments.parse(new String[] {"--bootstrap-servers", KAFKA.bootstrapServers(),
                "--bounded", "true", "--group-id", "oja", "--decoders", "esn", "--plasticity", "oja",
                "--oja-eta", "0.001", "--publish-reservoir-every-bins", Integer.toString(PUBLISH_EVERY)},
                SpikeDecodeJob.OPTIONS.keySet());
        StreamExecutionEnvironment env = new LocalFlink(1, 500, "hashmap", 0, -1, false).create(temp.resolve("oja"));
        SpikeDecodeJob.fromArguments(args, topics).build(env);
        env.execute("oja");

        SingleObjectCodec<ModelSnapshot> codec = SingleObjectCodec.of(ModelSnapshot.class);
        List<ModelSnapshot> weights = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(KAFKA.bootstrapServers(), topics.models(),
                Duration.ofSeconds(30))) {
            ModelSnapshot m = codec.decode(r.value());
            if (m.getKind().equals(SpikeDecodeFunction.RESERVOIR_WEIGHTS_KIND)) {
                weights.add(m);
            }
        }
        assertThat(weights).extracting(ModelSnapshot::getVersion).as("versions = adapted bins, every 200")
                .containsExactly(200L, 400L, 600L, 800L, 1000L);
        double[] first = null;
        double[] previous = null;
        for (ModelSnapshot m : weights) {
            assertThat(m.getStreamId()).isEqualTo("session-0");
            assertThat(m.getMetadata()).containsEntry("rule", "oja").containsEntry("ojaEta", "0.001")
                    .containsEntry("inputs", Integer.toString(UNITS));
            int units = Integer.parseInt(m.getMetadata().get("units"));
            assertThat(m.getShape()).containsExactly(units, UNITS);
            double[] w = doubles(m.getParameters());
            assertThat(w).hasSize(units * UNITS);
            for (double v : w) {
                assertThat(Double.isFinite(v)).isTrue();
            }
            if (first == null) {
                first = w;
            } else {
                for (int i = 0; i < w.length; i++) {
                    assertThat(w[i] == 0).as("weight %d: the seeded connectivity stays", i).isEqualTo(first[i] == 0);
                }
                assertThat(maxChange(previous, w)).as("adapted since version %d", m.getVersion() - PUBLISH_EVERY)
                        .isGreaterThan(1e-9);
            }
            previous = w;
        }
        long connected = java.util.Arrays.stream(first).filter(v -> v != 0).count();
        assertThat(connected).as("connected inputs").isPositive().isLessThan(first.length);
    }

    private static double maxChange(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double[] doubles(ByteBuffer parameters) {
        ByteBuffer b = ByteBuffer.wrap(ByteBuffers.remaining(parameters)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getDouble();
        }
        return out;
    }

    /** 1,000 bins of simulated reaching: spikes per bin, hand velocity labels for the first 600. */
    private static void replay(NeurostreamTopics topics) {
        ReachSimulator sim = new ReachSimulator(ReachSimParams.builder().neuronCount(UNITS).build(), 11L);
        double[] velocity = new double[2];
        int[] steps = new int[1];
        try (KafkaReplayTarget target = new KafkaReplayTarget(KAFKA.bootstrapServers(), topics,
                KafkaReplayTarget.BULK_LINGER_MILLIS)) {
            SpikeBatcher batcher = new SpikeBatcher("session-0", UNITS, BIN_MICROS, batch -> {
                int b = (int) ((batch.getEndTimeMicros() - 1) / BIN_MICROS);
                if (b < LABELLED_BINS) {
                    target.label(new Label("session-0", (long) b, b * BIN_MICROS, (b + 1) * BIN_MICROS, null,
                            List.of(velocity[0] / Math.max(1, steps[0]), velocity[1] / Math.max(1, steps[0]))));
                }
                target.spikes(batch);
                velocity[0] = 0;
                velocity[1] = 0;
                steps[0] = 0;
            }).startAt(0);
            while (sim.timeMicros() < BINS * BIN_MICROS) {
                int k = sim.step();
                for (int i = 0; i < k; i++) {
                    batcher.add(sim.spikeTimeMicros(i), sim.spikeUnit(i));
                }
                velocity[0] += sim.vxCmPerS();
                velocity[1] += sim.vyCmPerS();
                steps[0]++;
                batcher.advanceTo(sim.timeMicros());
            }
            batcher.finish();
            target.flush();
        }
    }
}
