package io.neurostream.jobs.spikes;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.flink.spikes.DecoderKind;
import io.neurostream.flink.spikes.SpikeDecodeConfig;
import io.neurostream.jobs.testing.CollectingSink;
import io.neurostream.jobs.testing.InMemoryTopic;
import io.neurostream.jobs.testing.MiniClusters;
import io.neurostream.jobs.testing.SampleData;
import io.neurostream.jobs.testing.SampleData.Spikes;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.ByteBuffers;
import io.neurostream.schemas.codec.PackedSpikes;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spike-decode at the seam: the topology as {@link SpikeDecodeJob} builds it with two decoders
 * (Kalman, RLS), fed by bounded in-memory partitions of single-object-encoded records (no Kafka) and
 * drained by real sinks, on a MiniCluster with parallelism 2. Two real sessions, each on its own
 * partition: the phy/Kilosort template data set (62 units, 12 s) and the first 10 s of the NWB sample
 * (3 units); 2-D targets for the first half of each session; garbage on every input topic.
 */
class SpikeDecodeJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final String PHY = "phy-template";
    private static final String NWB = "nwb-A8604";
    private static final long BATCH_MICROS = 100_000;
    private static final List<DecoderKind> DECODERS = List.of(DecoderKind.KALMAN, DecoderKind.RLS);

    private static final SingleObjectCodec<SpikeBatch> BATCHES = SingleObjectCodec.of(SpikeBatch.class);
    private static final SingleObjectCodec<Label> LABELS = SingleObjectCodec.of(Label.class);
    private static final SingleObjectCodec<Control> CONTROLS = SingleObjectCodec.of(Control.class);

    private final List<CollectingSink<?>> sinks = new ArrayList<>();

    private record Garbage(String topic, int partition, long offset, byte[] value, String reason) {}

    /** A session as sent: its spikes and the time span its batches cover. */
    private record Session(String id, Spikes spikes, long endMicros) {}

    @AfterEach
    void closeSinks() {
        sinks.forEach(CollectingSink::close);
    }

    @Test
    void predictsEveryBinOfBothSessionsOncePerDecoderDeadLettersGarbageAndFinishes() throws Exception {
        Spikes phy = SampleData.kilosortTemplate();
        assertThat(phy.size()).as("phy template spikes (data README)").isEqualTo(314);
        assertThat(phy.unitCount()).isEqualTo(62);
        // phy's batches end 10 ms into its last bin: only the end-of-input watermark closes that bin
        Session[] sessions = {new Session(PHY, phy, 11_990_000), new Session(NWB,
                SampleData.nwbUnits().between(0, 10_000_000), 10_000_000)};
        assertThat(phy.tMicros()[phy.size() - 1]).isLessThan(11_990_000);
        assertThat(sessions[1].spikes().size()).isGreaterThan(100);

        InMemoryTopic spikes = new InMemoryTopic("neural.spikes", 2);
        InMemoryTopic labels = new InMemoryTopic("labels", 2);
        InMemoryTopic control = new InMemoryTopic("control", 1);
        List<Garbage> garbage = new ArrayList<>();
        long binMicros = SpikeDecodeConfig.defaults(DecoderKind.KALMAN).binMicros();

        for (int p = 0; p < sessions.length; p++) {
            Session s = sessions[p];
            List<SpikeBatch> batches = SampleData.batches(s.id(), s.spikes(), 0, s.endMicros(), BATCH_MICROS);
            for (int i = 0; i < batches.size(); i++) {
                spikes.send(p, s.id(), BATCHES.encode(batches.get(i)));
                if (p == 0 && i == 10) {
                    byte[] json = "{\"sessionId\":\"phy-template\"}".getBytes(StandardCharsets.UTF_8);
                    garbage.add(new Garbage("neural.spikes", p, spikes.send(p, s.id(), json), json,
                            "not Avro single-object encoding"));
                }
                if (p == 1 && i == 20) {
                    byte[] invalid = BATCHES.encode(batchWithOneSpike(s.id(), 3, 7));
                    garbage.add(new Garbage("neural.spikes", p, spikes.send(p, s.id(), invalid), invalid,
                            "invalid SpikeBatch: spike 0 has unit 7 outside [0, 3)"));
                }
            }
            // 2-D targets (a slow rotation) for every bin of the first half
            long seq = 0;
            for (long start = 0; start < s.endMicros() / 2; start += binMicros) {
                double phase = 2 * Math.PI * start / 1_000_000.0;
                labels.send(p, s.id(), LABELS.encode(new Label(s.id(), seq++, start, start + binMicros, null,
                        List.of(Math.cos(phase), Math.sin(phase)))));
                if (p == 1 && seq == 50) {
                    byte[] truncated = Arrays.copyOf(LABELS.encode(new Label(s.id(), seq, start, start + binMicros,
                            null, List.of(1.0, 2.0))), 14);
                    garbage.add(new Garbage("labels", p, labels.send(p, s.id(), truncated), truncated,
                            "cannot decode Label (14 bytes)"));
                }
            }
        }
        control.send(0, "*", CONTROLS.encode(new Control("*", 0L, 0L, ControlCommand.SNAPSHOT, null, "no-op here")));
        byte[] word = "FREEZE".getBytes(StandardCharsets.UTF_8);
        garbage.add(new Garbage("control", 0, control.send(0, "*", word), word, "not Avro single-object encoding"));

        Map<DecoderKind, CollectingSink<Prediction>> predictions = new EnumMap<>(DecoderKind.class);
        for (DecoderKind kind : DECODERS) {
            predictions.put(kind, sink("predictions-" + kind.id()));
        }
        CollectingSink<DeadLetter> deadLetters = sink("dead-letters");
        SpikeDecodeJob.Settings settings = SpikeDecodeJob.Settings.of(
                DECODERS.stream().map(SpikeDecodeConfig::defaults).toList());

        StreamExecutionEnvironment env = MiniClusters.environment();
        new SpikeDecodeJob(spikes.source(), labels.source(), control.source(), predictions::get, deadLetters, settings,
                SpikeDecodeJob.NAME, "labels").build(env);
        JobClient client = env.executeAsync("spike-decode at the seam");
        client.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        // bounded input: the job finishes by itself
        assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);

        for (DecoderKind kind : DECODERS) {
            List<Prediction> got = predictions.get(kind).results();
            String job = SpikeDecodeJob.NAME + "." + kind.id();
            assertThat(got).as(job).extracting(Prediction::getId).doesNotHaveDuplicates();
            assertThat(got).as(job).extracting(Prediction::getJob).containsOnly(job);
            assertThat(got).as(job).extracting(Prediction::getStreamId).containsOnly(PHY, NWB);
            for (Session s : sessions) {
                assertOnePredictionPerBin(got, job, s, binMicros);
            }
        }
        assertDeadLetters(deadLetters.results(), garbage);
    }

    /**
     * Two sessions whose clocks are far apart (0 s and 500 s of the NWB recording) share one source
     * subtask, and batches (30 ms) do not end on bin (20 ms) boundaries, so the session behind has a
     * partly covered bin after every batch. It must lose no spike and no label to the clock ahead.
     * Regression test: while the watermark followed the fastest clock of its subtask, that bin was
     * closed right after each batch (183 to 186 of 191 spikes reached predictions) and labels that
     * arrived before their bin were forgotten (120 to 144 of 250 learned from), before commit af5b3f5
     * (per-stream watermarks).
     */
    @Test
    void sessionsWithDistantClocksOnOnePartitionLoseNoSpikesNorLabels() throws Exception {
        Spikes behind = SampleData.nwbUnits().between(0, 10_000_000);
        Spikes ahead = SampleData.nwbUnits().between(500_000_000, 510_000_000);
        List<SpikeBatch> a = SampleData.batches("behind", behind, 0, 10_000_000, 30_000);
        List<SpikeBatch> b = SampleData.batches("ahead", ahead, 500_000_000, 510_000_000, 30_000);
        InMemoryTopic spikes = new InMemoryTopic("neural.spikes", 2);
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) { // as they would arrive: interleaved
            if (i < a.size()) {
                spikes.send(0, "behind", BATCHES.encode(a.get(i)));
            }
            if (i < b.size()) {
                spikes.send(0, "ahead", BATCHES.encode(b.get(i)));
            }
        }
        InMemoryTopic labels = new InMemoryTopic("labels", 2);
        int labelCount = 250; // the first 5 s of the session behind, one per 20 ms bin
        for (int k = 0; k < labelCount; k++) {
            labels.send(0, "behind", LABELS.encode(new Label("behind", (long) k, k * 20_000L, (k + 1) * 20_000L, null,
                    List.of(Math.cos(k / 10.0), Math.sin(k / 10.0)))));
        }
        CollectingSink<Prediction> predictions = sink("predictions");
        StreamExecutionEnvironment env = MiniClusters.environment();
        env.getConfig().setAutoWatermarkInterval(10);
        // 0.3 ms per record: a stream, not a burst, so watermarks and timers run between batches
        new SpikeDecodeJob(spikes.source(300), labels.source(300), new InMemoryTopic("control", 1).source(),
                kind -> predictions, sink("dead-letters"),
                SpikeDecodeJob.Settings.of(List.of(SpikeDecodeConfig.defaults(DecoderKind.RLS))),
                SpikeDecodeJob.NAME, "labels").build(env);
        env.executeAsync("spike-decode, two clocks on one partition").getJobExecutionResult().get(120, TimeUnit.SECONDS);

        List<Prediction> mine = predictions.results().stream().filter(p -> p.getStreamId().equals("behind")).toList();
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(mine.stream().mapToLong(Prediction::getEventCount).sum()).as("spikes predicted")
                    .isEqualTo(behind.size());
            softly.assertThat(mine.stream().mapToLong(Prediction::getModelVersion).max().orElse(0))
                    .as("learning updates (one per label)").isEqualTo(labelCount);
        });
    }

    /**
     * Labels whose target does not have the decoders' two values (three values; a classification
     * label with none) go to dead-letters once (from the first decoder, which names itself; every
     * decoder rejects them) with their Kafka offset; so does a batch whose unit count differs from the
     * session's first; a batch covering no time that holds a spike and a label with a NaN target go
     * there from the decoding step with their offsets. The decoders learn from the valid labels,
     * predict every bin and the job finishes.
     */
    @Test
    void labelsOfTheWrongLengthAndABatchCoveringNoTimeAreDeadLetteredAndTheJobFinishes() throws Exception {
        // batches end 10 ms into the last bin: only the end-of-input watermark closes it, after every label
        // was read, so its prediction carries every learning update
        Session s = new Session(NWB, SampleData.nwbUnits().between(0, 1_990_000), 1_990_000);
        long binMicros = SpikeDecodeConfig.defaults(DecoderKind.KALMAN).binMicros();
        InMemoryTopic spikes = new InMemoryTopic("neural.spikes", 2);
        InMemoryTopic labels = new InMemoryTopic("labels", 2);
        List<SpikeBatch> batches = SampleData.batches(s.id(), s.spikes(), 0, s.endMicros(), BATCH_MICROS);
        byte[] noSpan = null;
        long noSpanOffset = -1;
        for (int i = 0; i < batches.size(); i++) {
            spikes.send(1, s.id(), BATCHES.encode(batches.get(i)));
            if (i == 5) {
                SpikeBatch b = batchWithOneSpike(s.id(), 3, 1);
                b.setStartTimeMicros(batches.get(i).getEndTimeMicros());
                b.setEndTimeMicros(batches.get(i).getEndTimeMicros());
                noSpan = BATCHES.encode(b);
                noSpanOffset = spikes.send(1, s.id(), noSpan);
            }
        }
        // valid alone, but the session's unit count is fixed by its first batch
        SpikeBatch otherUnits = batchWithOneSpike(s.id(), 3, 1);
        otherUnits.setUnitCount(batches.get(0).getUnitCount() + 5);
        long otherUnitsOffset = spikes.send(1, s.id(), BATCHES.encode(otherUnits));
        List<Label> bad = List.of(new Label(s.id(), 900L, 0L, binMicros, null, List.of(1.0, 2.0, 3.0)),
                new Label(s.id(), 901L, binMicros, 2 * binMicros, null, List.of()));
        // a classification label for another job on the shared labels topic: counted, not dead-lettered
        Label otherJobs = new Label(s.id(), 902L, binMicros, 2 * binMicros, 4, List.of());
        Label nan = new Label(s.id(), 903L, binMicros, 2 * binMicros, null, List.of(1.0, Double.NaN));
        List<Long> badOffsets = new ArrayList<>();
        long[] nanOffset = {-1};
        long seq = 0;
        for (long start = 0; start < s.endMicros() / 2; start += binMicros) {
            labels.send(1, s.id(), LABELS.encode(new Label(s.id(), seq++, start, start + binMicros, null,
                    List.of(Math.cos(start / 1e5), Math.sin(start / 1e5)))));
            if (seq == 3) {
                bad.forEach(l -> badOffsets.add(labels.send(1, s.id(), LABELS.encode(l))));
                labels.send(1, s.id(), LABELS.encode(otherJobs));
                nanOffset[0] = labels.send(1, s.id(), LABELS.encode(nan));
            }
        }
        long validLabels = seq;

        Map<DecoderKind, CollectingSink<Prediction>> predictions = new EnumMap<>(DecoderKind.class);
        for (DecoderKind kind : DECODERS) {
            predictions.put(kind, sink("predictions-" + kind.id()));
        }
        CollectingSink<DeadLetter> deadLetters = sink("dead-letters");
        StreamExecutionEnvironment env = MiniClusters.environment();
        new SpikeDecodeJob(spikes.source(), labels.source(), new InMemoryTopic("control", 1).source(), predictions::get,
                deadLetters, SpikeDecodeJob.Settings.of(DECODERS.stream().map(SpikeDecodeConfig::defaults).toList()),
                SpikeDecodeJob.NAME, "labels").build(env);
        JobClient client = env.executeAsync("spike-decode, bad labels and batches");
        client.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        for (DecoderKind kind : DECODERS) {
            String job = SpikeDecodeJob.NAME + "." + kind.id();
            List<Prediction> got = predictions.get(kind).results();
            assertOnePredictionPerBin(got, job, s, binMicros);
            assertThat(got.stream().mapToLong(Prediction::getModelVersion).max().orElse(0))
                    .as("%s learned from the valid labels only", job).isEqualTo(validLabels);
        }

        List<DeadLetter> got = deadLetters.results();
        DeadLetter batch = got.stream().filter(d -> d.getSourceTopic().equals("neural.spikes")).findFirst().orElseThrow();
        assertThat(batch.getSourcePartition()).isEqualTo(1);
        assertThat(batch.getSourceOffset()).isEqualTo(noSpanOffset);
        assertThat(batch.getReason()).isEqualTo("invalid SpikeBatch: spike 0 at dtMicros 0 is not before endTimeMicros: "
                + "the batch covers no time (startTimeMicros == endTimeMicros == " + batches.get(5).getEndTimeMicros() + ")");
        assertThat(ByteBuffers.remaining(batch.getValue())).isEqualTo(noSpan);

        DeadLetter units = got.stream().filter(d -> d.getSourceTopic().equals("neural.spikes")
                && d.getSourceOffset() == otherUnitsOffset).findFirst().orElseThrow();
        assertThat(units.getSourcePartition()).isEqualTo(1);
        assertThat(units.getReason()).contains("has unitCount " + otherUnits.getUnitCount());

        DeadLetter nanLetter = got.stream().filter(d -> d.getSourceTopic().equals("labels")
                && d.getSourceOffset() == nanOffset[0]).findFirst().orElseThrow();
        assertThat(nanLetter.getReason()).isEqualTo("invalid Label: target[1] is NaN, not a finite number");
        assertThat(nanLetter.getJob()).isEqualTo(SpikeDecodeJob.NAME);

        List<DeadLetter> rejectedLabels = got.stream().filter(d -> d.getSourceTopic().equals("labels")
                && d.getSourceOffset() != nanOffset[0]).toList();
        String first = DECODERS.get(0).id();
        assertThat(rejectedLabels).extracting(d -> d.getJob() + ": " + d.getReason()).containsExactlyInAnyOrder(
                SpikeDecodeJob.NAME + "." + first + ": label 900 of session " + NWB
                        + " for [0, 20000) µs: target has 3 values, the " + first + " decoder outputs 2",
                SpikeDecodeJob.NAME + "." + first + ": label 901 of session " + NWB
                        + " for [20000, 40000) µs: target has 0 values, the " + first + " decoder outputs 2");
        for (DeadLetter d : rejectedLabels) {
            Label label = LABELS.decode(ByteBuffers.remaining(d.getValue()));
            assertThat(d.getSourcePartition()).isEqualTo(1);
            assertThat(d.getSourceOffset()).as("the label's own offset").isEqualTo(badOffsets.get(bad.indexOf(label)));
        }
        assertThat(got).as("each bad record once").hasSize(2 + 1 + rejectedLabels.size());
    }

    private static void assertOnePredictionPerBin(List<Prediction> all, String job, Session s, long binMicros) {
        List<Prediction> mine = all.stream().filter(p -> p.getStreamId().equals(s.id())).toList();
        Map<Long, Long> expected = new TreeMap<>();
        for (long start = 0; start < s.endMicros(); start += binMicros) {
            expected.put(start, 0L);
        }
        s.spikes().countPerBin(binMicros).forEach(expected::put);
        Map<Long, Long> predicted = new TreeMap<>();
        for (Prediction p : mine) {
            predicted.merge(p.getWindowStartMicros(), p.getEventCount(), Long::sum);
            assertThat(p.getId()).isEqualTo(job + "/" + s.id() + "/" + p.getWindowStartMicros());
            assertThat(p.getWindowEndMicros()).isEqualTo(p.getWindowStartMicros() + binMicros);
            assertThat(p.getDecoded()).hasSize(2).allSatisfy(v -> assertThat(v).isFinite());
        }
        assertThat(mine).as("predictions of %s for %s", job, s.id()).hasSize(expected.size());
        assertThat(predicted).as("spikes per bin of %s for %s", job, s.id()).isEqualTo(expected);
        assertThat(mine.stream().mapToLong(Prediction::getEventCount).sum())
                .as("spikes in predictions of %s for %s = spikes sent", job, s.id()).isEqualTo(s.spikes().size());
    }

    private static void assertDeadLetters(List<DeadLetter> got, List<Garbage> expected) {
        assertThat(got).hasSize(expected.size());
        for (Garbage g : expected) {
            List<DeadLetter> match = got.stream().filter(d -> d.getSourceTopic().equals(g.topic())
                    && d.getSourcePartition() == g.partition() && d.getSourceOffset() == g.offset()).toList();
            assertThat(match).as("dead letter of %s-%d@%d", g.topic(), g.partition(), g.offset()).hasSize(1);
            DeadLetter d = match.get(0);
            assertThat(d.getReason()).contains(g.reason());
            assertThat(d.getJob()).isEqualTo(SpikeDecodeJob.NAME);
            assertThat(ByteBuffers.remaining(d.getValue())).isEqualTo(g.value());
        }
    }

    private static SpikeBatch batchWithOneSpike(String session, int units, int unit) {
        ByteBuffer packed = PackedSpikes.allocate(1);
        PackedSpikes.put(packed, 0, unit);
        packed.flip();
        return new SpikeBatch(session, 999L, 0L, 1_000L, units, 1, packed, null);
    }

    private <T> CollectingSink<T> sink(String name) {
        CollectingSink<T> sink = CollectingSink.create(name);
        sinks.add(sink);
        return sink;
    }
}
