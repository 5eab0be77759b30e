package io.neurostream.flink.spikes;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.flink.migration.LearnerSnapshots;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.SpikeBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.FlinkVersion;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.test.util.MigrationTest;
import org.apache.flink.types.Either;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spike-decode's decoders restore what earlier versions saved: a snapshot of the Kalman and of the
 * RLS decoder after 300 labelled bins is committed per Flink version and state backend; restored into
 * today's code each must go on learning and decoding exactly as the version that wrote it (100 more
 * labelled bins, 100 held out, values compared bit for bit). Regenerate only on purpose (see
 * {@code src/test/resources/migration/README.md}).
 */
public class SpikeDecodeMigrationTest implements MigrationTest {
    private static final List<DecoderKind> KINDS = List.of(DecoderKind.KALMAN, DecoderKind.RLS);

    static Stream<Arguments> snapshots() {
        return LearnerSnapshots.VERSIONS.stream().flatMap(v -> LearnerSnapshots.BACKENDS.stream()
                .flatMap(b -> KINDS.stream().map(k -> Arguments.of(v, b, k))));
    }

    private static String learner(DecoderKind kind) {
        return "spike-decode-" + kind.id();
    }

    @SnapshotsGenerator
    public void writeSnapshots(FlinkVersion version) throws Exception {
        for (String backend : LearnerSnapshots.BACKENDS) {
            for (DecoderKind kind : KINDS) {
                Path file = LearnerSnapshots.snapshot(learner(kind), backend, version, true);
                try (var h = harness(kind, backend, null)) {
                    SpikeDecodeFunctionTest.feed(h, 0, 300, true);
                    OperatorSubtaskState state = h.snapshot(1L, 1L);
                    Files.createDirectories(file.getParent());
                    OperatorSnapshotUtil.writeStateHandle(state, file.toString());
                    h.getOutput().clear();
                    LearnerSnapshots.write(LearnerSnapshots.predictionsOf(file),
                            LearnerSnapshots.lines(afterSnapshot(h)));
                }
            }
        }
    }

    @ParameterizedTest(name = "Flink {0}, {1}, {2}")
    @MethodSource("snapshots")
    void aRestoredDecoderLearnsAndDecodesAsTheVersionThatSavedIt(FlinkVersion version, String backend, DecoderKind kind)
            throws Exception {
        Path file = LearnerSnapshots.snapshot(learner(kind), backend, version, false);
        List<String> expected = LearnerSnapshots.read(LearnerSnapshots.predictionsOf(file));
        try (var h = harness(kind, backend, OperatorSnapshotUtil.readStateHandle(file.toString()))) {
            List<Prediction> got = afterSnapshot(h);
            assertThat(got).hasSize(200);
            assertThat(got.get(0).getModelVersion()).as("the decoder had learned 300 bins").isEqualTo(300);
            assertThat(LearnerSnapshots.lines(got)).containsExactlyElementsOf(expected);
        }
    }

    private static List<Prediction> afterSnapshot(
            KeyedTwoInputStreamOperatorTestHarness<String, SpikeBatch, Either<Label, Control>, Prediction> h)
            throws Exception {
        SpikeDecodeFunctionTest.feed(h, 300, 400, true);
        SpikeDecodeFunctionTest.feed(h, 400, 500, false);
        return LearnerSnapshots.predictions(h);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, SpikeBatch, Either<Label, Control>, Prediction> harness(
            DecoderKind kind, String backend, OperatorSubtaskState restore) throws Exception {
        var h = SpikeDecodeFunctionTest.harness(SpikeDecodeFunctionTest.config(kind));
        h.setStateBackend(LearnerSnapshots.backend(backend));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }
}
