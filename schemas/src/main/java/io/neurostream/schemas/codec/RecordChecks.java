package io.neurostream.schemas.codec;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.SpikeBatch;
import java.nio.ByteBuffer;

/**
 * The invariants schemas/README.md promises for each record, checked in one place. Each method
 * returns {@code null} when the record is valid, else a reason a producer's author can act on.
 */
public final class RecordChecks {
    private RecordChecks() {}

    public static String check(EventPacket packet) {
        if (packet.getWidth() <= 0 || packet.getHeight() <= 0) {
            return "geometry " + packet.getWidth() + "x" + packet.getHeight() + " is not positive";
        }
        if (packet.getEndTimeMicros() < packet.getStartTimeMicros()) {
            return "endTimeMicros " + packet.getEndTimeMicros() + " < startTimeMicros " + packet.getStartTimeMicros();
        }
        ByteBuffer events = packet.getEvents();
        int count = PackedEvents.countOf(events.remaining());
        if (count != packet.getEventCount()) {
            return "events holds " + events.remaining() + " bytes, expected 9 * eventCount = "
                    + 9L * packet.getEventCount();
        }
        ByteBuffer view = PackedEvents.view(events);
        long previous = 0;
        long span = packet.getEndTimeMicros() - packet.getStartTimeMicros();
        for (int i = 0; i < count; i++) {
            long dt = PackedEvents.dtMicros(view, i);
            int x = PackedEvents.x(view, i);
            int y = PackedEvents.y(view, i);
            if (x >= packet.getWidth() || y >= packet.getHeight()) {
                return "event " + i + " at (" + x + ", " + y + ") is outside the " + packet.getWidth() + "x"
                        + packet.getHeight() + " sensor";
            }
            if (dt < previous) {
                return "event " + i + " time goes back: dtMicros " + dt + " after " + previous;
            }
            if (dt >= span && span > 0) {
                return "event " + i + " at dtMicros " + dt + " is not before endTimeMicros (span " + span + " µs)";
            }
            previous = dt;
        }
        return null;
    }

    public static String check(SpikeBatch batch) {
        if (batch.getEndTimeMicros() < batch.getStartTimeMicros()) {
            return "endTimeMicros " + batch.getEndTimeMicros() + " < startTimeMicros " + batch.getStartTimeMicros();
        }
        if (batch.getUnitCount() <= 0) {
            return "unitCount " + batch.getUnitCount() + " is not positive";
        }
        ByteBuffer spikes = batch.getSpikes();
        int count = PackedSpikes.countOf(spikes.remaining());
        if (count != batch.getSpikeCount()) {
            return "spikes holds " + spikes.remaining() + " bytes, expected 8 * spikeCount = " + 8L * batch.getSpikeCount();
        }
        ByteBuffer view = PackedSpikes.view(spikes);
        long previous = 0;
        long span = batch.getEndTimeMicros() - batch.getStartTimeMicros();
        for (int i = 0; i < count; i++) {
            long dt = PackedSpikes.dtMicros(view, i);
            int unit = PackedSpikes.unitIndex(view, i);
            if (unit < 0 || unit >= batch.getUnitCount()) {
                return "spike " + i + " has unit " + unit + " outside [0, " + batch.getUnitCount() + ")";
            }
            if (dt < previous) {
                return "spike " + i + " time goes back: dtMicros " + dt + " after " + previous;
            }
            if (dt >= span) {
                return "spike " + i + " at dtMicros " + dt + " is not before endTimeMicros (span " + span + " µs)";
            }
            previous = dt;
        }
        return null;
    }
}
