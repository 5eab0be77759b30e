package io.neurostream.cli;

import io.neurostream.apps.common.SummaryJson;
import io.neurostream.apps.model.SavepointModels;
import io.neurostream.connectors.kafka.RecordProducer;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.ModelSnapshot;
import io.neurostream.schemas.codec.ByteBuffers;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neurostream model --from-savepoint DIR}: the learned readouts inside a dvs-classify savepoint
 * (or retained checkpoint), read with Flink's State Processor API, as the {@code ModelSnapshot}s the
 * job publishes on its {@code models} topic: listed, written as JSON or as records, or published to
 * a models topic so that a job started with {@code --warm-start-from-models} begins from them.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Reads the learned models out of a dvs-classify savepoint (or retained checkpoint)",
                "as ModelSnapshots: lists them, writes them as JSON or records, or publishes them."})
final class ModelCommand implements Callable<Integer> {
    @Option(names = "--from-savepoint", required = true, paramLabel = "DIR",
            description = "Savepoint or retained checkpoint folder (the one holding _metadata).")
    Path savepoint;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every model, weights included, as JSON.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR", description = "Write one <stream>.modelsnapshot file per sensor: the "
            + "record as it is on the models topic (Avro single-object encoding, schemas/README.md).")
    Path out;

    @Option(names = "--publish-to", paramLabel = "TOPIC", description = "Publish the models to this topic "
            + "(key job/stream/kind, as the job does); needs --bootstrap-servers.")
    String publishTopic;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka for --publish-to.")
    String bootstrapServers;

    @Option(names = "--job-name", description = "Job name the models carry (default: ${DEFAULT-VALUE}).")
    String jobName = DvsClassifyJob.NAME;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (publishTopic != null && bootstrapServers == null) {
            throw new IllegalArgumentException("--publish-to needs --bootstrap-servers HOST:PORT");
        }
        List<ModelSnapshot> models = SavepointModels.read(savepoint, jobName);
        PrintWriter printer = spec.commandLine().getOut();
        printer.println(models.size() + " model(s) in " + savepoint + " (operator " + SavepointModels.LEARNER_UID + ")");
        for (ModelSnapshot m : models) {
            printer.println("  " + m.getStreamId() + ": " + m.getKind() + " " + m.getShape() + ", version "
                    + m.getVersion() + " (learning updates)");
        }
        SingleObjectCodec<ModelSnapshot> codec = SingleObjectCodec.of(ModelSnapshot.class);
        if (json != null) {
            Map<String, Object> all = new LinkedHashMap<>();
            for (ModelSnapshot m : models) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("job", m.getJob());
                one.put("kind", m.getKind());
                one.put("version", m.getVersion());
                one.put("shape", m.getShape());
                one.put("weights", weights(m));
                all.put(m.getStreamId(), one);
            }
            Files.writeString(json, SummaryJson.of(Map.of("savepoint", savepoint.toString(), "models", all)));
            printer.println("wrote " + json);
        }
        if (out != null) {
            Files.createDirectories(out);
            for (ModelSnapshot m : models) {
                Files.write(out.resolve(m.getStreamId() + ".modelsnapshot"), codec.encode(m));
            }
            printer.println("wrote " + models.size() + " file(s) to " + out);
        }
        if (publishTopic != null) {
            try (RecordProducer producer = new RecordProducer(bootstrapServers, 0, 64 * 1024 * 1024)) {
                for (ModelSnapshot m : models) {
                    producer.send(publishTopic, m.getJob() + "/" + m.getStreamId() + "/" + m.getKind(), codec.encode(m));
                }
                producer.flush();
            }
            printer.println("published " + models.size() + " model(s) to " + publishTopic);
        }
        printer.flush();
        return 0;
    }

    private static List<Double> weights(ModelSnapshot m) {
        ByteBuffer b = ByteBuffer.wrap(ByteBuffers.remaining(m.getParameters())).order(ByteOrder.LITTLE_ENDIAN);
        List<Double> w = new ArrayList<>(b.remaining() / 8);
        while (b.remaining() >= 8) {
            w.add(b.getDouble());
        }
        return w;
    }
}
