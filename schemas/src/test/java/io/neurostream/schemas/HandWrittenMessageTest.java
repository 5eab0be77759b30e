package io.neurostream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The example message of schemas/README.md, typed in byte by byte, decodes as documented. */
class HandWrittenMessageTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void readmeExampleDecodes() throws Exception {
        byte[] message = bytes(
                0xC3, 0x01, 0x72, 0x7E, 0x05, 0xE3, 0x44, 0xC5, 0x8D, 0x5B,
                0x02, 0x73,
                0x00,
                0x44, 0x44,
                0xD0, 0x0F,
                0xA0, 0x1F,
                0x02,
                0x12,
                0x0A, 0x00, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x01,
                0x00);
        EventPacket packet = SingleObjectCodec.of(EventPacket.class).decode(message);
        assertThat(packet.getSensorId()).isEqualTo("s");
        assertThat(packet.getSequence()).isZero();
        assertThat(packet.getWidth()).isEqualTo(34);
        assertThat(packet.getHeight()).isEqualTo(34);
        assertThat(packet.getStartTimeMicros()).isEqualTo(1000);
        assertThat(packet.getEndTimeMicros()).isEqualTo(2000);
        assertThat(packet.getEventCount()).isEqualTo(1);
        assertThat(packet.getIngestTimeMillis()).isNull();
        ByteBuffer view = PackedEvents.view(packet.getEvents());
        assertThat(PackedEvents.dtMicros(view, 0)).isEqualTo(10);
        assertThat(PackedEvents.x(view, 0)).isEqualTo(3);
        assertThat(PackedEvents.y(view, 0)).isEqualTo(4);
        assertThat(PackedEvents.on(view, 0)).isTrue();
        // and our encoder writes exactly these bytes
        assertThat(SingleObjectCodec.of(EventPacket.class).encode(packet)).isEqualTo(message);
    }
}
