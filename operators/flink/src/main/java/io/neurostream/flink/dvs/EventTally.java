package io.neurostream.flink.dvs;

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
}
