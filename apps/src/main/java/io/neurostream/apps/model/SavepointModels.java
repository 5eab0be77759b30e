package io.neurostream.apps.model;

import io.neurostream.core.readout.RlsReadout;
import io.neurostream.flink.dvs.LiquidClassifierFunction;
import io.neurostream.flink.dvs.ReadoutSnapshots;
import io.neurostream.schemas.ModelSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * The learned models inside a savepoint (or retained checkpoint) of dvs-classify, read with Flink's
 * State Processor API: one {@link ModelSnapshot} per sensor, as the job would publish it on the
 * {@code models} topic (version = learning updates, the readout's weights), with the savepoint
 * named in its metadata. Runs a small local Flink job; the savepoint may come from any parallelism
 * and either state backend (canonical or native format).
 */
public final class SavepointModels {
    /** The operator holding dvs-classify's learned state (DvsClassifyJob). */
    public static final String LEARNER_UID = "lsm-classifier";

    private SavepointModels() {}

    /** The models in {@code savepoint} (a folder with {@code _metadata}), sorted by stream id. */
    public static List<ModelSnapshot> read(Path savepoint, String jobName) throws Exception {
        if (!Files.isRegularFile(savepoint.resolve("_metadata"))) {
            throw new IllegalArgumentException(savepoint + " is no savepoint or checkpoint folder (it has no _metadata file)");
        }
        Configuration conf = new Configuration();
        conf.setString("pipeline.generic-types", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        SavepointReader reader = SavepointReader.read(env, savepoint.toUri().toString(), new HashMapStateBackend());
        List<ModelSnapshot> models = new ArrayList<>();
        try (CloseableIterator<ModelSnapshot> it = reader.readKeyedState(OperatorIdentifier.forUid(LEARNER_UID),
                new ReadoutReader(jobName, savepoint.toString()), Types.STRING, new AvroTypeInfo<>(ModelSnapshot.class))
                .executeAndCollect("read models of " + savepoint)) {
            it.forEachRemaining(models::add);
        }
        models.sort(Comparator.comparing(ModelSnapshot::getStreamId));
        return models;
    }

    /** Each key's readout, if it has one, as a snapshot. */
    static final class ReadoutReader extends KeyedStateReaderFunction<String, ModelSnapshot> {
        private static final long serialVersionUID = 1L;
        private final String jobName;
        private final String source;
        private transient ValueState<RlsReadout> readout;

        ReadoutReader(String jobName, String source) {
            this.jobName = jobName;
            this.source = source;
        }

        @Override
        public void open(OpenContext context) {
            readout = getRuntimeContext().getState(LiquidClassifierFunction.READOUT);
        }

        @Override
        public void readKey(String key, Context ctx, Collector<ModelSnapshot> out) throws Exception {
            RlsReadout r = readout.value();
            if (r != null) {
                out.collect(ReadoutSnapshots.of(jobName, key, r, Map.of("source", "savepoint " + source,
                        "operator", LEARNER_UID)));
            }
        }
    }
}
