package io.neurostream.jobs.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.core.analytics.AnalyticsParams;
import io.neurostream.core.analytics.BrainStateParams;
import io.neurostream.core.analytics.ConnectivityParams;
import io.neurostream.core.analytics.StatsParams;
import io.neurostream.jobs.testing.CollectingSink;
import io.neurostream.jobs.testing.InMemoryTopic;
import io.neurostream.jobs.testing.MiniClusters;
import io.neurostream.jobs.testing.SampleData;
import io.neurostream.jobs.testing.SampleData.Spikes;
import io.neurostream.schemas.BrainState;
import io.neurostream.schemas.ConnectivityEvent;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.NeuralStats;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spike-analytics at the seam: the topology as {@link SpikeAnalyticsJob} builds it, fed by bounded
 * in-memory partitions of the two real recordings (phy template: 62 units, 12 s; the NWB sample's
 * first 60 s: 3 units), on a MiniCluster with parallelism 2, with garbage and a batch whose unit
 * count contradicts its session. Every statistics window is checked against counts made here.
 */
class SpikeAnalyticsJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final SingleObjectCodec<SpikeBatch> BATCHES = SingleObjectCodec.of(SpikeBatch.class);

    @Test
    void realRecordingsGetStatisticsStatesAndAGraphWhileBadInputIsDeadLettered() throws Exception {
        Spikes phy = SampleData.kilosortTemplate();
        Spikes nwb = SampleData.nwbUnits().between(0, 60_000_000);
        InMemoryTopic spikes = new InMemoryTopic("neural.spikes", 2);
        List<SpikeBatch> phyBatches = SampleData.batches("phy", phy, 0, 12_000_000, 100_000);
        List<SpikeBatch> nwbBatches = SampleData.batches("nwb", nwb, 0, 60_000_000, 100_000);
        phyBatches.forEach(b -> spikes.send(0, "phy", BATCHES.encode(b)));
        byte[] garbage = "not a batch".getBytes(StandardCharsets.UTF_8);
        long garbageOffset = spikes.send(0, "phy", garbage);
        for (int i = 0; i < nwbBatches.size(); i++) {
            spikes.send(1, "nwb", BATCHES.encode(nwbBatches.get(i)));
            if (i == 30) {
                SpikeBatch wrong = SpikeBatch.newBuilder(nwbBatches.get(i)).setUnitCount(4).setSequence(-1L).build();
                spikes.send(1, "nwb", BATCHES.encode(wrong));
            }
        }
        // 5 s windows every second; states fitted on the first 60 s (or at the end); the graph evaluated every 2 s
        StatsParams stats = new StatsParams(5_000_000, 1_000_000, 100_000, 1_500, 16, 0.5, 0.01);
        ConnectivityParams c = ConnectivityParams.defaults();
        ConnectivityParams connectivity = new ConnectivityParams(c.maxPairs(), c.configuredPairs(), c.halfWidthMicros(),
                c.binMicros(), c.synapseMinLagMicros(), c.synapseMaxLagMicros(), c.baselineSigmaMicros(),
                c.hollowFraction(), c.alpha(), c.minStrength(), 2_000_000, 2_000_000, c.memorySeconds(),
                c.changeThreshold());
        BrainStateParams states = BrainStateParams.defaults().withStates(2);
        states = new BrainStateParams(states.binMicros(), 2, 600, 10, 0.98, 60, 50, 1); // phy (12 s) only fits at the end
        try (CollectingSink<NeuralStats> statsSink = CollectingSink.create("stats");
             CollectingSink<ConnectivityEvent> graphSink = CollectingSink.create("graph");
             CollectingSink<BrainState> statesSink = CollectingSink.create("states");
             CollectingSink<DeadLetter> deadLetters = CollectingSink.create("dead-letters")) {
            StreamExecutionEnvironment env = MiniClusters.environment();
            new SpikeAnalyticsJob(spikes.source(), statsSink, graphSink, statesSink, deadLetters,
                    SpikeAnalyticsJob.Settings.of(new AnalyticsParams(stats, connectivity, states)),
                    SpikeAnalyticsJob.NAME, "neural.spikes").build(env);
            JobClient client = env.executeAsync("spike-analytics at the seam");
            client.getJobExecutionResult().get(120, TimeUnit.SECONDS);
            assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);

            List<NeuralStats> nwbStats = statsSink.results().stream().filter(s -> s.getSessionId().equals("nwb"))
                    .sorted((a, b) -> Long.compare(a.getWindowEndMicros(), b.getWindowEndMicros())).toList();
            List<NeuralStats> phyStats = statsSink.results().stream().filter(s -> s.getSessionId().equals("phy")).toList();
            assertThat(nwbStats).hasSize(60);  // a window a second
            assertThat(phyStats).hasSize(12);
            assertThat(phyStats).allSatisfy(s -> assertThat(s.getRateHz()).hasSize(62));
            for (NeuralStats s : nwbStats) {
                Spikes in = nwb.between(s.getWindowStartMicros(), s.getWindowEndMicros());
                double seconds = (s.getWindowEndMicros() - s.getWindowStartMicros()) / 1e6;
                assertThat(s.getSpikeCount()).isEqualTo(in.size());
                for (int u = 0; u < 3; u++) {
                    final int unit = u;
                    long count = java.util.Arrays.stream(in.unit()).filter(x -> x == unit).count();
                    assertThat(s.getRateHz().get(u)).isCloseTo(count / seconds, within(1e-9));
                }
                int histogramTotal = s.getIsiHistogram().stream().mapToInt(Integer::intValue).sum();
                assertThat(histogramTotal).isLessThanOrEqualTo((int) s.getSpikeCount());
            }
            // every 100 ms bin of both sessions once, in order per session
            List<BrainState> nwbStates = statesSink.results().stream().filter(b -> b.getSessionId().equals("nwb")).toList();
            assertThat(nwbStates).hasSize(600);
            for (int i = 0; i < nwbStates.size(); i++) {
                assertThat(nwbStates.get(i).getBinStartMicros()).isEqualTo(i * 100_000L);
                assertThat(nwbStates.get(i).getProbability()).isBetween(0.5, 1.0);
            }
            assertThat(statesSink.results().stream().filter(b -> b.getSessionId().equals("phy"))).hasSize(120);
            // 3 units: 3 pairs; whatever the graph, its events name monitored units only
            assertThat(graphSink.results()).allSatisfy(e -> {
                assertThat(e.getPairsMonitored()).isEqualTo(e.getSessionId().equals("nwb") ? 3 : e.getPairsMonitored());
                assertThat(e.getPreUnit()).isNotEqualTo(e.getPostUnit());
            });
            List<DeadLetter> dead = deadLetters.results();
            assertThat(dead).hasSize(2);
            assertThat(dead).anySatisfy(d -> {
                assertThat(d.getSourceOffset()).isEqualTo(garbageOffset);
                assertThat(d.getReason()).contains("not Avro single-object encoding");
            });
            assertThat(dead).anySatisfy(d -> assertThat(d.getReason())
                    .contains("session nwb has 3 units since its first batch, this batch says 4"));
        }
    }
}
