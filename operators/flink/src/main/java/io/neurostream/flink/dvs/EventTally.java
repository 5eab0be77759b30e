package io.neurostream.flink.dvs;

import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * Where the events of one packet went, by reason: every event that reaches dvs-classify is counted
 * exactly once as used, filtered by a configured stage, or dropped. Plain counters, filled per
 * event and handed to the operator's metrics once per packet.
 */
final class EventTally {
    /** Events in the packets (dead-lettered packets included). */
    long in;
    /** Events that drove the liquid. */
    long used;
    /** Filtered by the background-activity stage. */
    long background;
    /** Filtered by the refractory stage. */
    long refractory;
    /** Outside the region of interest. */
    long outsideRoi;
    /** FEAST selected no feature neuron. */
    long noFeature;
    /** Dropped: their window had already closed (input going back across a window end). */
    long late;
    /** Dropped: their packet went to dead-letters (order check, or stages that do not fit the sensor). */
    long rejected;

    void clear() {
        in = used = background = refractory = outsideRoi = noFeature = late = rejected = 0;
    }

    long filtered() {
        return background + refractory + outsideRoi + noFeature;
    }

    long dropped() {
        return late + rejected;
    }

    /**
     * The tallies' totals as the operator's counters and as accumulators {@code <job>.<name>}, one
     * of each per name; {@link #add} takes one packet's values in the order of the names.
     */
    static final class Published {
        private final Counter[] counters;
        private final LongCounter[] accumulators;

        Published(RuntimeContext context, String jobName, List<String> names) {
            counters = new Counter[names.size()];
            accumulators = new LongCounter[names.size()];
            for (int i = 0; i < counters.length; i++) {
                counters[i] = context.getMetricGroup().counter(names.get(i));
                accumulators[i] = new LongCounter();
                context.addAccumulator(jobName + "." + names.get(i), accumulators[i]);
            }
        }

        Counter counter(int index) {
            return counters[index];
        }

        void add(long... values) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != 0) {
                    counters[i].inc(values[i]);
                    accumulators[i].add(values[i]);
                }
            }
        }
    }
}
