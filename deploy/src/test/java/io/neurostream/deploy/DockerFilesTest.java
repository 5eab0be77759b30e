package io.neurostream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.neurostream.apps.cluster.ClusterJobs;
import io.neurostream.apps.run.JobRun;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker/ cannot be run here (no Docker engine), so everything it names is checked against the
 * build: image tags against the Maven versions (versions.env, the Dockerfile's defaults, compose),
 * every path the Dockerfile copies out of its build stage against what {@code ./mvnw install}
 * produces, the build contexts and Dockerfile of compose, the commands and options compose gives
 * the CLI image (parsed by the real command line; job options checked as {@code submit} checks
 * them), the topics against the jobs' defaults, Kafka listeners for the host and the network, and
 * the checkpoint/savepoint folders on a volume both Flink containers mount. If Debian's
 * {@code docker-compose} is installed, {@code docker-compose config} must accept the file too.
 */
class DockerFilesTest {
    private static final Path ROOT = Path.of(System.getProperty("neurostream.root", "../")).toAbsolutePath().normalize();
    private static final String FLINK = System.getProperty("neurostream.flinkVersion");
    private static final String KAFKA = System.getProperty("neurostream.kafkaVersion");
    private static final String VERSION = System.getProperty("neurostream.projectVersion");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void imageVersionsMatchTheBuild() throws IOException {
        Map<String, String> versions = Scripts.readEnv(ROOT.resolve("docker/versions.env"));
        assertThat(versions).containsEntry("FLINK_IMAGE", "flink:" + FLINK + "-java17")
                .containsEntry("KAFKA_IMAGE", "apache/kafka:" + KAFKA)
                .containsEntry("NEUROSTREAM_VERSION", VERSION);
        Map<String, String> args = dockerfileArgs();
        for (String arg : List.of("FLINK_IMAGE", "BUILD_IMAGE", "TOOLS_IMAGE")) {
            assertThat(args).as("Dockerfile ARG %s", arg).containsEntry(arg, versions.get(arg));
        }
        JsonNode services = compose().path("services");
        assertThat(services.path("kafka").path("image").asText()).isEqualTo(versions.get("KAFKA_IMAGE"));
        assertThat(services.path("topic-init").path("image").asText()).isEqualTo(versions.get("KAFKA_IMAGE"));
    }

    @Test
    void everyPathTheDockerfileCopiesIsBuiltByMaven() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        Matcher copy = Pattern.compile("COPY --from=build /src/(\\S+) (\\S+)").matcher(dockerfile);
        List<String> copied = new ArrayList<>();
        while (copy.find()) {
            copied.add(copy.group(1));
        }
        assertThat(copied).contains("jobs/target/neurostream-jobs-" + VERSION + "-job.jar",
                "cli/target/neurostream-cli-" + VERSION + ".jar", "cli/target/lib/");
        for (String path : copied) {
            if (path.equals("cli/target/lib/")) {
                // made in the image by dependency:copy-dependencies of the cli module (see the RUN line)
                assertThat(dockerfile).contains("-pl cli dependency:copy-dependencies -DincludeScope=runtime "
                        + "-DoutputDirectory=target/lib");
                assertThat(ROOT.resolve("cli/pom.xml")).isRegularFile();
            } else {
                assertThat(ROOT.resolve(path)).as("built by ./mvnw install: %s", path).isRegularFile();
            }
        }
        assertThat(dockerfile).contains("COPY --from=build /src/jobs/target/neurostream-jobs-" + VERSION
                + "-job.jar /opt/flink/usrlib/neurostream-jobs.jar");
        // the tools image runs the CLI's main class
        assertThat(dockerfile).contains("\"io.neurostream.cli.Neurostream\"");
        assertThat(Class.forName("io.neurostream.cli.Neurostream", false, getClass().getClassLoader())).isNotNull();
        for (String target : List.of("AS build", "AS job", "AS tools")) {
            assertThat(dockerfile).contains(target);
        }
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("**/target/");
    }

    @Test
    void composeServicesAreWiredToWhatExists() throws Exception {
        JsonNode services = compose().path("services");
        assertThat(fieldNames(services)).contains("kafka", "topic-init", "jobmanager", "taskmanager", "job", "replayer");
        for (JsonNode service : services) {
            JsonNode build = service.path("build");
            if (!build.isMissingNode()) {
                Path context = ROOT.resolve("docker").resolve(build.path("context").asText()).normalize();
                assertThat(context).isEqualTo(ROOT);
                assertThat(context.resolve(build.path("dockerfile").asText())).isRegularFile();
                assertThat(Files.readString(context.resolve(build.path("dockerfile").asText())))
                        .contains("AS " + build.path("target").asText());
            }
        }
        // the CLI image's commands parse with the real command line; submit's job options as submit checks them
        for (String name : List.of("job", "replayer")) {
            List<String> command = texts(services.path(name).path("command"));
            CommandLine.ParseResult parsed = new CommandLine(new io.neurostream.cli.Neurostream()).parseArgs(
                    command.toArray(String[]::new));
            CommandLine.ParseResult sub = parsed.subcommand();
            assertThat(sub).as("%s: %s", name, command).isNotNull();
            if (sub.commandSpec().name().equals("submit")) {
                ClusterJobs.validate(JobRun.Kind.parse(command.get(1)), sub.unmatched());
            }
        }
        // Kafka: one listener for the host (published port), one inside the network, used by every container
        JsonNode kafka = services.path("kafka").path("environment");
        String advertised = kafka.path("KAFKA_ADVERTISED_LISTENERS").asText();
        assertThat(advertised).contains("INTERNAL://kafka:19092").contains("EXTERNAL://localhost:9092");
        assertThat(texts(services.path("kafka").path("ports"))).contains("9092:9092");
        assertThat(texts(services.path("job").path("command"))).contains("kafka:19092");
        assertThat(texts(services.path("replayer").path("command"))).contains("kafka:19092");
        // topics: the jobs' defaults
        String topicInit = texts(services.path("topic-init").path("command")).get(0);
        NeurostreamTopics defaults = NeurostreamTopics.defaults(2);
        for (String topic : List.of(defaults.dvsEvents(), defaults.neuralSpikes(), defaults.labels(), defaults.control(),
                defaults.predictions(), defaults.models(), defaults.deadLetters())) {
            assertThat(topicInit).contains(topic);
        }
    }

    @Test
    void checkpointsAndSavepointsAreOnAVolumeBothFlinkContainersMount() throws IOException {
        JsonNode services = compose().path("services");
        for (String name : List.of("jobmanager", "taskmanager")) {
            JsonNode service = services.path(name);
            Map<String, String> flink = flinkProperties(service.path("environment").path("FLINK_PROPERTIES").asText());
            String checkpoints = flink.get("execution.checkpointing.dir");
            String savepoints = flink.get("execution.checkpointing.savepoint-dir");
            assertThat(checkpoints).startsWith("file:///flink-state/");
            assertThat(savepoints).startsWith("file:///flink-state/");
            assertThat(texts(service.path("volumes"))).as(name).contains("flink-state:/flink-state");
        }
        assertThat(fieldNames(compose().path("volumes"))).contains("flink-state");
        assertThat(services.path("taskmanager").path("environment").path("FLINK_PROPERTIES").asText())
                .as("one Flink configuration for both").isEqualTo(
                        services.path("jobmanager").path("environment").path("FLINK_PROPERTIES").asText());
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/docker-compose"));
        assumeThat(installed).as("Debian's docker-compose (apt-get install docker-compose)").isTrue();
        Scripts.Result config = Scripts.run(ROOT, Duration.ofMinutes(2), "docker-compose", "-f", "docker/compose.yaml",
                "config", "-q");
        assertThat(config.exitCode()).as(config.output()).isZero();
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(ROOT.resolve("docker/compose.yaml").toFile());
    }

    private static Map<String, String> dockerfileArgs() throws IOException {
        Map<String, String> args = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^ARG (\\w+)=(\\S+)$").matcher(Files.readString(ROOT.resolve("docker/Dockerfile")));
        while (m.find()) {
            args.put(m.group(1), m.group(2));
        }
        return args;
    }

    private static Map<String, String> flinkProperties(String text) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                properties.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return properties;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static TreeSet<String> fieldNames(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
