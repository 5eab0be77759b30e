package io.neurostream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the shaded job jar the build just made (jobs/target/neurostream-jobs-*-job.jar, the one
 * {@code neurostream submit}, docker/ and deploy/k8s ship) and checks what is inside: the jobs and
 * everything they run on a cluster that only provides Flink (our code, the Kafka connector and
 * client, Avro and Flink's Avro format); and what is not: Flink's own classes (the cluster has
 * them, and they are loaded parent-first anyway), ND4J and its native libraries (no job uses them),
 * the embedded Kafka broker with Scala, and logging backends.
 */
class JobJarContentsTest {
    private static List<String> entries;

    @BeforeAll
    static void readJar() throws IOException {
        Path jar = Path.of(System.getProperty("neurostream.jobJar"));
        assertThat(jar).as("the shaded job jar (built by the jobs module)").isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(ZipEntry::getName).toList();
        }
        assertThat(Files.size(jar)).as("jar size in bytes").isLessThan(40L * 1024 * 1024);
    }

    @Test
    void holdsTheJobsAndWhatTheyNeedBesideFlink() {
        assertThat(entries).contains(
                "io/neurostream/jobs/dvs/DvsClassifyJob.class",
                "io/neurostream/jobs/spikes/SpikeDecodeJob.class",
                "io/neurostream/flink/dvs/LiquidClassifierFunction.class",
                "io/neurostream/schemas/EventPacket.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                "org/apache/kafka/clients/producer/KafkaProducer.class",
                "org/apache/avro/Schema.class",
                "org/apache/flink/formats/avro/typeutils/AvroTypeInfo.class");
        assertThat(entries).as("connector's service registrations merged")
                .anyMatch(e -> e.startsWith("META-INF/services/"));
    }

    @Test
    void leavesOutFlinkNd4jTheBrokerAndLogging() {
        List<String> forbiddenPrefixes = List.of(
                "org/apache/flink/streaming/api/environment/", // flink-streaming-java
                "org/apache/flink/api/common/",                 // flink-core
                "org/apache/flink/runtime/",                    // flink-runtime
                "org/apache/flink/client/",                     // flink-clients
                "org/apache/flink/shaded/",                     // flink-shaded-*
                "org/nd4j/", "org/bytedeco/", "org/openblas/",  // ND4J, JavaCPP, OpenBLAS
                "kafka/server/", "kafka/log/", "org/apache/kafka/raft/", "org/apache/kafka/metadata/", "org/apache/kafka/controller/", // broker
                "scala/",
                "org/apache/logging/log4j/", "org/slf4j/");
        for (String prefix : forbiddenPrefixes) {
            assertThat(entries).as("entries under %s", prefix).noneMatch(e -> e.startsWith(prefix));
        }
        assertThat(entries).as("native libraries of ND4J/JavaCPP/OpenBLAS")
                .noneMatch(e -> e.matches(".*(nd4j|openblas|jnijavacpp|javacpp).*\\.(so|dll|dylib)"));
    }
}
