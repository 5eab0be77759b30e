package io.neurostream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Each current schema must read data written with every frozen version (history/vN) and with the
 * version in the last git commit (when run inside a git checkout).
 */
class SchemaCompatibilityTest {
    private static final Path CURRENT = Paths.get("src/main/avro");
    private static final Path HISTORY = Paths.get("history");

    @Test
    void currentSchemasReadEveryFrozenVersion() throws IOException {
        List<Path> frozen;
        try (Stream<Path> files = Files.walk(HISTORY)) {
            frozen = files.filter(p -> p.toString().endsWith(".avsc")).toList();
        }
        assertThat(frozen).hasSizeGreaterThanOrEqualTo(7);
        for (Path old : frozen) {
            Schema writer = new Schema.Parser().parse(old.toFile());
            Schema reader = new Schema.Parser().parse(CURRENT.resolve(old.getFileName()).toFile());
            assertCompatible(reader, writer, old.toString());
        }
    }

    @Test
    void everyTopicRecordIsFrozen() throws IOException {
        try (Stream<Path> files = Files.list(CURRENT)) {
            for (Path schema : files.filter(p -> !p.getFileName().toString().equals("RawRecord.avsc")).toList()) {
                assertThat(HISTORY.resolve("v1").resolve(schema.getFileName())).as("frozen v1 of " + schema).exists();
            }
        }
    }

    @Test
    void currentSchemasReadTheLastCommittedVersion() throws Exception {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(CURRENT)) {
            for (Path schema : files.toList()) {
                String committed = gitShow("HEAD:schemas/src/main/avro/" + schema.getFileName());
                if (committed == null) {
                    continue; // new file, or not a git checkout
                }
                Schema writer = new Schema.Parser().parse(committed);
                Schema reader = new Schema.Parser().parse(schema.toFile());
                assertCompatible(reader, writer, "HEAD:" + schema.getFileName());
                checked.add(schema.getFileName().toString());
            }
        }
        // In a clone the committed schemas exist; outside git there is nothing to compare with.
        if (gitShow("HEAD:schemas/pom.xml") != null) {
            assertThat(checked).contains("EventPacket.avsc", "Prediction.avsc");
        }
    }

    @Test
    void droppingAFieldIsCaught() {
        Schema writer = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        Schema reader = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                        + "{\"name\":\"b\",\"type\":\"int\"}]}");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static void assertCompatible(Schema reader, Schema writer, String what) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertThat(result.getType()).as(what + ": " + result.getDescription())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static String gitShow(String spec) throws Exception {
        Process git;
        try {
            git = new ProcessBuilder("git", "show", spec).redirectErrorStream(false).start();
        } catch (IOException noGit) {
            return null;
        }
        byte[] out = git.getInputStream().readAllBytes();
        git.getErrorStream().readAllBytes();
        if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
            return null;
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
