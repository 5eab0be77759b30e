package io.neurostream.flink.dvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.flink.migration.LearnerSnapshots;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.FlinkVersion;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.test.util.MigrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dvs-classify's learner restores what earlier versions saved: a snapshot of the learner (liquid
 * state, RLS readout with its inverse correlation matrix, windows waiting for labels) taken after 30
 * labelled windows is committed per Flink version and state backend; restored into today's code it
 * must go on learning and predicting exactly as the version that wrote it did (the next 10 labelled
 * and 10 held-out windows, scores compared bit for bit). A change to a state name, serializer or
 * layout that loses or misreads learned state fails here. Regenerate only on purpose (see
 * {@code src/test/resources/migration/README.md}).
 */
public class LiquidClassifierMigrationTest implements MigrationTest {
    private static final String LEARNER = "dvs-classify-learner";

    static Stream<Arguments> snapshots() {
        return LearnerSnapshots.VERSIONS.stream()
                .flatMap(v -> LearnerSnapshots.BACKENDS.stream().map(b -> Arguments.of(v, b)));
    }

    @SnapshotsGenerator
    public void writeSnapshots(FlinkVersion version) throws Exception {
        for (String backend : LearnerSnapshots.BACKENDS) {
            Path file = LearnerSnapshots.snapshot(LEARNER, backend, version, true);
            try (var h = harness(backend, null)) {
                LiquidClassifierFunctionTest.feed(h, 0, 30, true);
                h.prepareSnapshotPreBarrier(1L); // the task does this before every barrier
                OperatorSubtaskState state = h.snapshot(1L, 1L);
                java.nio.file.Files.createDirectories(file.getParent());
                OperatorSnapshotUtil.writeStateHandle(state, file.toString());
                h.getOutput().clear();
                LearnerSnapshots.write(LearnerSnapshots.predictionsOf(file), LearnerSnapshots.lines(afterSnapshot(h)));
            }
        }
    }

    @ParameterizedTest(name = "Flink {0}, {1}")
    @MethodSource("snapshots")
    void aRestoredLearnerLearnsAndPredictsAsTheVersionThatSavedIt(FlinkVersion version, String backend) throws Exception {
        Path file = LearnerSnapshots.snapshot(LEARNER, backend, version, false);
        List<String> expected = LearnerSnapshots.read(LearnerSnapshots.predictionsOf(file));
        try (var h = harness(backend, OperatorSnapshotUtil.readStateHandle(file.toString()))) {
            List<Prediction> got = afterSnapshot(h);
            assertThat(got.get(0).getModelVersion()).as("the readout had learned 30 windows").isEqualTo(30);
            assertThat(got.get(got.size() - 1).getModelVersion()).as("and learned 10 more after restore").isEqualTo(40);
            assertThat(LearnerSnapshots.lines(got)).containsExactlyElementsOf(expected);
        }
    }

    /** 10 labelled windows (learning goes on from the restored readout), then 10 held out. */
    private static List<Prediction> afterSnapshot(KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label,
            Prediction> h) throws Exception {
        LiquidClassifierFunctionTest.feed(h, 30, 40, true);
        LiquidClassifierFunctionTest.feed(h, 40, 50, false);
        return LearnerSnapshots.predictions(h);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, EventPacket, Label, Prediction> harness(
            String backend, OperatorSubtaskState restore) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new LearnerOperator(
                new LiquidClassifierFunction(LiquidClassifierFunctionTest.CONFIG, "dvs-classify", "dvs.events", "labels")),
                EventPacket::getSensorId, Label::getStreamId, Types.STRING);
        h.setStateBackend(LearnerSnapshots.backend(backend));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }
}
