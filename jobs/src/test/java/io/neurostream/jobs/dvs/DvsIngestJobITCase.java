package io.neurostream.jobs.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.flink.dvs.EventFilterFunction;
import io.neurostream.flink.dvs.EventStagesConfig;
import io.neurostream.jobs.testing.CollectingSink;
import io.neurostream.jobs.testing.InMemoryTopic;
import io.neurostream.jobs.testing.MiniClusters;
import io.neurostream.jobs.testing.SampleData;
import io.neurostream.jobs.testing.SampleData.Events;
import io.neurostream.operators.events.BackgroundActivityFilter;
import io.neurostream.operators.events.PixelTimeState;
import io.neurostream.operators.events.RefractoryFilter;
import io.neurostream.operators.events.RoiDownsampler;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * dvs-ingest at the seam: the topology as {@link DvsIngestJob} builds it, fed by bounded in-memory
 * partitions (no Kafka), on a MiniCluster with parallelism 2. The real EVT 2.0 sample (640x480,
 * 521,252 events) goes through the order check, both filters and a region with downsampling; real
 * N-MNIST recordings (34x34) do not hold that region, so their packets are dead-lettered; plus garbage
 * and a packet sent again out of order. The kept events must be exactly those the kernels keep when
 * run over the whole recording in one pass (state carried across packets), and every event is
 * counted once.
 */
class DvsIngestJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final SingleObjectCodec<EventPacket> PACKETS = SingleObjectCodec.of(EventPacket.class);
    private static final String LARGE = "gen3-640x480";
    private static final String SMALL = "nmnist-34x34";

    @Test
    void filtersLikeTheKernelsCountsEveryEventAndDeadLettersWhatDoesNotFit() throws Exception {
        Events large = SampleData.evt2Sample();
        Events small = SampleData.nmnistSmall(1);
        List<EventPacket> largePackets = SampleData.packets(LARGE, 640, 480, large, 4096);
        List<EventPacket> smallPackets = SampleData.packets(SMALL, 34, 34, small, 1024);
        InMemoryTopic events = new InMemoryTopic("dvs.events", 2);
        EventPacket resent = largePackets.get(10); // sent again after packet 60: ~37 ms back, beyond 1 ms
        for (int i = 0; i < largePackets.size(); i++) {
            events.send(1, LARGE, PACKETS.encode(largePackets.get(i)));
            if (i == 60) {
                events.send(1, LARGE, PACKETS.encode(resent));
            }
        }
        for (EventPacket p : smallPackets) {
            events.send(0, SMALL, PACKETS.encode(p));
        }
        byte[] garbage = "not a packet".getBytes(StandardCharsets.UTF_8);
        long garbageOffset = events.send(0, SMALL, garbage);

        EventStagesConfig stages = EventStagesConfig.checkOnly(640, 480, 1_000).withBackgroundFilter(5_000, 1)
                .withRefractory(1_000).withRoi(160, 120, 320, 240, 2);
        CollectingSink<EventPacket> filtered = CollectingSink.create("filtered");
        CollectingSink<DeadLetter> deadLetters = CollectingSink.create("dead-letters");
        try {
            StreamExecutionEnvironment env = MiniClusters.environment();
            new DvsIngestJob(events.source(), filtered, deadLetters, stages, DvsIngestJob.NAME, "dvs.events").build(env);
            JobExecutionResult result = env.executeAsync("dvs-ingest at the seam").getJobExecutionResult()
                    .get(120, TimeUnit.SECONDS);

            List<long[]> expected = kernelsInOnePass(large);
            List<EventPacket> out = new ArrayList<>(filtered.results());
            out.sort(Comparator.comparing(EventPacket::getSequence));
            assertThat(out).as("one output packet per accepted input packet").hasSize(largePackets.size());
            assertThat(out).extracting(EventPacket::getSensorId).containsOnly(LARGE);
            assertThat(out).extracting(EventPacket::getWidth).containsOnly(160);
            assertThat(out).extracting(EventPacket::getHeight).containsOnly(120);
            List<long[]> got = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                EventPacket p = out.get(i);
                assertThat(p.getSequence()).isEqualTo(largePackets.get(i).getSequence());
                assertThat(p.getStartTimeMicros()).isEqualTo(largePackets.get(i).getStartTimeMicros());
                assertThat(p.getEndTimeMicros()).isEqualTo(largePackets.get(i).getEndTimeMicros());
                ByteBuffer view = PackedEvents.view(p.getEvents());
                assertThat(PackedEvents.countOf(view.remaining())).isEqualTo(p.getEventCount());
                for (int k = 0; k < p.getEventCount(); k++) {
                    got.add(new long[] {p.getStartTimeMicros() + PackedEvents.dtMicros(view, k), PackedEvents.x(view, k),
                        PackedEvents.y(view, k), PackedEvents.on(view, k) ? 1 : 0});
                }
            }
            assertThat(got).as("kept events = the kernels' in one pass").hasSameSizeAs(expected);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)).as("event " + i).containsExactly(expected.get(i));
            }
            assertThat(got.size()).as("the stages do filter").isBetween(1, large.size() / 2);

            long in = counter(result, "eventsIn");
            assertThat(in).as("events of every decoded packet").isEqualTo(large.size() + small.size()
                    + resent.getEventCount());
            long filteredOut = counter(result, "eventsFilteredBackgroundActivity") + counter(result, "eventsFilteredRefractory")
                    + counter(result, "eventsFilteredOutsideRoi");
            assertThat(counter(result, "eventsUsed")).isEqualTo(got.size());
            assertThat(counter(result, "eventsDroppedRejectedPacket")).isEqualTo(small.size() + resent.getEventCount());
            assertThat(counter(result, "eventsUsed") + filteredOut + counter(result, "eventsDroppedRejectedPacket"))
                    .as("every event counted once").isEqualTo(in);
            for (String stage : List.of("eventsFilteredBackgroundActivity", "eventsFilteredRefractory",
                    "eventsFilteredOutsideRoi")) {
                assertThat(counter(result, stage)).as(stage).isPositive();
            }

            List<DeadLetter> dead = deadLetters.results();
            assertThat(dead).hasSize(smallPackets.size() + 2);
            assertThat(dead).filteredOn(d -> d.getSourceOffset() == garbageOffset).singleElement()
                    .extracting(DeadLetter::getReason).asString().startsWith("not Avro single-object encoding");
            assertThat(dead).filteredOn(d -> d.getReason().startsWith("time goes back across packets: sensor " + LARGE
                    + " packet " + resent.getSequence())).hasSize(1);
            assertThat(dead).filteredOn(d -> d.getReason().startsWith("the event stages do not fit sensor " + SMALL
                    + " (34x34)")).hasSize(smallPackets.size());
        } finally {
            filtered.close();
            deadLetters.close();
        }
    }

    /** The event kernels over the whole recording in time order: {t, x, y, on} of every kept event. */
    private static List<long[]> kernelsInOnePass(Events e) {
        EventStagesConfig stages = EventStagesConfig.checkOnly(640, 480, 1_000).withBackgroundFilter(5_000, 1)
                .withRefractory(1_000).withRoi(160, 120, 320, 240, 2);
        BackgroundActivityFilter background = new BackgroundActivityFilter(stages.backgroundParams());
        RefractoryFilter refractory = new RefractoryFilter(stages.refractoryParams());
        RoiDownsampler roi = new RoiDownsampler(stages.roiParams());
        PixelTimeState b = background.newState();
        PixelTimeState r = refractory.newState();
        List<long[]> kept = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            long t = e.tMicros()[i];
            int x = e.x()[i];
            int y = e.y()[i];
            boolean on = e.on()[i];
            if (background.accept(b, t, x, y, on) && refractory.accept(r, t, x, y, on) && roi.contains(x, y)) {
                kept.add(new long[] {t, roi.mapX(x), roi.mapY(y), on ? 1 : 0});
            }
        }
        return kept;
    }

    private static long counter(JobExecutionResult result, String name) {
        assertThat(EventFilterFunction.EVENT_COUNTERS).contains(name);
        Object v = result.getAllAccumulatorResults().get(DvsIngestJob.NAME + "." + name);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
