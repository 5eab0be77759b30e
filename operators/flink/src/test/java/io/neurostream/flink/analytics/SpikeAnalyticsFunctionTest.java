package io.neurostream.flink.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.analytics.AnalyticsParams;
import io.neurostream.core.analytics.BrainStateParams;
import io.neurostream.schemas.BrainState;
import io.neurostream.schemas.ConnectivityEvent;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.NeuralStats;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedSpikes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The operator around {@link io.neurostream.core.analytics.SpikeAnalytics}: records out, a snapshot
 * in the middle of a session restores to the same output, the final watermark finishes a short
 * recording, and a batch that contradicts its session is dead-lettered.
 */
class SpikeAnalyticsFunctionTest {
    private static final String SESSION = "s1";
    private static final int UNITS = 6;
    private static final long BATCH = 100_000;

    /** 40 s of Poisson spikes (10-20 Hz) in 100 ms batches; unit 1 follows unit 0 by 3 ms half the time. */
    private static List<SpikeBatch> batches() {
        SplittableRandom random = new SplittableRandom(3);
        List<SpikeBatch> out = new ArrayList<>();
        for (long b = 0; b < 400; b++) {
            List<long[]> spikes = new ArrayList<>();
            for (int u = 0; u < UNITS; u++) {
                for (long t = 0; t < BATCH; t += 1000) {
                    if (random.nextDouble() < (10 + 2 * u) / 1000.0) {
                        spikes.add(new long[] {t + random.nextInt(1000), u});
                        if (u == 0 && random.nextDouble() < 0.5 && t + 3_500 < BATCH) {
                            spikes.add(new long[] {t + 3_000 + random.nextInt(500), 1});
                        }
                    }
                }
            }
            spikes.sort((x, y) -> Long.compare(x[0], y[0]));
            ByteBuffer packed = PackedSpikes.allocate(spikes.size());
            for (long[] s : spikes) {
                PackedSpikes.put(packed, s[0], (int) s[1]);
            }
            packed.flip();
            out.add(new SpikeBatch(SESSION, b, b * BATCH, (b + 1) * BATCH, UNITS, spikes.size(), packed, 1L));
        }
        return out;
    }

    private static final AnalyticsParams PARAMS = new AnalyticsParams(AnalyticsParams.defaults().stats(),
            AnalyticsParams.defaults().connectivity(), new BrainStateParams(100_000, 2, 1000, 10, 0.98, 60, 50, 1));

    private static KeyedOneInputStreamOperatorTestHarness<String, SpikeBatch, NeuralStats> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SpikeAnalyticsFunction(PARAMS, "spike-analytics", "neural.spikes")),
                SpikeBatch::getSessionId, Types.STRING);
    }

    private record Out(List<NeuralStats> stats, List<ConnectivityEvent> graph, List<BrainState> states,
                       List<DeadLetter> dead) {}

    private static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h, OutputTag<T> tag) {
        List<T> out = new ArrayList<>();
        var records = h.getSideOutput(tag);
        if (records != null) {
            records.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static Out out(KeyedOneInputStreamOperatorTestHarness<String, SpikeBatch, NeuralStats> h) {
        List<NeuralStats> stats = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof NeuralStats s) {
                stats.add(s);
            }
        }
        return new Out(stats, side(h, SpikeAnalyticsFunction.CONNECTIVITY), side(h, SpikeAnalyticsFunction.STATES),
                side(h, SpikeAnalyticsFunction.DEAD_LETTERS));
    }

    @Test
    void emitsRecordsFinishesAtTheFinalWatermarkAndRestoresFromASnapshot() throws Exception {
        List<SpikeBatch> batches = batches();
        Out whole;
        try (var h = harness()) {
            h.open();
            for (SpikeBatch b : batches) {
                h.processElement(new StreamRecord<>(b, b.getStartTimeMicros()));
            }
            assertThat(out(h).states()).isEmpty(); // 400 bins < the 1000-bin warm-up
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            whole = out(h);
        }
        assertThat(whole.stats()).hasSize(40);
        assertThat(whole.stats().get(39).getRateHz()).hasSize(UNITS);
        assertThat(whole.states()).hasSize(400);  // fitted at the end of the recording, every bin once
        assertThat(whole.graph()).anySatisfy(e -> {
            assertThat(e.getPreUnit()).isEqualTo(0);
            assertThat(e.getPostUnit()).isEqualTo(1);
        });
        assertThat(whole.stats().get(39).getPairsMonitored()).isEqualTo(15);

        OperatorSubtaskState snapshot;
        List<NeuralStats> firstHalf;
        try (var h = harness()) {
            h.open();
            for (SpikeBatch b : batches.subList(0, 250)) {
                h.processElement(new StreamRecord<>(b, b.getStartTimeMicros()));
            }
            firstHalf = out(h).stats();
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (SpikeBatch b : batches.subList(250, batches.size())) {
                h.processElement(new StreamRecord<>(b, b.getStartTimeMicros()));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            Out rest = out(h);
            List<NeuralStats> all = new ArrayList<>(firstHalf);
            all.addAll(rest.stats());
            assertThat(all).hasSameSizeAs(whole.stats());
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).getRateHz()).isEqualTo(whole.stats().get(i).getRateHz());
                assertThat(all.get(i).getIsiHistogram()).isEqualTo(whole.stats().get(i).getIsiHistogram());
            }
            assertThat(rest.states()).extracting(BrainState::getState)
                    .isEqualTo(whole.states().stream().map(BrainState::getState).toList());
        }
    }

    @Test
    void aBatchWithAnotherUnitCountIsDeadLetteredAndTheSessionGoesOn() throws Exception {
        List<SpikeBatch> batches = batches().subList(0, 30);
        try (var h = harness()) {
            h.open();
            for (int i = 0; i < batches.size(); i++) {
                SpikeBatch b = batches.get(i);
                if (i == 12) {
                    h.processElement(new StreamRecord<>(SpikeBatch.newBuilder(b).setUnitCount(UNITS + 1).build(), 0L));
                }
                h.processElement(new StreamRecord<>(b, b.getStartTimeMicros()));
            }
            Out o = out(h);
            assertThat(o.dead()).singleElement().satisfies(d -> {
                assertThat(d.getReason()).contains("batch 12").contains("has 6 units since its first batch, this batch says 7");
                assertThat(d.getSourceTopic()).isEqualTo("neural.spikes");
                assertThat(d.getJob()).isEqualTo("spike-analytics");
            });
            assertThat(o.stats()).hasSize(3);
        }
    }
}
