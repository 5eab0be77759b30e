package io.neurostream.flink.migration;

import io.neurostream.schemas.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.FlinkVersion;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * Where the learners' committed snapshots live and how their expected predictions are written: one
 * {@code OperatorSnapshotUtil} file per learner, state backend and Flink version under
 * {@code src/test/resources/migration/}, beside the predictions the learner made after that snapshot
 * (one line each, doubles as {@link Double#toString} writes them, so equality is exact).
 */
public final class LearnerSnapshots {
    /** Versions with committed snapshots: add the new one when Flink is upgraded (see the README there). */
    public static final List<FlinkVersion> VERSIONS = List.of(FlinkVersion.v2_2);
    public static final List<String> BACKENDS = List.of("hashmap", "rocksdb");

    private LearnerSnapshots() {}

    public static StateBackend backend(String name) {
        return name.equals("hashmap") ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend();
    }

    /** The snapshot file (generator: under the module's source tree; test: on the class path). */
    public static Path snapshot(String learner, String backend, FlinkVersion version, boolean generating) {
        String name = learner + "-" + backend + "-flink" + version + "-snapshot";
        if (generating) {
            return Path.of(System.getProperty("basedir", "."), "src/test/resources/migration", name);
        }
        var url = LearnerSnapshots.class.getResource("/migration/" + name);
        if (url == null) {
            throw new IllegalStateException("no committed snapshot migration/" + name + " (generate it: see "
                    + "src/test/resources/migration/README.md)");
        }
        return Path.of(url.getPath());
    }

    public static Path predictionsOf(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + ".predictions.txt");
    }

    /** The predictions in a harness's output, in order. */
    public static List<Prediction> predictions(AbstractStreamOperatorTestHarness<Prediction> h) {
        List<Prediction> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof Prediction p) {
                out.add(p);
            }
        }
        return out;
    }

    /** One line per prediction: id, model version, class, scores, decoded values. */
    public static List<String> lines(List<Prediction> predictions) {
        return predictions.stream().map(p -> p.getId() + " v" + p.getModelVersion() + " class=" + p.getPredictedClass()
                + " scores=" + join(p.getScores()) + " decoded=" + join(p.getDecoded())).collect(Collectors.toList());
    }

    private static String join(List<Double> values) {
        return values == null ? "" : values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    public static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public static List<String> read(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
