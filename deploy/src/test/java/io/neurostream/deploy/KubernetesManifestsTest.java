package io.neurostream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.neurostream.apps.cluster.ClusterJobs;
import io.neurostream.apps.run.JobRun;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s against the Flink Kubernetes Operator 1.13.0 CRD kept beside it: the FlinkDeployment
 * must validate against the CRD's {@code openAPIV3Schema} with unknown fields refused wherever the
 * schema does not preserve them (what {@code kubectl apply --validate=strict} enforces), and
 * misspelt fields, unknown fields and wrong enum values must fail; then what it names must exist:
 * the Flink version, the jar path of docker/'s job image, the entry class and its arguments, the
 * file-system plugin of its checkpoint storage, and topics with enough partitions.
 */
class KubernetesManifestsTest {
    private static final Path ROOT = Path.of(System.getProperty("neurostream.root", "../")).toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema flinkDeploymentSchema;
    private static String crdVersion;

    @BeforeAll
    static void loadCrd() throws IOException {
        JsonNode crd = YAML.readTree(K8S.resolve("crd/flinkdeployments.flink.apache.org-v1.yml").toFile());
        assertThat(crd.path("metadata").path("name").asText()).isEqualTo("flinkdeployments.flink.apache.org");
        JsonNode version = null;
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean()) {
                version = v;
            }
        }
        assertThat(version).as("the CRD's storage version").isNotNull();
        crdVersion = crd.path("spec").path("group").asText() + "/" + version.path("name").asText();
        JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
        closeObjects(schema);
        flinkDeploymentSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(JSON.writeValueAsString(schema), InputFormat.JSON);
        assertThat(Files.readString(K8S.resolve("crd/SOURCE.md"))).contains("release-1.13.0")
                .contains("apache/flink-kubernetes-operator");
    }

    /**
     * Kubernetes refuses (strict validation) or drops (pruning) fields a structural schema does not
     * declare, unless {@code x-kubernetes-preserve-unknown-fields} is set; JSON Schema allows them
     * unless {@code additionalProperties: false}. This makes the JSON Schema say what Kubernetes does.
     */
    static void closeObjects(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                object.put("additionalProperties", false);
            }
            object.forEach(KubernetesManifestsTest::closeObjects);
        } else if (node.isArray()) {
            node.forEach(KubernetesManifestsTest::closeObjects);
        }
    }

    @Test
    void flinkDeploymentMatchesTheOperatorsSchema() throws IOException {
        JsonNode deployment = flinkDeployment();
        assertThat(deployment.path("apiVersion").asText()).isEqualTo(crdVersion);
        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(deployment.path("metadata").path("name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(errors(deployment)).isEmpty();
    }

    @Test
    void misspeltUnknownAndWrongValuesFail() throws IOException {
        assertThat(errorsAfter(d -> renameField((ObjectNode) d.path("spec").path("job"), "upgradeMode", "upgradeMod")))
                .as("misspelt spec.job.upgradeMode").isNotEmpty();
        assertThat(errorsAfter(d -> ((ObjectNode) d.path("spec")).put("parallelism", 2)))
                .as("parallelism at spec level instead of spec.job").isNotEmpty();
        assertThat(errorsAfter(d -> ((ObjectNode) d.path("spec").path("taskManager").path("resource")).put("memmory", "1g")))
                .as("misspelt taskManager.resource.memory").isNotEmpty();
        assertThat(errorsAfter(d -> ((ObjectNode) d.path("spec")).put("flinkVersion", "v2_9")))
                .as("a Flink version operator 1.13 does not know").isNotEmpty();
        assertThat(errorsAfter(d -> ((ObjectNode) d.path("spec").path("job")).put("upgradeMode", "snapshot")))
                .as("a wrong upgrade mode").isNotEmpty();
        assertThat(errorsAfter(d -> ((ObjectNode) d.path("spec").path("flinkConfiguration")).put("any.flink.key", "1")))
                .as("flinkConfiguration is free-form (preserve-unknown-fields)").isEmpty();
    }

    @Test
    void flinkDeploymentNamesWhatTheBuildHas() throws IOException {
        JsonNode spec = flinkDeployment().path("spec");
        String flink = System.getProperty("neurostream.flinkVersion");
        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v" + flink.replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"));
        JsonNode job = spec.path("job");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        // application mode: the job's jar is in the image (docker/Dockerfile, target job)
        assertThat(job.path("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/neurostream-jobs.jar");
        assertThat(Files.readString(ROOT.resolve("docker/Dockerfile"))).contains(" /opt/flink/usrlib/neurostream-jobs.jar");
        assertThat(spec.path("image").asText()).startsWith("neurostream-job:");
        String entryClass = job.path("entryClass").asText();
        assertThat(entryClass).isEqualTo(ClusterJobs.entryClass(JobRun.Kind.DVS_CLASSIFY));
        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        ClusterJobs.validate(JobRun.Kind.DVS_CLASSIFY, args);
        // checkpoints and savepoints on S3, with Flink's S3 plugin turned on in the containers (the image's opt/ has it)
        JsonNode config = spec.path("flinkConfiguration");
        String checkpoints = config.path("execution.checkpointing.dir").asText();
        assertThat(checkpoints).startsWith("s3://");
        assertThat(config.path("execution.checkpointing.savepoint-dir").asText()).startsWith("s3://");
        assertThat(args).containsSequence("--checkpoint-dir", checkpoints);
        JsonNode container = spec.path("podTemplate").path("spec").path("containers").get(0);
        assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
        List<String> plugins = new ArrayList<>();
        container.path("env").forEach(e -> {
            if (e.path("name").asText().equals("ENABLE_BUILT_IN_PLUGINS")) {
                plugins.add(e.path("value").asText());
            }
        });
        assertThat(plugins).containsExactly("flink-s3-fs-presto-" + flink + ".jar");
        assertThat(spec.path("jobManager").path("resource").path("memory").asText()).isNotEmpty();
        assertThat(spec.path("taskManager").path("resource").path("memory").asText()).isNotEmpty();
        assertThat(job.path("parallelism").asInt()).isPositive();
    }

    @Test
    void topicsAreTheJobsAndHaveAPartitionPerSubtask() throws IOException {
        int parallelism = flinkDeployment().path("spec").path("job").path("parallelism").asInt();
        List<JsonNode> topics = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(K8S.resolve("kafka-topics.yaml").toFile())) {
            Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
            docs.forEachRemaining(topics::add);
        }
        NeurostreamTopics defaults = NeurostreamTopics.defaults(parallelism);
        assertThat(topics).extracting(t -> t.path("metadata").path("name").asText()).containsExactlyInAnyOrder(
                defaults.dvsEvents(), defaults.neuralSpikes(), defaults.labels(), defaults.control(),
                defaults.predictions(), defaults.models(), defaults.deadLetters());
        for (JsonNode topic : topics) {
            assertThat(topic.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(topic.path("kind").asText()).isEqualTo("KafkaTopic");
            assertThat(topic.path("spec").path("partitions").asInt()).isGreaterThanOrEqualTo(parallelism);
        }
        assertThat(topics).filteredOn(t -> t.path("metadata").path("name").asText().equals(defaults.models()))
                .allSatisfy(t -> assertThat(t.path("spec").path("config").path("cleanup.policy").asText())
                        .isEqualTo("compact"));
    }

    private static JsonNode flinkDeployment() throws IOException {
        return YAML.readTree(K8S.resolve("dvs-classify.yaml").toFile());
    }

    /** Schema errors of the resource (apiVersion, kind and metadata are the API server's, not the CRD's). */
    private static List<String> errors(JsonNode resource) throws IOException {
        ObjectNode body = resource.deepCopy();
        body.remove(List.of("apiVersion", "kind", "metadata"));
        List<String> messages = new ArrayList<>();
        for (Error e : flinkDeploymentSchema.validate(JSON.writeValueAsString(body), InputFormat.JSON)) {
            messages.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return messages;
    }

    private static List<String> errorsAfter(Consumer<JsonNode> change) throws IOException {
        JsonNode deployment = flinkDeployment();
        change.accept(deployment);
        return errors(deployment);
    }

    private static void renameField(ObjectNode node, String from, String to) {
        node.set(to, node.remove(from));
    }

}
