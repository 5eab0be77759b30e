package io.neurostream.connectors.replay;

import io.neurostream.connectors.events.PacketBuilder;
import io.neurostream.connectors.events.SensorGeometry;
import io.neurostream.connectors.spikes.SpikeBatcher;
import java.util.List;

/**
 * How {@link Recordings#open} turns files into a {@link Recording}; each kind reads the settings that
 * concern it and ignores the others. Immutable; start from {@link #defaults()}. A wrong value fails
 * here, naming the {@code neurostream replay} option that sets it.
 *
 * @param ids                Kafka keys, one per file: sensor ids (event-camera files) or the session id
 *                           (a spike recording); empty = from the file names ({@link Recordings#defaultId})
 * @param spikeBatchMicros   spike recordings: window of one SpikeBatch and one Label (µs)
 * @param maxEventsPerPacket event-camera files: events per EventPacket at most
 * @param maxPacketMicros    event-camera files: time one packet covers at most (µs), 0 = no bound
 * @param passes             event-camera files: times each file is replayed, {@link #FOREVER} = until stopped
 *                           (each pass shifted past the previous one so that time keeps increasing)
 * @param slotMicros         N-MNIST folders: slot of one sample (µs), must exceed the longest sample
 * @param geometry           event-camera files: sensor size for files that state none; null = from the file
 *                           (or the range its events cover)
 * @param trainSamples       N-MNIST folders: labelled samples to send, spread over the train list; {@link #ALL}
 * @param testSamples        N-MNIST folders: unlabelled samples to send, spread over the test list; {@link #ALL}
 */
public record ReplayOptions(List<String> ids, long spikeBatchMicros, int maxEventsPerPacket, long maxPacketMicros,
                            int passes, long slotMicros, SensorGeometry geometry, int trainSamples, int testSamples) {
    /** {@link #passes()}: replay until {@link Pacer#stop()}. */
    public static final int FOREVER = Integer.MAX_VALUE;
    /** {@link #trainSamples()}, {@link #testSamples()}: the whole list. */
    public static final int ALL = -1;

    public ReplayOptions {
        ids = List.copyOf(ids);
        if (spikeBatchMicros < 1 || spikeBatchMicros > SpikeBatcher.MAX_WINDOW_MICROS) {
            throw new IllegalArgumentException("--bin-ms (spike batch window) must be in [0.001, "
                    + SpikeBatcher.MAX_WINDOW_MICROS / 1000 + "] ms, got " + spikeBatchMicros / 1000.0 + " ms");
        }
        if (maxEventsPerPacket < 1 || maxEventsPerPacket > PacketBuilder.MAX_EVENTS_LIMIT) {
            throw new IllegalArgumentException("--max-events-per-packet must be in [1, " + PacketBuilder.MAX_EVENTS_LIMIT
                    + "], got " + maxEventsPerPacket);
        }
        if (maxPacketMicros < 0) {
            throw new IllegalArgumentException("--packet-ms must be >= 0 (0 = no bound), got " + maxPacketMicros / 1000.0);
        }
        if (passes < 1) {
            throw new IllegalArgumentException("--passes must be >= 1, got " + passes);
        }
        if (slotMicros < 1) {
            throw new IllegalArgumentException("--slot-ms must be > 0, got " + slotMicros / 1000.0);
        }
        if (trainSamples < ALL || testSamples < ALL) {
            throw new IllegalArgumentException("--train and --test must be >= 0, got " + trainSamples + " and "
                    + testSamples);
        }
    }

    /** Keys from the file names; 20 ms spike batches; packets of 4096 events or 10 ms; one pass; 400 ms slots; all samples. */
    public static ReplayOptions defaults() {
        return new ReplayOptions(List.of(), 20_000, 4096, 10_000, 1, 400_000, null, ALL, ALL);
    }

    public ReplayOptions withIds(List<String> newIds) {
        return new ReplayOptions(newIds, spikeBatchMicros, maxEventsPerPacket, maxPacketMicros, passes, slotMicros,
                geometry, trainSamples, testSamples);
    }

    public ReplayOptions withSpikeBatchMicros(long micros) {
        return new ReplayOptions(ids, micros, maxEventsPerPacket, maxPacketMicros, passes, slotMicros, geometry,
                trainSamples, testSamples);
    }

    public ReplayOptions withPackets(int maxEvents, long maxMicros) {
        return new ReplayOptions(ids, spikeBatchMicros, maxEvents, maxMicros, passes, slotMicros, geometry,
                trainSamples, testSamples);
    }

    public ReplayOptions withPasses(int newPasses) {
        return new ReplayOptions(ids, spikeBatchMicros, maxEventsPerPacket, maxPacketMicros, newPasses, slotMicros,
                geometry, trainSamples, testSamples);
    }

    public ReplayOptions withSlotMicros(long micros) {
        return new ReplayOptions(ids, spikeBatchMicros, maxEventsPerPacket, maxPacketMicros, passes, micros, geometry,
                trainSamples, testSamples);
    }

    public ReplayOptions withGeometry(SensorGeometry newGeometry) {
        return new ReplayOptions(ids, spikeBatchMicros, maxEventsPerPacket, maxPacketMicros, passes, slotMicros,
                newGeometry, trainSamples, testSamples);
    }

    public ReplayOptions withSamples(int train, int test) {
        return new ReplayOptions(ids, spikeBatchMicros, maxEventsPerPacket, maxPacketMicros, passes, slotMicros,
                geometry, train, test);
    }
}
