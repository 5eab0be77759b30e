package io.neurostream.connectors.events;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.codec.PackedEvents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts a stream of events into {@link EventPacket} records (9 bytes per event, {@link PackedEvents}) by count
 * and/or duration, numbering them from 0 per sensor.
 *
 * <pre>{@code
 * List<EventPacket> packets = new ArrayList<>();
 * PacketBuilder packer = PacketBuilder.builder()
 *         .sensorId("cam-0")
 *         .geometry(reader.geometry())
 *         .maxEvents(4096)              // default 4096
 *         .maxDurationMicros(10_000)    // default 0 = no duration bound
 *         .sink(packets::add)
 *         .build();
 * packer.packAll(reader);               // or packer.accept(t, x, y, on) ... packer.finish()
 * }</pre>
 *
 * Rules: a packet closes when it holds {@code maxEvents}; with a duration bound, packets cover windows
 * {@code [start, start + maxDurationMicros)} aligned at the first event, and empty windows produce no packet.
 * A packet's {@code endTimeMicros} is the time of the event that opened the next packet (duration cut: the window
 * end), or after {@link #finish()} the last event's time + 1, so that no later packet holds an event before it.
 * If time goes backwards (a disordered source), the packet is closed there (end = its last time + 1) and a new one
 * starts, since times never decrease inside a packet. A count cut never splits events of one µs: the run of equal
 * times at the end of a full packet moves to the next one (unless the whole packet is that run, see
 * {@code cutBeforeTies}). Not thread-safe.
 */
public final class PacketBuilder implements EventConsumer {
    /** Largest allowed {@code maxEvents}: 1M events = 9 MB per packet. */
    public static final int MAX_EVENTS_LIMIT = 1 << 20;

    private final String sensorId;
    private final SensorGeometry geometry;
    private final int maxEvents;
    private final long maxDurationMicros;
    private final Consumer<EventPacket> sink;
    private final ByteBuffer packed;
    private long sequence;
    private int count;
    private long startMicros;
    private long windowStartMicros;
    private long lastMicros;
    private long packets;

    private PacketBuilder(Builder b) {
        this.sensorId = b.sensorId;
        this.geometry = b.geometry;
        this.maxEvents = b.maxEvents;
        this.maxDurationMicros = b.maxDurationMicros;
        this.sink = b.sink;
        this.sequence = b.firstSequence;
        this.packed = PackedEvents.allocate(maxEvents);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds one event; may emit the previous packet to the sink first. */
    @Override
    public void accept(long tMicros, int x, int y, boolean on) {
        if (count > 0) {
            if (tMicros < lastMicros) {
                emit(lastMicros + 1);
                startMicros = tMicros;
                windowStartMicros = tMicros;
            } else if (maxDurationMicros > 0 && tMicros - windowStartMicros >= maxDurationMicros) {
                long windowEnd = windowStartMicros + maxDurationMicros;
                emit(windowEnd);
                windowStartMicros = windowEnd + (tMicros - windowEnd) / maxDurationMicros * maxDurationMicros;
                startMicros = windowStartMicros;
            } else if (count == maxEvents || tMicros - startMicros > 0xFFFF_FFFFL) {
                if (tMicros == lastMicros) {
                    cutBeforeTies();
                } else {
                    emit(tMicros);
                    startMicros = tMicros;
                }
            }
        } else {
            startMicros = tMicros;
            if (packets == 0 || maxDurationMicros == 0 || tMicros < windowStartMicros) {
                windowStartMicros = tMicros;
            } else if (tMicros - windowStartMicros >= maxDurationMicros) {
                windowStartMicros += (tMicros - windowStartMicros) / maxDurationMicros * maxDurationMicros;
            }
        }
        if (x < 0 || y < 0 || (geometry.isKnown() && (x >= geometry.width() || y >= geometry.height()))) {
            throw new IllegalArgumentException("event (" + x + ", " + y + ") at " + tMicros + " us outside geometry "
                    + geometry);
        }
        PackedEvents.put(packed, tMicros - startMicros, x, y, on);
        count++;
        lastMicros = tMicros;
    }

    /**
     * Closes a full packet whose last events share the time of the incoming one: an event at its end
     * time would break "events before endTimeMicros", so the run of ties moves to the next packet and
     * this one ends at their time. If the whole packet is one run (more than maxEvents events in one µs)
     * it ends at that µs, which the decoder's record check rejects: choose maxEvents above the densest µs.
     */
    private void cutBeforeTies() {
        ByteBuffer view = packed.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long lastDt = lastMicros - startMicros;
        int first = count;
        while (first > 0 && (view.getInt((first - 1) * PackedEvents.BYTES_PER_EVENT) & 0xFFFF_FFFFL) == lastDt) {
            first--;
        }
        if (first == 0) {
            // More than maxEvents events in one µs cannot be cut validly: as before, end at that µs.
            emit(lastMicros);
            startMicros = lastMicros;
            return;
        }
        int ties = count - first;
        if (tieScratch == null) {
            tieScratch = new byte[maxEvents * PackedEvents.BYTES_PER_EVENT];
        }
        System.arraycopy(packed.array(), first * PackedEvents.BYTES_PER_EVENT, tieScratch, 0,
                ties * PackedEvents.BYTES_PER_EVENT);
        count = first;
        packed.position(first * PackedEvents.BYTES_PER_EVENT);
        emit(lastMicros);
        startMicros = lastMicros;
        packed.put(tieScratch, 0, ties * PackedEvents.BYTES_PER_EVENT);
        for (int i = 0; i < ties; i++) {
            packed.putInt(i * PackedEvents.BYTES_PER_EVENT, 0); // dt from the new start, which is their time
        }
        count = ties;
    }

    private byte[] tieScratch;

    /** Adds {@code events[0, size)}. */
    public void accept(EventBuffer events) {
        for (int i = 0; i < events.size; i++) {
            accept(events.tMicros[i], events.x[i], events.y[i], events.on[i]);
        }
    }

    /** Emits the open packet, if any, complete up to its last event. */
    public void finish() {
        if (count > 0) {
            emit(lastMicros + 1);
        }
    }

    /** Reads {@code reader} to its end, packs everything and calls {@link #finish()}; returns the event count. */
    public long packAll(EventFileReader reader) throws IOException {
        EventBuffer buf = new EventBuffer(8192);
        long total = 0;
        int n;
        while ((n = reader.read(buf)) > 0) {
            accept(buf);
            total += n;
        }
        finish();
        return total;
    }

    /** Packets emitted so far. */
    public long packetsEmitted() {
        return packets;
    }

    private void emit(long endMicros) {
        byte[] bytes = Arrays.copyOf(packed.array(), count * PackedEvents.BYTES_PER_EVENT);
        EventPacket p = EventPacket.newBuilder()
                .setSensorId(sensorId)
                .setSequence(sequence++)
                .setWidth(geometry.width())
                .setHeight(geometry.height())
                .setStartTimeMicros(startMicros)
                .setEndTimeMicros(endMicros)
                .setEventCount(count)
                .setEvents(ByteBuffer.wrap(bytes))
                .setIngestTimeMillis(null)
                .build();
        packed.clear();
        count = 0;
        packets++;
        sink.accept(p);
    }

    /** Configures a {@link PacketBuilder}; {@link #build()} checks the settings and says what is missing. */
    public static final class Builder {
        private String sensorId;
        private SensorGeometry geometry = SensorGeometry.UNKNOWN;
        private int maxEvents = 4096;
        private long maxDurationMicros;
        private long firstSequence;
        private Consumer<EventPacket> sink;

        private Builder() {}

        /** Sensor id (the Kafka key); required. */
        public Builder sensorId(String sensorId) {
            this.sensorId = sensorId;
            return this;
        }

        /** Geometry written into every packet; events outside it are refused. Default UNKNOWN (0 × 0, unchecked). */
        public Builder geometry(SensorGeometry geometry) {
            this.geometry = Objects.requireNonNull(geometry, "geometry");
            return this;
        }

        /** Most events per packet, in [1, {@value #MAX_EVENTS_LIMIT}]; default 4096. */
        public Builder maxEvents(int maxEvents) {
            if (maxEvents < 1 || maxEvents > MAX_EVENTS_LIMIT) {
                throw new IllegalArgumentException("maxEvents " + maxEvents + " outside [1, " + MAX_EVENTS_LIMIT + "]");
            }
            this.maxEvents = maxEvents;
            return this;
        }

        /** Longest time a packet covers (µs), in [1, 2^32); 0 (default) = no duration bound. */
        public Builder maxDurationMicros(long maxDurationMicros) {
            if (maxDurationMicros < 0 || maxDurationMicros > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("maxDurationMicros " + maxDurationMicros + " outside [0, 2^32)");
            }
            this.maxDurationMicros = maxDurationMicros;
            return this;
        }

        /** Sequence number of the first packet (default 0), e.g. to continue after a restart. */
        public Builder firstSequence(long firstSequence) {
            if (firstSequence < 0) {
                throw new IllegalArgumentException("firstSequence " + firstSequence + " must be >= 0");
            }
            this.firstSequence = firstSequence;
            return this;
        }

        /** Receives each finished packet; required. */
        public Builder sink(Consumer<EventPacket> sink) {
            this.sink = sink;
            return this;
        }

        public PacketBuilder build() {
            if (sensorId == null || sensorId.isEmpty()) {
                throw new IllegalStateException("sensorId is not set: call sensorId(...) with the sensor's Kafka key");
            }
            if (sink == null) {
                throw new IllegalStateException("sink is not set: call sink(...) with the consumer of finished packets");
            }
            return new PacketBuilder(this);
        }
    }

    /** Streams the events of a packet to {@code consumer} (absolute times); returns the count. */
    public static int unpack(EventPacket packet, EventConsumer consumer) {
        ByteBuffer view = PackedEvents.view(packet.getEvents());
        int n = PackedEvents.countOf(view.remaining());
        if (n != packet.getEventCount()) {
            throw new IllegalArgumentException("packet " + packet.getSequence() + " of " + packet.getSensorId()
                    + ": eventCount " + packet.getEventCount() + " but " + view.remaining() + " event bytes");
        }
        long start = packet.getStartTimeMicros();
        for (int i = 0; i < n; i++) {
            consumer.accept(start + PackedEvents.dtMicros(view, i), PackedEvents.x(view, i), PackedEvents.y(view, i),
                    PackedEvents.on(view, i));
        }
        return n;
    }

    static {
        // PackedEvents needs little-endian buffers; make the assumption visible
        assert PackedEvents.allocate(1).order() == ByteOrder.LITTLE_ENDIAN;
    }
}
