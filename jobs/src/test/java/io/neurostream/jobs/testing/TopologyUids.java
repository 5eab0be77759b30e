package io.neurostream.jobs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SimpleUdfStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.SourceOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.runtime.operators.sink.CommitterOperatorFactory;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;

/**
 * The operator uids of a built topology, read from its stream graph: what a savepoint's operator
 * state is keyed by. A changed uid means state of an older version no longer restores.
 */
public final class TopologyUids {
    /** What a failing uid test says. */
    public static final String CHANGED = "operator uids changed: savepoints of older versions will not restore into "
            + "this topology; update the list only on purpose and say so in the README";

    /** Prefix Flink puts before a sink's uid for the committer it adds to a two-phase-commit sink. */
    public static final String COMMITTER_PREFIX = "Sink Committer: ";

    private TopologyUids() {}

    /** The uid of every stream node that has one, in node order. */
    public static List<String> of(StreamGraph graph) {
        List<String> uids = new ArrayList<>();
        for (StreamNode node : nodes(graph)) {
            if (node.getTransformationUID() != null) {
                uids.add(node.getTransformationUID());
            }
        }
        return uids;
    }

    /** "name (factory)" of every stateful node without a uid: sources, sink writers and committers, keyed and checkpointed operators. */
    public static List<String> statefulWithoutUid(StreamGraph graph) {
        List<String> missing = new ArrayList<>();
        for (StreamNode node : nodes(graph)) {
            String uid = node.getTransformationUID();
            if (isStateful(node) && (uid == null || uid.isBlank())) {
                missing.add(node.getOperatorName() + " (" + node.getOperatorFactory().getClass().getSimpleName() + ")");
            }
        }
        return missing;
    }

    /** Names of the stateful nodes (see {@link #statefulWithoutUid}). */
    public static List<String> stateful(StreamGraph graph) {
        return nodes(graph).stream().filter(TopologyUids::isStateful).map(StreamNode::getOperatorName).toList();
    }

    /** Non-blank lines of a resource that do not start with {@code #}, trimmed. */
    public static List<String> committed(String resource) {
        try (InputStream in = TopologyUids.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource);
            }
            List<String> uids = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.trim();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    uids.add(l);
                }
            }
            return uids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isStateful(StreamNode node) {
        StreamOperatorFactory<?> factory = node.getOperatorFactory();
        if (node.getStateKeySerializer() != null || factory instanceof SourceOperatorFactory
                || factory instanceof SinkWriterOperatorFactory || factory instanceof CommitterOperatorFactory) {
            return true;
        }
        return factory instanceof SimpleUdfStreamOperatorFactory<?> udf
                && udf.getUserFunction() instanceof CheckpointedFunction;
    }

    private static List<StreamNode> nodes(StreamGraph graph) {
        List<StreamNode> nodes = new ArrayList<>(graph.getStreamNodes());
        nodes.sort(Comparator.comparingInt(StreamNode::getId));
        return nodes;
    }
}
