package io.neurostream.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The uid checker itself: it must see a keyed operator without a uid. */
class TopologyUidsTest {

    @Test
    void findsStatefulOperatorsWithoutUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(1L, 2L, 3L).uid("numbers")
                .keyBy(v -> v % 2, Types.LONG)
                .process(new Counting()).returns(Types.LONG).name("count per key")
                .map(v -> v + 1).returns(Types.LONG).name("stateless").uid("plus-one");
        StreamGraph graph = env.getStreamGraph(false);

        assertThat(TopologyUids.of(graph)).containsExactly("numbers", "plus-one");
        assertThat(TopologyUids.stateful(graph)).contains("count per key").doesNotContain("stateless");
        assertThat(TopologyUids.statefulWithoutUid(graph)).singleElement().asString().startsWith("count per key");
    }

    static final class Counting extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            long c = count.value() == null ? 1 : count.value() + 1;
            count.update(c);
            out.collect(c);
        }
    }
}
