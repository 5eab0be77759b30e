package io.neurostream.connectors.replay;

import java.io.IOException;

/**
 * A recording that is streamed onto Kafka with its original timing, whatever its kind:
 * {@link EventReplay} for event-camera files and labelled N-MNIST folders (EventPackets),
 * {@link SpikeFileReplay} for spike recordings (SpikeBatches); both may send Labels.
 * {@link Recordings#open} chooses the kind by the files' content.
 */
public interface Recording {
    /** What it is, one line per input (file or data set): format, key, how much it holds and over how long. */
    String describe();

    /** Events (or spikes) of one pass, for progress; -1 if unknown without reading the whole input. */
    long totalEvents();

    /**
     * Streams the recording into {@code target}, waiting on {@code pacer} so that each packet is sent
     * when its window has ended on the recording clock (scaled by the pacer's speed); flushes the
     * target at the end, or after {@link Pacer#stop()}, and returns what was sent.
     *
     * @param progress called about once a second and at the end; null for none
     */
    ReplayStats replay(ReplayTarget target, Pacer pacer, ReplayProgress progress) throws IOException, InterruptedException;
}
