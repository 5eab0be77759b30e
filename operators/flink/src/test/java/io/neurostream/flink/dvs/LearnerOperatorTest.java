package io.neurostream.flink.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.flink.migration.LearnerSnapshots;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The learner with deferred readout writes ({@link LearnerOperator}) learns and predicts exactly as
 * the function writing every update to state, and what it defers reaches state before a snapshot:
 * with the cache holding every key, and with a cache of one readout for three sensors (every switch
 * writes one back), on the heap and on RocksDB.
 */
class LearnerOperatorTest {
    private static final List<String> SENSORS = List.of("cam-a", "cam-b", "cam-c");

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void deferredWritesLearnAsWriteThroughAndEverythingIsInTheSnapshot(String backend) throws Exception {
        List<String> writeThrough;
        try (var h = harness(new KeyedCoProcessOperator<>(function()), backend, null)) {
            feed(h, 0, 50);
            writeThrough = LearnerSnapshots.lines(LearnerSnapshots.predictions(h));
        }
        for (long cacheBytes : new long[] {LearnerOperator.DEFAULT_CACHE_BYTES, 1}) {
            OperatorSubtaskState snapshot;
            try (var h = harness(new LearnerOperator(function(), cacheBytes), backend, null)) {
                feed(h, 0, 30);
                h.prepareSnapshotPreBarrier(1L); // what the task does before every barrier (the harness does not)
                snapshot = h.snapshot(1L, 1L);
                feed(h, 30, 50);
                assertThat(LearnerSnapshots.lines(LearnerSnapshots.predictions(h))).as("cache of %d bytes", cacheBytes)
                        .containsExactlyElementsOf(writeThrough);
            }
            try (var h = harness(new LearnerOperator(function(), cacheBytes), backend, snapshot)) {
                feed(h, 30, 50);
                List<Prediction> resumed = LearnerSnapshots.predictions(h);
                assertThat(resumed.get(0).getModelVersion()).as("updates in the snapshot").isEqualTo(30);
                assertThat(LearnerSnapshots.lines(resumed)).as("restored, cache of %d bytes", cacheBytes)
                        .containsExactlyElementsOf(writeThrough.subList(30 * SENSORS.size(), writeThrough.size()));
            }
        }
    }

    private static LiquidClassifierFunction function() {
        return new LiquidClassifierFunction(LiquidClassifierFunctionTest.CONFIG, "dvs-classify", "dvs.events", "labels");
    }

    /** Windows [from, to) of every sensor, interleaved: label, then the packet that closes the window. */
    private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> h, int from,
                             int to) throws Exception {
        long window = LiquidClassifierFunctionTest.CONFIG.windowMicros();
        for (int w = from; w < to; w++) {
            for (int s = 0; s < SENSORS.size(); s++) {
                String sensor = SENSORS.get(s);
                int cls = (w + s) % 2;
                h.processElement2(new StreamRecord<>(new Label(sensor, (long) w, w * window, (w + 1) * window, cls,
                        List.of()), w * window));
                EventPacket p = LiquidClassifierFunctionTest.packet(w, w, cls, (w + 1) * window,
                        new SplittableRandom(31L * w + s));
                p.setSensorId(sensor);
                h.processElement1(new StreamRecord<>(p, w * window));
            }
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> harness(
            TwoInputStreamOperator<EventPacket, Label, Prediction> operator, String backend, OperatorSubtaskState restore)
            throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(operator, EventPacket::getSensorId, Label::getStreamId,
                Types.STRING);
        h.setStateBackend(LearnerSnapshots.backend(backend));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }
}
