package io.neurostream.connectors.sim;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.codec.PackedEvents;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A labelled event stream made from MNIST digits: sample {@code i} of the stream is digit
 * {@code firstDigit + i}, simulated by {@link SaccadeDvsSimulator} into the slot
 * {@code [i * slotMicros, (i + 1) * slotMicros)} of the sensor clock, cut into
 * {@link EventPacket}s of at most {@code maxEventsPerPacket} events. The last packet of a slot
 * ends exactly at the slot end, so a consumer knows the sample is complete without waiting
 * for the next one.
 *
 * <p>Training samples are preceded by their {@link Label}; held-out samples get none.
 */
public final class SimulatedNmnistStream {

    /** Receives the records of the stream in order. */
    public interface Sink {
        void label(Label label);

        void packet(EventPacket packet);
    }

    private final MnistDigits digits;
    private final SaccadeDvsSimulator simulator;
    private final String sensorId;
    private final long slotMicros;
    private final int maxEventsPerPacket;
    private final long seed;
    private final SimulatedEvents events = new SimulatedEvents();
    private long packetSequence;
    private long labelSequence;

    public SimulatedNmnistStream(MnistDigits digits, SaccadeDvsSimulator simulator, String sensorId, long slotMicros,
                                 int maxEventsPerPacket, long seed) {
        if (slotMicros <= simulator.params().sampleDurationMicros()) {
            throw new IllegalArgumentException("slotMicros " + slotMicros + " must exceed the sample duration "
                    + simulator.params().sampleDurationMicros() + " µs");
        }
        if (maxEventsPerPacket < 1) {
            throw new IllegalArgumentException("maxEventsPerPacket must be >= 1, got " + maxEventsPerPacket);
        }
        this.digits = digits;
        this.simulator = simulator;
        this.sensorId = sensorId;
        this.slotMicros = slotMicros;
        this.maxEventsPerPacket = maxEventsPerPacket;
        this.seed = seed;
    }

    public long slotMicros() {
        return slotMicros;
    }

    /**
     * Emits sample {@code sampleIndex} (digit {@code digitIndex}).
     *
     * @param labelled whether the sample's label is sent before its events
     * @return number of events emitted
     */
    public int emitSample(int sampleIndex, int digitIndex, boolean labelled, Sink sink) {
        long slotStart = sampleIndex * slotMicros;
        long slotEnd = slotStart + slotMicros;
        if (labelled) {
            sink.label(new Label(sensorId, labelSequence++, slotStart, slotEnd, digits.label(digitIndex), List.of()));
        }
        simulator.simulate(digits, digitIndex, slotStart, seed * 1_000_003L + digitIndex, events);
        int n = events.size();
        int from = 0;
        do {
            int to = Math.min(n, from + maxEventsPerPacket);
            // Never cut between events of the same microsecond: a packet's end must exceed its last event.
            while (to < n && events.t(to) == events.t(to - 1)) {
                to++;
            }
            long packetStart = from == 0 ? slotStart : events.t(from);
            long packetEnd = to == n ? slotEnd : events.t(to);
            ByteBuffer packed = PackedEvents.allocate(to - from);
            for (int i = from; i < to; i++) {
                PackedEvents.put(packed, events.t(i) - packetStart, events.x(i), events.y(i), events.on(i));
            }
            packed.flip();
            sink.packet(new EventPacket(sensorId, packetSequence++, simulator.params().sensorWidth(),
                    simulator.params().sensorHeight(), packetStart, packetEnd, to - from, packed, null));
            from = to;
        } while (from < n);
        return n;
    }
}
